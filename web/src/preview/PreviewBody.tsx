/** The preview of one file, by its kind; what cannot be shown says so and offers the download. */
import type { JSX } from 'preact';
import { ImagePreview } from './ImagePreview';
import { MediaPreview } from './MediaPreview';
import { ModelPreview } from './ModelPreview';
import { PdfPreview } from './PdfPreview';
import { previewKind, type KindProps, type PreviewKind } from './source';
import { TextPreview } from './TextPreview';

const BODIES: Record<Exclude<PreviewKind, 'none'>, (props: KindProps) => JSX.Element> = {
  image: ImagePreview,
  video: (props) => <MediaPreview {...props} kind="video" />,
  audio: (props) => <MediaPreview {...props} kind="audio" />,
  pdf: PdfPreview,
  markdown: (props) => <TextPreview {...props} markdown />,
  text: TextPreview,
  model: ModelPreview,
};

export function PreviewBody({ source, downloadUrl }: KindProps & { downloadUrl?: string }) {
  const kind = previewKind(source);
  if (kind === 'none') return <NoPreview name={source.name} downloadUrl={downloadUrl} />;
  const Body = BODIES[kind];
  return <Body source={source} />;
}

function NoPreview({ name, downloadUrl }: { name: string; downloadUrl?: string }) {
  return (
    <div class="preview-none">
      <p>There is no preview for this kind of file.</p>
      <a class="button primary" href={downloadUrl} download={name}>Download {name}</a>
    </div>
  );
}
