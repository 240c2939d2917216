/**
 * Names of pools, users and paths inside a pool. Every path that reaches the store goes through
 * `normalizePath`, so the rest of the code can assume a canonical form: Unicode NFC, segments
 * joined by '/', no leading or trailing '/', no '.', '..' or empty segments. The root is ''.
 * Names are case-sensitive, as on the Unix file systems most nodes run on.
 */
import { BadNameError } from './errors.js';

/** Bytes of one segment: the common file-system limit (ext4, NTFS, APFS all allow 255). */
export const MAX_SEGMENT_BYTES = 255;
/** Bytes of a whole path: Linux PATH_MAX. */
export const MAX_PATH_BYTES = 4096;

// C0 and C1 control characters and DEL: invisible, break terminals and XML, and NUL truncates C strings.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/u;

export function normalizePath(input: string): string {
  if (input === '' || input === '/') return '';
  if (input.startsWith('/')) throw new BadNameError(`absolute paths are not allowed: "${printable(input)}"`);
  const trimmed = input.endsWith('/') ? input.slice(0, -1) : input;
  const path = trimmed.normalize('NFC');
  if (Buffer.byteLength(path) > MAX_PATH_BYTES) {
    throw new BadNameError(`path is longer than ${MAX_PATH_BYTES} bytes`);
  }
  for (const segment of path.split('/')) checkSegment(segment);
  return path;
}

/** Validates one file or folder name (no '/'). Returns it in NFC. */
export function normalizeName(input: string): string {
  const name = input.normalize('NFC');
  if (name.includes('/')) throw new BadNameError(`a name cannot contain "/": "${printable(name)}"`);
  checkSegment(name);
  return name;
}

function checkSegment(segment: string): void {
  if (segment === '') throw new BadNameError('empty path segment (double or leading "/")');
  if (segment === '.' || segment === '..') throw new BadNameError(`"${segment}" is not allowed in a path`);
  if (CONTROL_CHARS.test(segment)) {
    throw new BadNameError(`name contains a control character: "${printable(segment)}"`);
  }
  if (segment.includes('\\')) throw new BadNameError(`a name cannot contain "\\": "${printable(segment)}"`);
  if (Buffer.byteLength(segment) > MAX_SEGMENT_BYTES) {
    throw new BadNameError(`name is longer than ${MAX_SEGMENT_BYTES} bytes: "${segment.slice(0, 40)}…"`);
  }
}

export function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function joinPath(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}

/** Every ancestor folder of a path, outermost first; '' (the root) excluded. */
export function ancestorsOf(path: string): string[] {
  const parts = path.split('/');
  const out: string[] = [];
  for (let i = 1; i < parts.length; i++) out.push(parts.slice(0, i).join('/'));
  return out;
}

/** Splits "photos/2024/a.jpg" into "photos" + "2024/a.jpg": the CLI's POOL/PATH form. */
export function splitPoolPath(input: string): { pool: string; path: string } {
  const i = input.indexOf('/');
  const pool = i < 0 ? input : input.slice(0, i);
  const path = i < 0 ? '' : input.slice(i + 1);
  return { pool: normalizePoolName(pool), path: normalizePath(path) };
}

// Pools become S3 buckets: the same rules (lowercase letters, digits, '-' and '.', 3 to 63).
const POOL_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function normalizePoolName(input: string): string {
  if (!POOL_NAME.test(input) || input.includes('..')) {
    throw new BadNameError(
      `invalid pool name "${printable(input)}": use 3 to 63 lowercase letters, digits, "-" or ".", starting and ending with a letter or digit`,
    );
  }
  return input;
}

const USER_NAME = /^[a-z0-9][a-z0-9._-]{0,31}$/;

export function normalizeUserName(input: string): string {
  if (!USER_NAME.test(input)) {
    throw new BadNameError(
      `invalid user name "${printable(input)}": use 1 to 32 lowercase letters, digits, ".", "_" or "-", starting with a letter or digit`,
    );
  }
  return input;
}

/** Error messages show names with control characters escaped, so a hostile name cannot forge output. */
function printable(s: string): string {
  return JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}…` : s).slice(1, -1);
}
