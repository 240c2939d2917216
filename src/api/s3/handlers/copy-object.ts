/**
 * CopyObject: within the node no byte is copied — the pool layer adds a reference to the same
 * content. The metadata is the source's (x-amz-metadata-directive COPY, the default) or the
 * request's (REPLACE), which is also how clients change an object's metadata in place.
 */
import { normalizePath } from '../../../core/names.js';
import type { ObjectAttrs } from '../../../meta/index.js';
import type { Handler } from '../context.js';
import { S3Error } from '../errors.js';
import { S3_NAMESPACE, xmlDocument } from '../xml.js';
import { attrsFromHeaders, etagOf } from './attrs.js';
import { bucketOf } from './buckets.js';
import { copySourceOf } from './copy-source.js';
import { findVersion, keyOf } from './objects.js';
import { isoDate, quoted, sendXml } from './respond.js';

export const copyObject: Handler = async (call) => {
  const { files, tree } = call.deps.pools;
  const source = copySourceOf(call);
  const version = findVersion(call, source.bucket, source.key, source.versionId);
  const sourceAttrs = files.attrsOf(version.entry);
  const etag = etagOf(version.entry, sourceAttrs);
  const replace = call.request.headers['x-amz-metadata-directive'] === 'REPLACE';
  const attrs: ObjectAttrs = replace ? { ...attrsFromHeaders(call.request), etag } : { etag, contentType: sourceAttrs?.contentType, userMeta: sourceAttrs?.userMeta ?? {} };
  const onItself = source.bucket === bucketOf(call) && normalizePath(source.key) === normalizePath(keyOf(call));
  if (onItself && !replace) {
    throw new S3Error('InvalidRequest', "this copy request is illegal because it is trying to copy an object to itself without changing the object's metadata");
  }
  if (version.entry.manifest !== files.stat(source.bucket, source.key, call.actor).manifest) {
    // An older version: its content is streamed into a new put.
    await files.put(bucketOf(call), keyOf(call), version.open(undefined, call.signal).stream, call.actor, { sizeHint: version.entry.size, signal: call.signal, attrs: () => attrs });
  } else {
    if (!onItself) await tree.copy(source.bucket, source.key, keyOf(call), call.actor, { overwrite: true, toPool: bucketOf(call) });
    await files.setAttrs(bucketOf(call), keyOf(call), attrs, call.actor);
  }
  const copied = files.stat(bucketOf(call), keyOf(call), call.actor);
  call.reply.header('x-amz-version-id', copied.manifest);
  return sendXml(call, xmlDocument('CopyObjectResult', [['LastModified', isoDate(copied.mtime)], ['ETag', quoted(etag)]], S3_NAMESPACE));
};
