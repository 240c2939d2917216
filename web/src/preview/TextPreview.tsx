/**
 * Text as it is, preformatted, code coloured by its language; Markdown rendered. Only the first
 * TEXT_LIMIT bytes are read, and the preview says so when there was more. Markdown goes through
 * micromark, which escapes any raw HTML in it and drops javascript: links, and code through
 * highlight.js, which escapes the code it colours: what the file says cannot run in the page.
 */
import { formatSize } from '../format';
import { codeExtension } from './code-languages';
import { PreviewProblem } from './PreviewProblem';
import { type KindProps, type PreviewSource, readText, TEXT_LIMIT } from './source';
import { useLoaded } from './use-loaded';

/** The file as HTML when it is Markdown or code, else as plain text. */
async function render(source: PreviewSource, markdown: boolean, signal: AbortSignal): Promise<{ html: string } | { text: string }> {
  const content = await readText(source, signal);
  if (markdown) return { html: (await import('./markdown')).markdownToHtml(content) };
  const extension = codeExtension(source.name, source.size);
  return extension ? { html: (await import('./highlight')).highlightCode(content, extension) } : { text: content };
}

export function TextPreview({ source, markdown = false }: KindProps & { markdown?: boolean }) {
  const text = useLoaded((signal) => render(source, markdown, signal), [source.content, markdown]);
  if (text.state === 'loading') return <p class="loading">Loading…</p>;
  if (text.state === 'failed') return <PreviewProblem message={`This file cannot be shown: ${text.message}.`} />;
  return (
    <div class="preview-text" tabIndex={0} role="region" aria-label={`Content of ${source.name}`}>
      {source.size > TEXT_LIMIT && <p class="notice">Showing the first {formatSize(TEXT_LIMIT)} of {formatSize(source.size)}. Download the file to see all of it.</p>}
      {markdown && 'html' in text.value && <article class="markdown" dangerouslySetInnerHTML={{ __html: text.value.html }} />}
      {!markdown && 'html' in text.value && <pre><code class="hljs" dangerouslySetInnerHTML={{ __html: text.value.html }} /></pre>}
      {'text' in text.value && <pre>{text.value.text}</pre>}
    </div>
  );
}
