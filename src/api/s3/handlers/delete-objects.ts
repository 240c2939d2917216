/** DeleteObjects: up to 1,000 keys in one request, each answered Deleted or Error ("DeleteObjects"). */
import type { Handler } from '../context.js';
import { S3Error, s3CodeOf } from '../errors.js';
import { readSmallBody } from '../payload.js';
import { parseXml } from '../xml-body.js';
import { S3_NAMESPACE, xmlDocument, type XmlNode } from '../xml.js';
import { bucketOf } from './buckets.js';
import { deleteKey } from './objects.js';
import { sendXml } from './respond.js';

const MAX_KEYS = 1000;

export const deleteObjects: Handler = async (call) => {
  const doc = parseXml(await readSmallBody(call.payload.bytes, 2 * 1024 * 1024)).Delete as { Object?: { Key?: string }[]; Quiet?: string } | undefined;
  const keys = (doc?.Object ?? []).map((o) => String(o.Key ?? ''));
  if (keys.length === 0 || keys.length > MAX_KEYS || keys.includes('')) throw new S3Error('MalformedXML', `name 1 to ${MAX_KEYS} keys to delete`);
  const quiet = doc?.Quiet === 'true';
  const results: XmlNode[] = [];
  for (const key of keys) {
    try {
      await deleteKey(call, bucketOf(call), key);
      if (!quiet) results.push(['Deleted', [['Key', key]]]);
    } catch (err) {
      results.push(['Error', [['Key', key], ['Code', s3CodeOf(err, { bucket: bucketOf(call), key })], ['Message', (err as Error).message]]]);
    }
  }
  return sendXml(call, xmlDocument('DeleteResult', results, S3_NAMESPACE));
};
