/**
 * ListObjectVersions: the pool's versions of each key, newest first, the current one marked
 * IsLatest. A version's id is its content's manifest hash, stable while the version ages. Pages
 * are cut between keys (all versions of a key come on one page); deleted keys are in the pool's
 * trash, not listed here as delete markers.
 */
import type { Handler, S3Call } from '../context.js';
import { listPage, type ListedFile } from '../listing.js';
import { S3_NAMESPACE, xmlDocument, type XmlNode } from '../xml.js';
import { etagOf } from './attrs.js';
import { bucketOf } from './buckets.js';
import { isoDate, quoted, sendXml } from './respond.js';

function versionsOf(call: S3Call, file: ListedFile): XmlNode[] {
  const { files, versions } = call.deps.pools;
  const node = (v: { manifest: string | undefined; size: number; mtime: number }, latest: boolean): XmlNode => ['Version', [
    ['Key', file.path],
    ['VersionId', v.manifest ?? 'null'],
    ['IsLatest', latest],
    ['LastModified', isoDate(v.mtime)],
    ['ETag', quoted(etagOf(v, files.attrsOf({ fileUid: file.fileUid, manifest: v.manifest })))],
    ['Size', v.size],
    ['StorageClass', 'STANDARD'],
  ]];
  const older = versions.list(bucketOf(call), file.path, call.actor).filter((v) => v.manifest !== file.manifest);
  return [node(file, true), ...older.map((v) => node(v, false))];
}

export const listObjectVersions: Handler = async (call) => {
  const { files } = call.deps.pools;
  const prefix = call.query.get('prefix') ?? '';
  const delimiter = call.query.get('delimiter') || undefined;
  const keyMarker = call.query.get('key-marker') ?? '';
  const maxKeys = Math.min(Number(call.query.get('max-keys') ?? 1000) || 1000, 1000);
  const page = listPage((from, after, limit) => files.filesFrom(bucketOf(call), from, after, limit, call.actor), { prefix, delimiter, after: keyMarker, maxKeys });
  return sendXml(call, xmlDocument('ListVersionsResult', [
    ['Name', bucketOf(call)],
    ['Prefix', prefix],
    ['KeyMarker', keyMarker],
    ['VersionIdMarker', ''],
    ['MaxKeys', maxKeys],
    delimiter === undefined ? undefined : ['Delimiter', delimiter],
    ['IsTruncated', page.truncated],
    page.truncated ? ['NextKeyMarker', page.last!] : undefined,
    ...page.contents.flatMap((f) => versionsOf(call, f)),
    ...page.commonPrefixes.map((p): XmlNode => ['CommonPrefixes', [['Prefix', p]]]),
  ], S3_NAMESPACE));
};
