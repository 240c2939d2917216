/**
 * Request bodies as a small namespace-resolved tree. The tokenizer is saxes (namespaces per XML
 * Namespaces 1.0, so an undeclared or emptied prefix is an error); on top of it we refuse any
 * document type declaration, which shuts out external entities (XXE) and entity expansion bombs
 * before they are read: saxes itself expands only the five predefined entities.
 */
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { InvalidInputError } from '../../core/errors.js';

export const DAV_NS = 'DAV:';

export interface XmlAttribute {
  ns: string;
  local: string;
  value: string;
}

export interface XmlElement {
  ns: string;
  local: string;
  attributes: XmlAttribute[];
  children: XmlNode[];
}

export type XmlNode = XmlElement | string;

export class MalformedXmlError extends InvalidInputError {}

export function parseXml(text: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  parser.on('doctype', () => {
    throw new MalformedXmlError('document type declarations are not accepted');
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    const element = toElement(tag);
    const parent = stack.at(-1);
    if (parent) parent.children.push(element);
    else root = element;
    if (!tag.isSelfClosing) stack.push(element);
  });
  parser.on('closetag', (tag: SaxesTagNS) => {
    if (!tag.isSelfClosing) stack.pop();
  });
  const onText = (text: string): void => void stack.at(-1)?.children.push(text);
  parser.on('text', onText);
  parser.on('cdata', onText);
  try {
    parser.write(text).close();
  } catch (err) {
    if (err instanceof MalformedXmlError) throw err;
    throw new MalformedXmlError(`malformed XML: ${(err as Error).message}`);
  }
  if (!root) throw new MalformedXmlError('malformed XML: no root element');
  return root;
}

function toElement(tag: SaxesTagNS): XmlElement {
  const attributes = Object.values(tag.attributes)
    .filter((a) => a.prefix !== 'xmlns' && a.name !== 'xmlns')
    .map((a) => ({ ns: a.uri, local: a.local, value: a.value }));
  return { ns: tag.uri, local: tag.local, attributes, children: [] };
}

export function isElement(node: XmlNode): node is XmlElement {
  return typeof node !== 'string';
}

export function childElements(element: XmlElement): XmlElement[] {
  return element.children.filter(isElement);
}

/** The first child in the DAV: namespace with this local name. */
export function davChild(element: XmlElement, local: string): XmlElement | undefined {
  return childElements(element).find((c) => c.ns === DAV_NS && c.local === local);
}

export function isDav(element: XmlElement, local: string): boolean {
  return element.ns === DAV_NS && element.local === local;
}
