/**
 * A picture: the node's 1024 px thumbnail first (small, cached), the original when zoomed to its
 * actual size, or at once for what a thumbnail would flatten (GIF animation, SVG). An SVG is only
 * ever shown through <img>, where its scripts do not run.
 */
import { useState } from 'preact/hooks';
import { PreviewProblem } from './PreviewProblem';
import { type KindProps, showsOriginal } from './source';
import { useContentUrl } from './use-loaded';

export function ImagePreview({ source }: KindProps) {
  const original = useContentUrl(source.content);
  const [useOriginal, setUseOriginal] = useState(showsOriginal(source.name) || !source.thumbnail);
  const [zoomed, setZoomed] = useState(false);
  const [failed, setFailed] = useState(false);
  const zoom = (on: boolean) => {
    setZoomed(on);
    if (on) setUseOriginal(true);
  };
  // A file the node cannot make a thumbnail of may still be one the browser can show.
  const onError = () => (useOriginal ? setFailed(true) : setUseOriginal(true));
  if (failed) return <PreviewProblem message="This picture cannot be shown here." />;

  return (
    <div class={zoomed ? 'preview-image zoomed' : 'preview-image'} data-own-arrows={zoomed || undefined}>
      <img src={useOriginal ? original : source.thumbnail} alt={source.name} onError={onError} onClick={() => zoom(!zoomed)} />
      <button type="button" class="preview-zoom" aria-pressed={zoomed} onClick={() => zoom(!zoomed)}>
        {zoomed ? 'Fit to window' : 'Actual size'}
      </button>
    </div>
  );
}
