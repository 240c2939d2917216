/**
 * The pieces of AWS Signature Version 4 that both sides compute the same way: the canonical
 * request, the string to sign and the signing key. Follows "Create a signed AWS API request"
 * (AWS IAM User Guide, Signature Version 4) and the S3 specifics of "Authenticating Requests
 * (AWS Signature Version 4)" in the Amazon S3 API Reference.
 */
import { createHash, createHmac } from 'node:crypto';

export const ALGORITHM = 'AWS4-HMAC-SHA256';
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function hmac(key: Uint8Array | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/**
 * URI-encodes as SigV4 asks: every byte except the unreserved characters A-Z a-z 0-9 - . _ ~ as
 * %XY with upper-case hex; '/' kept only in paths (S3 object keys are encoded once, not twice).
 */
export function uriEncode(value: string, keepSlash: boolean): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-._~]/.test(c) || (keepSlash && c === '/')) out += c;
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The canonical URI of a decoded path ("/bucket/some key" → "/bucket/some%20key"). */
export function canonicalUri(decodedPath: string): string {
  return uriEncode(decodedPath, true);
}

/** Decoded query parameters in order, encoded and sorted by name, then by value. */
export function canonicalQuery(params: readonly (readonly [string, string])[]): string {
  return params
    .map(([k, v]) => [uriEncode(k, false), uriEncode(v, false)] as const)
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/** Header values trimmed, inner runs of spaces collapsed; several values joined with ','. */
export function canonicalHeaders(signed: readonly string[], get: (name: string) => string | undefined): string {
  return signed.map((name) => `${name}:${(get(name) ?? '').trim().replace(/ +/g, ' ')}\n`).join('');
}

export interface CanonicalParts {
  method: string;
  decodedPath: string;
  query: readonly (readonly [string, string])[];
  signedHeaders: readonly string[];
  header: (name: string) => string | undefined;
  payloadHash: string;
}

export function canonicalRequest(p: CanonicalParts): string {
  return [
    p.method,
    canonicalUri(p.decodedPath),
    canonicalQuery(p.query),
    canonicalHeaders(p.signedHeaders, p.header),
    p.signedHeaders.join(';'),
    p.payloadHash,
  ].join('\n');
}

export interface Scope {
  /** YYYYMMDD */
  date: string;
  region: string;
  service: string;
}

export function scopeString(s: Scope): string {
  return `${s.date}/${s.region}/${s.service}/aws4_request`;
}

export function stringToSign(amzDate: string, scope: Scope, canonical: string): string {
  return [ALGORITHM, amzDate, scopeString(scope), sha256Hex(canonical)].join('\n');
}

export function signingKey(secret: string, scope: Scope): Buffer {
  const kDate = hmac(`AWS4${secret}`, scope.date);
  const kRegion = hmac(kDate, scope.region);
  const kService = hmac(kRegion, scope.service);
  return hmac(kService, 'aws4_request');
}

export function signHex(key: Uint8Array, data: string): string {
  return hmac(key, data).toString('hex');
}
