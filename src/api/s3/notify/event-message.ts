/**
 * Changes as S3 event notification messages ("Event message structure", version 2.1, in the
 * Amazon S3 User Guide): Records[] with eventName, s3.bucket.name and s3.object.key (URL-encoded),
 * size, eTag, versionId and a sequencer that orders events on one key.
 */
import type { NotifyTarget } from '../../../meta/index.js';
import type { Change } from '../../../pool/index.js';

interface ObjectInfo {
  size: number;
  eTag: string;
  versionId: string;
}

interface Notice {
  eventName: string;
  key: string;
  object?: ObjectInfo;
}

/**
 * What a creation made. A write carries its size and manifest in the event itself, so it is
 * announced even if the file has changed or gone since; other creations describe the file now.
 */
function createdObject(change: Change): ObjectInfo | undefined {
  const { event, entry, attrs } = change;
  const current = entry?.kind === 'file' && entry.manifest !== undefined ? { size: entry.size, eTag: attrs?.etag ?? entry.manifest, versionId: entry.manifest } : undefined;
  if (event.type !== 'file.written') return current;
  const manifest = String(event.detail?.etag ?? '');
  if (current?.versionId === manifest) return current;
  return { size: Number(event.detail?.size ?? 0), eTag: manifest, versionId: manifest };
}

/** The S3 events one change makes: a move is a removal and a creation. */
function noticesOf(change: Change): Notice[] {
  const { event } = change;
  const path = event.path!;
  const object = createdObject(change);
  const created = (how: string): Notice[] => (object ? [{ eventName: `ObjectCreated:${how}`, key: path, object }] : []);
  switch (event.type) {
    case 'file.written':
    case 'trash.restored':
    case 'version.restored':
      return created('Put');
    case 'entry.copied':
      return created('Copy');
    case 'entry.moved':
      return [{ eventName: 'ObjectRemoved:Delete', key: String(event.detail?.from ?? '') }, ...created('Put')];
    case 'entry.trashed':
      return [{ eventName: 'ObjectRemoved:Delete', key: path }];
    default:
      return [];
  }
}

/** "s3:ObjectCreated:*" matches every creation; other names match exactly. */
export function wants(target: NotifyTarget, notice: Notice): boolean {
  const name = `s3:${notice.eventName}`;
  const event = target.events.some((e) => (e.endsWith(':*') ? name.startsWith(e.slice(0, -1)) : e === name));
  return event && notice.key.startsWith(target.prefix) && notice.key.endsWith(target.suffix);
}

/** S3 writes keys in events form-encoded: spaces as '+'. */
const eventKey = (key: string): string => encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');

export function renderChange(region: string): (change: Change, target: NotifyTarget) => string | undefined {
  return (change, target) => {
    const notices = noticesOf(change).filter((n) => wants(target, n));
    if (notices.length === 0) return undefined;
    const { event, pool } = change;
    const records = notices.map((n) => ({
      eventVersion: '2.1',
      eventSource: 'kith:s3',
      awsRegion: region,
      eventTime: new Date(event.at).toISOString(),
      eventName: n.eventName,
      userIdentity: { principalId: event.actor ?? '' },
      requestParameters: {},
      responseElements: {},
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: target.configId,
        bucket: { name: pool.name, ownerIdentity: { principalId: '' }, arn: `arn:aws:s3:::${pool.name}` },
        object: {
          key: eventKey(n.key),
          sequencer: event.seq.toString(16).toUpperCase().padStart(16, '0'),
          ...n.object,
        },
      },
    }));
    return JSON.stringify({ Records: records });
  };
}
