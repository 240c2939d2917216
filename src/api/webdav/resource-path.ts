/**
 * Request-URIs and Destination headers to resources. `/dav/` is a collection of the pools the caller
 * may see; `/dav/<pool>/<path>` is a file or folder inside one. Segments are percent-decoded one by
 * one from the raw URI, so an encoded "/" ("%2F") cannot become a separator and an encoded ".."
 * ("%2e%2e") is refused like a plain one, by the same path rules as everywhere else.
 */
import { BadNameError, InvalidInputError, NotFoundError, UnreachableError } from '../../core/errors.js';
import { normalizePath, normalizePoolName, parentOf } from '../../core/names.js';

export const DAV_ROOT = '/dav';

export interface DavTarget {
  /** Undefined for `/dav/` itself. */
  pool: string | undefined;
  /** Inside the pool, normalized; '' is the pool's root folder. */
  path: string;
}

export function targetOfUri(rawUri: string): DavTarget {
  const query = rawUri.indexOf('?');
  const uri = query < 0 ? rawUri : rawUri.slice(0, query);
  if (uri !== DAV_ROOT && !uri.startsWith(`${DAV_ROOT}/`)) throw new NotFoundError(`"${uri}" is outside the WebDAV tree`);
  const rest = uri.slice(DAV_ROOT.length + 1);
  const segments = (rest.endsWith('/') ? rest.slice(0, -1) : rest).split('/').map(decodeSegment);
  if (segments.length === 1 && segments[0] === '') return { pool: undefined, path: '' };
  const [pool, ...path] = segments;
  return { pool: normalizePoolName(pool!), path: normalizePath(path.join('/')) };
}

function decodeSegment(segment: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    throw new BadNameError('invalid percent-encoding in the URL');
  }
  if (decoded.includes('/')) throw new BadNameError('a name cannot contain "/" (encoded as %2F)');
  if (decoded === '.' || decoded === '..') throw new BadNameError(`"${decoded}" is not allowed in a path`);
  return decoded;
}

/** The href of a resource, each segment percent-encoded; collections end with "/". */
export function hrefOf(target: DavTarget, isCollection: boolean): string {
  const segments = target.pool === undefined ? [] : [target.pool, ...(target.path === '' ? [] : target.path.split('/'))];
  const path = segments.map(encodeURIComponent).join('/');
  if (path === '') return `${DAV_ROOT}/`;
  return `${DAV_ROOT}/${path}${isCollection ? '/' : ''}`;
}

const ABSOLUTE = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)(.*)$/i;

/**
 * A Destination header (RFC 4918 §10.3) or an If header's resource tag: an absolute URI on this
 * server, or an absolute path. Another authority is refused with 502 (§9.8.5, §9.9.4).
 */
export function targetOfReference(reference: string, host: string | undefined): DavTarget {
  const m = ABSOLUTE.exec(reference.trim());
  if (!m) {
    if (!reference.startsWith('/')) throw new InvalidInputError(`"${reference}" is neither an absolute URI nor an absolute path`);
    return targetOfUri(reference);
  }
  if (host !== undefined && m[1]!.toLowerCase() !== host.toLowerCase()) {
    throw new UnreachableError(`"${reference}" is on another server`);
  }
  return targetOfUri(m[2] === '' ? '/' : m[2]!);
}

/** The collection a resource is a member of (a pool's root is its own). */
export function parentTarget(target: DavTarget): DavTarget {
  return { pool: target.pool, path: parentOf(target.path) };
}

/** Whether `inner` is `outer` or inside it. */
export function isWithin(inner: DavTarget, outer: DavTarget): boolean {
  if (outer.pool === undefined) return true;
  if (inner.pool !== outer.pool) return false;
  return outer.path === '' || inner.path === outer.path || inner.path.startsWith(`${outer.path}/`);
}
