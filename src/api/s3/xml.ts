/** XML out: a tiny builder that escapes every text node. */

export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** A child element: [name, text], [name, children], or undefined to leave it out. */
export type XmlNode = readonly [string, string | number | boolean | readonly XmlNode[]] | undefined;

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function render(node: XmlNode): string {
  if (node === undefined) return '';
  const [name, value] = node;
  const inner = Array.isArray(value) ? (value as readonly XmlNode[]).map(render).join('') : escapeXml(String(value));
  return `<${name}>${inner}</${name}>`;
}

export function xmlDocument(root: string, children: readonly XmlNode[], namespace?: string): string {
  const ns = namespace === undefined ? '' : ` xmlns="${namespace}"`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root}${ns}>${children.map(render).join('')}</${root}>`;
}
