/**
 * Live properties (RFC 4918 §15, RFC 4331 §3): computed from the file record, the locks and the
 * quota, never stored. Each returns its inner XML, '' for a present but empty value, or undefined
 * where the property does not apply (a folder has no getcontentlength).
 */
import type { PoolQuota } from '../../pool/index.js';
import { mediaTypeOf } from '../media-type.js';
import type { DavLock, LockManager } from './lock-manager.js';
import type { Resource } from './resource.js';
import { hrefOf } from './resource-path.js';
import { dav, davText, escapeXml } from './xml-write.js';

export interface PropScope {
  locks: LockManager;
  /** Quota figures of a pool, with the disk's free space as the ceiling. */
  quotaOf(pool: string): PoolQuota;
}

type LiveProperty = (r: Resource, scope: PropScope) => string | undefined;

const fileOnly = (f: (r: Resource) => string): LiveProperty => (r) => (r.entry?.kind === 'file' ? f(r) : undefined);

const SUPPORTED_LOCK = ['exclusive', 'shared']
  .map((scope) => dav('lockentry', dav('lockscope', dav(scope)) + dav('locktype', dav('write'))))
  .join('');

export const LIVE_PROPERTIES: Record<string, LiveProperty> = {
  resourcetype: (r) => (r.isCollection ? dav('collection') : ''),
  displayname: (r) => escapeXml(r.entry ? r.entry.name || r.target.pool! : 'Kith'),
  getcontentlength: fileOnly((r) => String(r.entry!.size)),
  getcontenttype: fileOnly((r) => escapeXml(mediaTypeOf(r.entry!.name))),
  getetag: fileOnly((r) => escapeXml(`"${r.entry!.manifest}"`)),
  getlastmodified: (r) => (r.entry ? new Date(r.entry.mtime).toUTCString() : undefined),
  supportedlock: (r) => (r.target.pool === undefined ? undefined : SUPPORTED_LOCK),
  lockdiscovery: (r, scope) => scope.locks.covering(r.target).map((l) => activeLock(l, scope.locks)).join(''),
  'quota-used-bytes': (r, scope) => (r.target.pool === undefined ? undefined : String(scope.quotaOf(r.target.pool).usedBytes)),
  'quota-available-bytes': (r, scope) => {
    const available = r.target.pool === undefined ? undefined : scope.quotaOf(r.target.pool).availableBytes;
    return available === undefined ? undefined : String(available);
  },
};

/** RFC 4331 §3: the quota properties are left out of allprop, which clients ask for often. */
export const ALLPROP_EXCLUDED = new Set(['quota-used-bytes', 'quota-available-bytes']);

/** The DAV:activelock of a lock (§14.1), as in lockdiscovery and in a LOCK answer. */
export function activeLock(l: DavLock, locks: LockManager): string {
  return dav(
    'activelock',
    dav('locktype', dav('write')) +
      dav('lockscope', dav(l.scope)) +
      dav('depth', l.depth === 0 ? '0' : 'infinity') +
      (l.owner === '' ? '' : dav('owner', l.owner)) +
      dav('timeout', `Second-${locks.secondsLeft(l)}`) +
      dav('locktoken', davText('href', l.token)) +
      dav('lockroot', davText('href', hrefOf(l.root, l.rootIsCollection))),
  );
}
