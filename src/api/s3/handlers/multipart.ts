/**
 * Multipart uploads ("Uploading and copying objects using multipart upload" in the Amazon S3 User
 * Guide). Parts are staged durably by the pool layer; CompleteMultipartUpload joins their chunk
 * lists into the file's manifest without reading a byte again (see pool/multipart.ts).
 */
import { createHash } from 'node:crypto';
import type { UploadPart } from '../../../meta/index.js';
import type { Handler, S3Call } from '../context.js';
import { S3Error } from '../errors.js';
import { readSmallBody } from '../payload.js';
import { parseXml } from '../xml-body.js';
import { S3_NAMESPACE, xmlDocument, type XmlNode } from '../xml.js';
import { attrsFromHeaders, hexMd5 } from './attrs.js';
import { bucketOf } from './buckets.js';
import { copySourceOf } from './copy-source.js';
import { findVersion, keyOf } from './objects.js';
import { isoDate, quoted, sendXml } from './respond.js';
import { parseRange } from '../../http-range.js';

// "Amazon S3 multipart upload limits": parts 1 to 10,000; all but the last at least 5 MiB.
const MAX_PART_NUMBER = 10_000;
export const MIN_PART_BYTES = 5 * 1024 * 1024;

const uploadIdOf = (call: S3Call): string => call.query.get('uploadId') ?? '';

function partNumberOf(call: S3Call): number {
  const n = Number(call.query.get('partNumber'));
  if (!Number.isInteger(n) || n < 1 || n > MAX_PART_NUMBER) throw new S3Error('InvalidArgument', `part number must be an integer from 1 to ${MAX_PART_NUMBER}`);
  return n;
}

/** The upload, or NoSuchUpload (also when it is for another key). */
function requireUpload(call: S3Call): ReturnType<S3Call['deps']['pools']['multipart']['get']> {
  try {
    const found = call.deps.pools.multipart.get(bucketOf(call), uploadIdOf(call), call.actor);
    if (found.upload.path !== keyOf(call).normalize('NFC')) throw new Error('another key');
    return found;
  } catch {
    throw new S3Error('NoSuchUpload', 'the specified multipart upload does not exist; it may have been aborted or completed');
  }
}

export const createMultipartUpload: Handler = async (call) => {
  const upload = await call.deps.pools.multipart.begin(bucketOf(call), keyOf(call), call.actor, attrsFromHeaders(call.request));
  return sendXml(call, xmlDocument('InitiateMultipartUploadResult', [['Bucket', bucketOf(call)], ['Key', keyOf(call)], ['UploadId', upload.uploadId]], S3_NAMESPACE));
};

async function storePart(call: S3Call, source: AsyncIterable<Uint8Array>, md5: () => string): Promise<UploadPart> {
  requireUpload(call);
  return call.deps.pools.multipart.putPart(bucketOf(call), uploadIdOf(call), partNumberOf(call), source, call.actor, { sizeHint: call.bodyLength, signal: call.signal, etag: md5 });
}

export const uploadPart: Handler = async (call) => {
  const part = await storePart(call, call.payload.bytes, () => hexMd5(call.payload.md5()));
  return call.reply.code(200).header('etag', quoted(part.etag)).send();
};

/** A part copied from (a byte range of) an existing object, streamed through the pool layer. */
export const uploadPartCopy: Handler = async (call) => {
  const source = copySourceOf(call);
  const version = findVersion(call, source.bucket, source.key, source.versionId);
  const rangeHeader = call.request.headers['x-amz-copy-source-range'];
  const range = rangeHeader === undefined ? undefined : parseRange(String(rangeHeader));
  if (rangeHeader !== undefined && range === undefined) throw new S3Error('InvalidArgument', 'x-amz-copy-source-range must be "bytes=first-last"');
  const opened = version.open(range, call.signal);
  const md5 = createHash('md5');
  async function* tapped(): AsyncGenerator<Uint8Array> {
    for await (const piece of opened.stream as AsyncIterable<Buffer>) {
      md5.update(piece);
      yield piece;
    }
  }
  let etag: string | undefined;
  const part = await storePart(call, tapped(), () => (etag ??= md5.digest('hex')));
  return sendXml(call, xmlDocument('CopyPartResult', [['LastModified', isoDate(part.createdAt)], ['ETag', quoted(part.etag)]], S3_NAMESPACE));
};

interface RequestedPart {
  partNumber: number;
  etag: string;
}

