/**
 * The x-amz-copy-source header of CopyObject and UploadPartCopy: "bucket/key" or "/bucket/key",
 * URL-encoded, optionally with "?versionId=…" ("CopyObject", Request Syntax).
 */
import type { S3Call } from '../context.js';
import { S3Error } from '../errors.js';

export interface CopySource {
  bucket: string;
  key: string;
  versionId: string | undefined;
}

export function copySourceOf(call: S3Call): CopySource {
  const header = String(call.request.headers['x-amz-copy-source'] ?? '');
  const [path = '', search] = header.split('?', 2);
  let decoded: string;
  try {
    decoded = decodeURIComponent(path).replace(/^\//, '');
  } catch {
    throw new S3Error('InvalidArgument', 'x-amz-copy-source is not valid percent-encoding');
  }
  const slash = decoded.indexOf('/');
  if (slash <= 0 || slash === decoded.length - 1) throw new S3Error('InvalidArgument', 'x-amz-copy-source must be "bucket/key"');
  const versionId = search === undefined ? undefined : new URLSearchParams(search).get('versionId') ?? undefined;
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1), versionId };
}
