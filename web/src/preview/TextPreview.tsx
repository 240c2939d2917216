/**
 * Text as it is, preformatted; Markdown rendered. Only the first TEXT_LIMIT bytes are read, and
 * the preview says so when there was more. Markdown goes through micromark, which escapes any
 * raw HTML in it and drops javascript: links, so what the file says cannot run in the page.
 */
import { formatSize } from '../format';
import { PreviewProblem } from './PreviewProblem';
import { type KindProps, readText, TEXT_LIMIT } from './source';
import { useLoaded } from './use-loaded';

export function TextPreview({ source, markdown = false }: KindProps & { markdown?: boolean }) {
  const text = useLoaded(async (signal) => {
    const content = await readText(source, signal);
    return markdown ? (await import('./markdown')).markdownToHtml(content) : content;
  }, [source.content, markdown]);
  if (text.state === 'loading') return <p class="loading">Loading…</p>;
  if (text.state === 'failed') return <PreviewProblem message={`This file cannot be shown: ${text.message}.`} />;
  return (
    <div class="preview-text" tabIndex={0} role="region" aria-label={`Content of ${source.name}`}>
      {source.size > TEXT_LIMIT && <p class="notice">Showing the first {formatSize(TEXT_LIMIT)} of {formatSize(source.size)}. Download the file to see all of it.</p>}
      {markdown ? <article class="markdown" dangerouslySetInnerHTML={{ __html: text.value }} /> : <pre>{text.value}</pre>}
    </div>
  );
}