function requestedParts(xml: string): RequestedPart[] {
  const doc = parseXml(xml).CompleteMultipartUpload as { Part?: { PartNumber?: string; ETag?: string }[] } | undefined;
  const parts = (doc?.Part ?? []).map((p) => ({ partNumber: Number(p.PartNumber), etag: String(p.ETag ?? '').replace(/^"|"$/g, '') }));
  if (parts.length === 0 || parts.some((p) => !Number.isInteger(p.partNumber))) throw new S3Error('MalformedXML', 'the XML you provided did not list any parts');
  return parts;
}

/** The checks of "CompleteMultipartUpload", Errors: order, existence, ETags, sizes. */
function chooseParts(requested: readonly RequestedPart[], stored: readonly UploadPart[]): UploadPart[] {
  const byNumber = new Map(stored.map((p) => [p.partNumber, p]));
  return requested.map((r, i) => {
    if (i > 0 && r.partNumber <= requested[i - 1]!.partNumber) throw new S3Error('InvalidPartOrder', 'the list of parts was not in ascending order');
    const part = byNumber.get(r.partNumber);
    if (!part || part.etag !== r.etag) throw new S3Error('InvalidPart', `part ${r.partNumber} was not found or its ETag does not match`);
    if (i < requested.length - 1 && part.size < MIN_PART_BYTES) throw new S3Error('EntityTooSmall', `part ${r.partNumber} is smaller than the minimum of 5 MiB`);
    return part;
  });
}

/** "md5-of-md5s-N": the MD5 of the parts' binary MD5s, then "-" and the number of parts. */
export function multipartEtag(parts: readonly UploadPart[]): string {
  const md5 = createHash('md5');
  for (const p of parts) md5.update(Buffer.from(p.etag, 'hex'));
  return `${md5.digest('hex')}-${parts.length}`;
}

export const completeMultipartUpload: Handler = async (call) => {
  const { upload } = requireUpload(call);
  const requested = requestedParts(await readSmallBody(call.payload.bytes, 1024 * 1024));
  let etag = '';
  await call.deps.pools.multipart.complete(bucketOf(call), upload.uploadId, call.actor, (stored) => {
    const chosen = chooseParts(requested, stored);
    etag = multipartEtag(chosen);
    return chosen;
  }, { attrs: () => ({ etag, contentType: upload.contentType, userMeta: upload.userMeta }) });
  return sendXml(call, xmlDocument('CompleteMultipartUploadResult', [
    ['Location', `/${bucketOf(call)}/${keyOf(call)}`],
    ['Bucket', bucketOf(call)],
    ['Key', keyOf(call)],
    ['ETag', quoted(etag)],
  ], S3_NAMESPACE));
};

export const abortMultipartUpload: Handler = async (call) => {
  const { upload } = requireUpload(call);
  await call.deps.pools.multipart.abort(bucketOf(call), upload.uploadId, call.actor);
  return call.reply.code(204).send();
};

export const listParts: Handler = async (call) => {
  const { upload, parts } = requireUpload(call);
  const maxParts = Math.min(Number(call.query.get('max-parts') ?? 1000) || 1000, 1000);
  const marker = Number(call.query.get('part-number-marker') ?? 0) || 0;
  const after = parts.filter((p) => p.partNumber > marker);
  const page = after.slice(0, maxParts);
  const truncated = after.length > page.length;
  return sendXml(call, xmlDocument('ListPartsResult', [
    ['Bucket', bucketOf(call)],
    ['Key', keyOf(call)],
    ['UploadId', upload.uploadId],
    ['PartNumberMarker', marker],
    truncated ? ['NextPartNumberMarker', page.at(-1)!.partNumber] : undefined,
    ['MaxParts', maxParts],
    ['IsTruncated', truncated],
    ['StorageClass', 'STANDARD'],
    ...page.map((p): XmlNode => ['Part', [['PartNumber', p.partNumber], ['LastModified', isoDate(p.createdAt)], ['ETag', quoted(p.etag)], ['Size', p.size]]]),
  ], S3_NAMESPACE));
};

export const listMultipartUploads: Handler = async (call) => {
  const prefix = call.query.get('prefix') ?? '';
  const uploads = call.deps.pools.multipart.list(bucketOf(call), call.actor).filter((u) => u.path.startsWith(prefix)).slice(0, 1000);
  return sendXml(call, xmlDocument('ListMultipartUploadsResult', [
    ['Bucket', bucketOf(call)],
    ['KeyMarker', ''],
    ['UploadIdMarker', ''],
    ['Prefix', prefix],
    ['MaxUploads', 1000],
    ['IsTruncated', false],
    ...uploads.map((u): XmlNode => ['Upload', [['Key', u.path], ['UploadId', u.uploadId], ['StorageClass', 'STANDARD'], ['Initiated', isoDate(u.createdAt)]]]),
  ], S3_NAMESPACE));
};
