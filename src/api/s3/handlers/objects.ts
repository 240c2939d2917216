/**
 * Objects are files: the key is the path. PutObject, GetObject, HeadObject and DeleteObject go
 * through the pool layer like every other write and read (verified, versioned, trashed,
 * replicated).
 */
import { createHash } from 'node:crypto';
import { NotFoundError } from '../../../core/errors.js';
import type { Entry } from '../../../meta/index.js';
import type { OpenedFile } from '../../../pool/index.js';
import { parseRange, type RequestedRange } from '../../http-range.js';
import { firstRead } from '../../rest/send-content.js';
import type { Handler, S3Call } from '../context.js';
import { S3Error } from '../errors.js';
import { readSmallBody } from '../payload.js';
import { attrsFromHeaders, etagOf, hexMd5, setObjectHeaders } from './attrs.js';
import { bucketOf } from './buckets.js';
import { evaluateConditions } from './conditions.js';
import { quoted } from './respond.js';

export const keyOf = (call: S3Call): string => call.route.key!;

const EMPTY_MD5 = createHash('md5').digest('hex');

export const putObject: Handler = async (call) => {
  const { files } = call.deps.pools;
  if (keyOf(call).endsWith('/')) return putFolderMarker(call);
  const attrs = attrsFromHeaders(call.request);
  const { entry } = await files.put(bucketOf(call), keyOf(call), call.payload.bytes, call.actor, {
    sizeHint: call.bodyLength,
    signal: call.signal,
    ifNoneMatch: call.request.headers['if-none-match']?.trim() === '*',
    attrs: () => ({ ...attrs, etag: hexMd5(call.payload.md5()) }),
  });
  return call.reply.code(200).header('etag', quoted(hexMd5(call.payload.md5()))).header('x-amz-version-id', entry.manifest).send();
};

/** "photos/" with no content: what consoles make for a folder. It becomes one. */
async function putFolderMarker(call: S3Call): Promise<unknown> {
  if ((await readSmallBody(call.payload.bytes, 0)) !== '') throw new S3Error('InvalidObjectName', 'a key ending in "/" names a folder and cannot have content');
  await call.deps.pools.files.mkdir(bucketOf(call), keyOf(call), call.actor, true);
  return call.reply.code(200).header('etag', quoted(EMPTY_MD5)).send();
}

interface ObjectVersion {
  entry: Entry;
  open(range: RequestedRange | undefined, signal: AbortSignal): OpenedFile;
}

/** The current version, or the one `versionId` (a manifest hash) names. */
export function findVersion(call: S3Call, bucket: string, key: string, versionId: string | undefined): ObjectVersion {
  const { files, versions } = call.deps.pools;
  const entry = files.stat(bucket, key, call.actor);
  if (entry.kind !== 'file') throw new NotFoundError(`"${key}" is a folder`);
  if (versionId === undefined || versionId === 'null' || versionId === entry.manifest) {
    return { entry, open: (range, signal) => files.open(bucket, key, call.actor, range, signal) };
  }
  const version = versions.list(bucket, key, call.actor).find((v) => v.manifest === versionId);
  if (!version) throw new S3Error('NoSuchVersion', 'the specified version does not exist');
  return {
    entry: { ...entry, size: version.size, mtime: version.mtime, manifest: version.manifest },
    open: (range, signal) => versions.open(bucket, key, version.id, call.actor, range, signal),
  };
}

async function getOrHead(call: S3Call, withBody: boolean): Promise<unknown> {
  const { entry, open } = findVersion(call, bucketOf(call), keyOf(call), call.query.get('versionId'));
  const attrs = call.deps.pools.files.attrsOf(entry);
  setObjectHeaders(call.reply, entry, attrs);
  if (evaluateConditions(call.request, etagOf(entry, attrs), entry.mtime) === 'not-modified') return call.reply.code(304).send();
  const opened = open(parseRange(call.request.headers.range), call.signal);
  const length = opened.range ? opened.range.end - opened.range.start + 1 : entry.size;
  if (opened.range) call.reply.code(206).header('content-range', `bytes ${opened.range.start}-${opened.range.end}/${entry.size}`);
  call.reply.header('content-length', String(length));
  if (!withBody) {
    opened.stream.destroy();
    return call.reply.send();
  }
  await firstRead(opened.stream);
  return call.reply.send(opened.stream);
}

export const getObject: Handler = (call) => getOrHead(call, true);
export const headObject: Handler = (call) => getOrHead(call, false);

/** Deleting what is not there succeeds, as in S3. A folder is never deleted through its key. */
export async function deleteKey(call: S3Call, bucket: string, key: string): Promise<void> {
  const { files, tree } = call.deps.pools;
  let entry: Entry;
  try {
    entry = files.stat(bucket, key, call.actor);
  } catch (err) {
    if (err instanceof NotFoundError) return;
    throw err;
  }
  if (entry.kind === 'dir' && (!key.endsWith('/') || files.list(bucket, key, call.actor, { sort: 'name', order: 'asc', limit: 1, offset: 0 }).total > 0)) return;
  await tree.delete(bucket, key, call.actor);
}

export const deleteObject: Handler = async (call) => {
  await deleteKey(call, bucketOf(call), keyOf(call));
  return call.reply.code(204).send();
};
