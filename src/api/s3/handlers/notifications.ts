/**
 * PutBucketNotificationConfiguration and GetBucketNotificationConfiguration. Kith delivers to
 * webhooks: a TopicConfiguration (or Queue-/CloudFunctionConfiguration) whose Topic (Queue,
 * CloudFunction) is an http:// or https:// URL. Events: s3:ObjectCreated:* and s3:ObjectRemoved:*
 * (or their specific names); filters on key prefix and suffix as S3 has them.
 */
import { randomUUID } from 'node:crypto';
import type { NotifyTarget } from '../../../meta/index.js';
import type { Handler } from '../context.js';
import { S3Error } from '../errors.js';
import { readSmallBody } from '../payload.js';
import { parseXml } from '../xml-body.js';
import { S3_NAMESPACE, xmlDocument, type XmlNode } from '../xml.js';
import { bucketOf } from './buckets.js';
import { sendXml } from './respond.js';

interface TargetXml {
  Id?: string;
  Topic?: string;
  Queue?: string;
  CloudFunction?: string;
  Event?: string[];
  Filter?: { S3Key?: { FilterRule?: { Name?: string; Value?: string }[] } };
}

const KINDS = [['TopicConfiguration', 'Topic'], ['QueueConfiguration', 'Queue'], ['CloudFunctionConfiguration', 'CloudFunction']] as const;
const EVENT = /^s3:Object(Created|Removed):(\*|Put|Post|Copy|CompleteMultipartUpload|Delete|DeleteMarkerCreated)$/;

function targetOf(xml: TargetXml, field: 'Topic' | 'Queue' | 'CloudFunction'): NotifyTarget {
  const url = String(xml[field] ?? '');
  if (!/^https?:\/\/[^\s]+$/.test(url) || !URL.canParse(url)) throw new S3Error('InvalidArgument', `the ${field} of a notification must be an http(s) URL (a webhook), not "${url}"`);
  const events = (xml.Event ?? []).map(String);
  if (events.length === 0 || !events.every((e) => EVENT.test(e))) throw new S3Error('InvalidArgument', 'events must be s3:ObjectCreated:* or s3:ObjectRemoved:* (or one of their kinds)');
  const rules = xml.Filter?.S3Key?.FilterRule ?? [];
  const rule = (name: string) => String(rules.find((r) => String(r.Name).toLowerCase() === name)?.Value ?? '');
  return { configId: xml.Id ? String(xml.Id) : randomUUID(), url, events, prefix: rule('prefix'), suffix: rule('suffix') };
}

export const putBucketNotification: Handler = async (call) => {
  const doc = parseXml(await readSmallBody(call.payload.bytes, 256 * 1024)).NotificationConfiguration as Record<string, TargetXml[] | undefined> | '' | undefined;
  const config = doc === '' || doc === undefined ? {} : doc;
  const targets = KINDS.flatMap(([element, field]) => (config[element] ?? []).map((t) => targetOf(t, field)));
  await call.deps.pools.notifications.setTargets(bucketOf(call), targets, call.actor);
  return call.reply.code(200).send();
};

export const getBucketNotification: Handler = async (call) => {
  const targets = call.deps.pools.notifications.targets(bucketOf(call), call.actor);
  return sendXml(call, xmlDocument('NotificationConfiguration', targets.map((t): XmlNode => ['TopicConfiguration', [
    ['Id', t.configId],
    ['Topic', t.url],
    ...t.events.map((e): XmlNode => ['Event', e]),
    t.prefix || t.suffix ? ['Filter', [['S3Key', [['FilterRule', [['Name', 'prefix'], ['Value', t.prefix]]], ['FilterRule', [['Name', 'suffix'], ['Value', t.suffix]]]]]]] : undefined,
  ]]), S3_NAMESPACE));
};
