/**
 * Response bodies. WebDAV answers are a handful of fixed shapes (multistatus, prop, error), so a
 * small writer that escapes every text and attribute value does the job without a dependency,
 * and lets stored property values (already-serialized fragments) be placed as they are. Every
 * element in DAV: uses the prefix D; any other element declares its own namespace, so fragments
 * from anywhere stay valid wherever they are placed.
 */
import { DAV_NS, isElement, type XmlElement, type XmlNode } from './xml-parse.js';

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** A DAV: element with text content (escaped), or empty. */
export function dav(local: string, inner = ''): string {
  return inner === '' ? `<D:${local}/>` : `<D:${local}>${inner}</D:${local}>`;
}

export function davText(local: string, text: string): string {
  return dav(local, escapeXml(text));
}

/** An element in any namespace, given its inner XML. */
export function element(ns: string, local: string, inner = ''): string {
  if (ns === DAV_NS) return dav(local, inner);
  const open = `${local} xmlns="${escapeXml(ns)}"`;
  return inner === '' ? `<${open}/>` : `<${open}>${inner}</${local}>`;
}

export function document(rootXml: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${rootXml.replace(/^<D:(\w+)/, '<D:$1 xmlns:D="DAV:"')}`;
}

/** Parsed nodes back to XML, every element self-contained in its namespaces (for dead properties and lock owners). */
export function serializeNodes(nodes: readonly XmlNode[]): string {
  return nodes.map((n) => (isElement(n) ? serializeElement(n) : escapeXml(n))).join('');
}

function serializeElement(e: XmlElement): string {
  const declarations: string[] = [`xmlns="${escapeXml(e.ns)}"`];
  const attributes = e.attributes.map((a, i) => {
    if (a.ns === '') return `${a.local}="${escapeXml(a.value)}"`;
    if (a.ns === XML_NS) return `xml:${a.local}="${escapeXml(a.value)}"`;
    declarations.push(`xmlns:a${i}="${escapeXml(a.ns)}"`);
    return `a${i}:${a.local}="${escapeXml(a.value)}"`;
  });
  const open = [e.local, ...declarations, ...attributes].join(' ');
  const inner = serializeNodes(e.children);
  return inner === '' ? `<${open}/>` : `<${open}>${inner}</${e.local}>`;
}
