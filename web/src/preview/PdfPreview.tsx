/**
 * A PDF, one page at a time on a canvas, with Previous/Next page; pdf.js loads on first use. The
 * page buttons stay focusable at the ends (aria-disabled), so the keyboard focus never drops out.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { PreviewProblem } from './PreviewProblem';
import type { KindProps } from './source';
import type { PdfDocument } from './pdf-document';
import { useLoaded } from './use-loaded';

/** The widest a page is drawn, in CSS pixels; narrower screens get their width. */
const MAX_PAGE_WIDTH = 900;

export function PdfPreview({ source }: KindProps) {
  const doc = useLoaded(async (signal) => (await import('./pdf-document')).openPdf(source, signal), [source.content]);
  if (doc.state === 'loading') return <p class="loading">Loading…</p>;
  if (doc.state === 'failed') return <PreviewProblem message={`This PDF cannot be shown: ${doc.message}.`} />;
  return <PdfPages doc={doc.value} name={source.name} />;
}

function PdfPages({ doc, name }: { doc: PdfDocument; name: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [page, setPage] = useState(1);
  const [text, setText] = useState<string>();
  const [problem, setProblem] = useState('');
  useEffect(() => () => void doc.destroy(), [doc]);
  useEffect(() => {
    let task: { cancel(): void } | undefined;
    const area = canvas.current!.parentElement!;
    setText(undefined);
    void import('./pdf-document')
      .then(({ renderPage }) => renderPage(doc, page, canvas.current!, Math.min(MAX_PAGE_WIDTH, area.clientWidth - 16), (t) => (task = t)))
      .then(setText, (err: Error) => err.name !== 'RenderingCancelledException' && setProblem(err.message));
    return () => task?.cancel();
  }, [doc, page]);

  const pages = doc.numPages;
  return (
    <div class="preview-pdf">
      <div class="preview-pdf-nav">
        <button type="button" aria-disabled={page <= 1} onClick={() => page > 1 && setPage(page - 1)}>Previous page</button>
        <span aria-live="polite">Page {page} of {pages}</span>
        <button type="button" aria-disabled={page >= pages} onClick={() => page < pages && setPage(page + 1)}>Next page</button>
      </div>
      {problem && <PreviewProblem message={`This page cannot be shown: ${problem}.`} />}
      <div class="preview-pdf-page">
        <canvas ref={canvas} role="img" aria-label={`Page ${page} of ${name}`} aria-describedby="preview-pdf-text" aria-busy={text === undefined} />
      </div>
      {/* The page's words, for screen readers: the canvas itself has none. */}
      <p id="preview-pdf-text" class="preview-unseen">{text}</p>
    </div>
  );
}
