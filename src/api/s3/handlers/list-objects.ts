/** ListObjectsV2 and ListObjects (V1): the query parameters and the XML of each, over listing.ts. */
import type { Handler, S3Call } from '../context.js';
import { S3Error } from '../errors.js';
import { listPage, type ListedFile, type ListPage } from '../listing.js';
import { S3_NAMESPACE, xmlDocument, type XmlNode } from '../xml.js';
import { etagOf } from './attrs.js';
import { bucketOf } from './buckets.js';
import { isoDate, quoted, sendXml } from './respond.js';

const MAX_KEYS = 1000;

interface Common {
  prefix: string;
  delimiter: string | undefined;
  maxKeys: number;
  encode: (s: string) => string;
}

function commonParams(call: S3Call): Common {
  const raw = call.query.get('max-keys');
  const maxKeys = raw === undefined ? MAX_KEYS : Number(raw);
  if (!Number.isInteger(maxKeys) || maxKeys < 0) throw new S3Error('InvalidArgument', 'max-keys must be a non-negative integer');
  const encodingType = call.query.get('encoding-type');
  if (encodingType !== undefined && encodingType !== 'url') throw new S3Error('InvalidArgument', 'encoding-type may only be "url"');
  // encoding-type=url: names go out percent-encoded, '/' kept, as S3 does.
  const encode = encodingType === 'url' ? (s: string) => encodeURIComponent(s).replace(/%2F/g, '/') : (s: string) => s;
  const delimiter = call.query.get('delimiter');
  return { prefix: call.query.get('prefix') ?? '', delimiter: delimiter === '' ? undefined : delimiter, maxKeys: Math.min(maxKeys, MAX_KEYS), encode };
}

function page(call: S3Call, common: Common, after: string): ListPage {
  const { files } = call.deps.pools;
  return listPage((from, start, limit) => files.filesFrom(bucketOf(call), from, start, limit, call.actor), { ...common, after });
}

function body(call: S3Call, common: Common, result: ListPage): XmlNode[] {
  const { files } = call.deps.pools;
  const object = (f: ListedFile): XmlNode => ['Contents', [
    ['Key', common.encode(f.path)],
    ['LastModified', isoDate(f.mtime)],
    ['ETag', quoted(etagOf(f, files.attrsOf(f)))],
    ['Size', f.size],
    ['StorageClass', 'STANDARD'],
  ]];
  return [
    ['Name', bucketOf(call)],
    ['Prefix', common.encode(common.prefix)],
    common.delimiter === undefined ? undefined : ['Delimiter', common.encode(common.delimiter)],
    ['MaxKeys', common.maxKeys],
    ['IsTruncated', result.truncated],
    call.query.get('encoding-type') === 'url' ? ['EncodingType', 'url'] : undefined,
    ...result.contents.map(object),
    ...result.commonPrefixes.map((p): XmlNode => ['CommonPrefixes', [['Prefix', common.encode(p)]]]),
  ];
}

export const listObjectsV2: Handler = async (call) => {
  const common = commonParams(call);
  const token = call.query.get('continuation-token');
  const startAfter = call.query.get('start-after') ?? '';
  const after = token === undefined ? startAfter : Buffer.from(token, 'base64url').toString('utf8');
  const result = page(call, common, after);
  return sendXml(call, xmlDocument('ListBucketResult', [
    ...body(call, common, result),
    ['KeyCount', result.contents.length + result.commonPrefixes.length],
    token === undefined ? undefined : ['ContinuationToken', token],
    result.truncated ? ['NextContinuationToken', Buffer.from(result.last!, 'utf8').toString('base64url')] : undefined,
    startAfter === '' ? undefined : ['StartAfter', common.encode(startAfter)],
  ], S3_NAMESPACE));
};

export const listObjects: Handler = async (call) => {
  const common = commonParams(call);
  const marker = call.query.get('marker') ?? '';
  const result = page(call, common, marker);
  return sendXml(call, xmlDocument('ListBucketResult', [
    ...body(call, common, result),
    ['Marker', common.encode(marker)],
    result.truncated ? ['NextMarker', common.encode(result.last!)] : undefined,
  ], S3_NAMESPACE));
};
