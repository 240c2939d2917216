/**
 * A decrypted file shown in the page from a Blob: images, video and audio through blob: URLs
 * (the only outside source the app's CSP allows them), text as text. It takes just a Blob and a
 * media type, so the general preview can take its place when it handles blobs.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';

/** Enough text to read; a larger text file is cut, and says so. */
const TEXT_PREVIEW_BYTES = 256 * 1024;
const isText = (type: string): boolean => type.startsWith('text/') || /^application\/(json|xml|javascript)/.test(type);

export function useObjectUrl(blob: Blob): string {
  const url = useMemo(() => URL.createObjectURL(blob), [blob]);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  return url;
}

function TextPreview({ blob, name }: { blob: Blob; name: string }) {
  const [text, setText] = useState<string>();
  useEffect(() => void blob.slice(0, TEXT_PREVIEW_BYTES).text().then(setText), [blob]);
  return (
    <>
      <pre class="secure-text" tabIndex={0} aria-label={`Contents of ${name}`}>{text ?? 'Loading…'}</pre>
      {blob.size > TEXT_PREVIEW_BYTES && <p class="muted">Only the beginning is shown.</p>}
    </>
  );
}

export function SecurePreview({ blob, type, name }: { blob: Blob; type: string; name: string }) {
  const url = useObjectUrl(blob);
  if (type.startsWith('image/')) return <img class="secure-media" src={url} alt={`Preview of ${name}`} />;
  if (type.startsWith('video/')) return <video class="secure-media" src={url} controls aria-label={`Video ${name}`} />;
  if (type.startsWith('audio/')) return <audio src={url} controls aria-label={`Audio ${name}`} />;
  if (isText(type)) return <TextPreview blob={blob} name={name} />;
  return <p class="muted">No preview for this kind of file.</p>;
}
