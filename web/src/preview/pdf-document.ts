/**
 * PDF through pdf.js, loaded only when a PDF is previewed. The node's content answers with a
 * sandbox CSP, so it cannot be framed: pages are drawn on a canvas here instead. The parser runs
 * in pdf.js's worker, served from the node like every other script (worker-src 'self'); eval is
 * off, since the page's CSP forbids it.
 */
import { getDocument, GlobalWorkerOptions, type PDFDocumentProxy, type RenderTask } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import type { PreviewSource } from './source';

GlobalWorkerOptions.workerSrc = workerUrl;

export type PdfDocument = PDFDocumentProxy;

export async function openPdf(source: PreviewSource, signal: AbortSignal): Promise<PdfDocument> {
  const bytes = typeof source.content === 'string' ? { url: source.content } : { data: new Uint8Array(await source.content.arrayBuffer()) };
  const task = getDocument({ ...bytes, isEvalSupported: false });
  signal.addEventListener('abort', () => void task.destroy());
  return task.promise;
}

/**
 * Draws page `number` (from 1) to fit `width` CSS pixels, sharp on dense screens; resolves with
 * the page's text, for screen readers. Cancel it by the returned task's cancel().
 */
export async function renderPage(doc: PdfDocument, number: number, canvas: HTMLCanvasElement, width: number, started: (task: RenderTask) => void): Promise<string> {
  const page = await doc.getPage(number);
  const natural = page.getViewport({ scale: 1 });
  const scale = width / natural.width;
  const viewport = page.getViewport({ scale: scale * devicePixelRatio });
  canvas.width = Math.floor(viewport.width);
  canvas.height = Math.floor(viewport.height);
  canvas.style.width = `${Math.floor(natural.width * scale)}px`;
  const task = page.render({ canvas, viewport });
  started(task);
  await task.promise;
  const text = await page.getTextContent();
  return text.items.map((item) => ('str' in item ? item.str : '')).join(' ').trim();
}
