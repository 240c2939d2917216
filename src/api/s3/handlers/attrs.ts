/**
 * Object attributes as S3 carries them in headers: Content-Type and user metadata
 * ("x-amz-meta-*", Amazon S3 User Guide, "Working with object metadata"), and the ETag.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Entry, ObjectAttrs } from '../../../meta/index.js';
import { S3Error } from '../errors.js';
import { quoted } from './respond.js';

const META_PREFIX = 'x-amz-meta-';
// "the user-defined metadata is limited to 2 KB in size"
const MAX_USER_META_BYTES = 2048;

export function attrsFromHeaders(request: FastifyRequest): Omit<ObjectAttrs, 'etag'> {
  const userMeta: Record<string, string> = {};
  let bytes = 0;
  for (const [name, value] of Object.entries(request.headers)) {
    if (!name.startsWith(META_PREFIX) || value === undefined) continue;
    const text = Array.isArray(value) ? value.join(',') : value;
    userMeta[name.slice(META_PREFIX.length)] = text;
    bytes += name.length - META_PREFIX.length + Buffer.byteLength(text);
  }
  if (bytes > MAX_USER_META_BYTES) throw new S3Error('InvalidArgument', 'your metadata headers exceed the maximum allowed metadata size (2 KB)');
  const type = request.headers['content-type'];
  return { contentType: type === undefined || type === '' ? undefined : type, userMeta };
}

/** The ETag S3 clients expect; content written through other doors has its manifest hash. */
export function etagOf(entry: Pick<Entry, 'manifest'>, attrs: ObjectAttrs | undefined): string {
  return attrs?.etag ?? entry.manifest ?? '';
}

export function setObjectHeaders(reply: FastifyReply, entry: Pick<Entry, 'manifest' | 'mtime' | 'size'>, attrs: ObjectAttrs | undefined): void {
  reply.header('etag', quoted(etagOf(entry, attrs)));
  reply.header('last-modified', new Date(entry.mtime).toUTCString());
  reply.header('content-type', attrs?.contentType ?? 'binary/octet-stream');
  reply.header('accept-ranges', 'bytes');
  // Versions are named by their content's manifest hash: stable while the version ages.
  if (entry.manifest) reply.header('x-amz-version-id', entry.manifest);
  for (const [name, value] of Object.entries(attrs?.userMeta ?? {})) reply.header(`${META_PREFIX}${name}`, value);
}

export function hexMd5(digest: Buffer): string {
  return digest.toString('hex');
}
