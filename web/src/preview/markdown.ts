/** Markdown to HTML, loaded only when a Markdown file is previewed. micromark leaves raw HTML escaped unless told otherwise. */
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';

export function markdownToHtml(text: string): string {
  return micromark(text, { extensions: [gfm()], htmlExtensions: [gfmHtml()] });
}
