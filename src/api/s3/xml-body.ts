/**
 * XML in (DeleteObjects, CompleteMultipartUpload, notification configurations): fast-xml-parser
 * with its entity processing off, after refusing any document with a DTD, so that a body can never
 * make the parser expand entities or reach for external resources.
 */
import { XMLParser } from 'fast-xml-parser';
import { S3Error } from './errors.js';

const parser = new XMLParser({
  processEntities: false,
  ignoreDeclaration: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  // Entities are decoded here, and only the five XML predefines and character references.
  tagValueProcessor: (_name: string, value: string) => decodeEntities(value),
  // Elements that may repeat always come back as arrays, even when there is one.
  isArray: (name) => ['Object', 'Part', 'TopicConfiguration', 'QueueConfiguration', 'CloudFunctionConfiguration', 'Event', 'FilterRule'].includes(name),
});

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_m, ref: string) => {
    if (!ref.startsWith('#')) return PREDEFINED[ref]!;
    const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : '\uFFFD';
  });
}

/** Parses a request body; a DTD, or anything that is not XML, is MalformedXML. */
export function parseXml(body: string): Record<string, unknown> {
  if (/<!DOCTYPE|<!ENTITY/i.test(body)) throw new S3Error('MalformedXML', 'document type declarations are not accepted');
  try {
    const parsed = parser.parse(body, true) as unknown;
    if (typeof parsed !== 'object' || parsed === null) throw new Error('empty document');
    return parsed as Record<string, unknown>;
  } catch (err) {
    if (err instanceof S3Error) throw err;
    throw new S3Error('MalformedXML', 'the XML you provided was not well-formed');
  }
}
