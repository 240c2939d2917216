/**
 * Checks a request's Signature Version 4, from the Authorization header ("Signature Calculations
 * for the Authorization Header") or from the query string of a presigned URL ("Authenticating
 * Requests: Using Query Parameters"). Returns what the body check needs: how the payload was
 * declared, and the key and seed signature that chain the signatures of aws-chunked payloads.
 */
import { timingSafeEqual } from 'node:crypto';
import { S3Error } from '../errors.js';
import { ALGORITHM, canonicalRequest, signHex, signingKey, stringToSign, type Scope } from './canonical.js';

export interface SignedRequest {
  method: string;
  /** The path exactly as sent, still percent-encoded. */
  rawPath: string;
  /** Query parameters, decoded, in the order sent. */
  query: readonly (readonly [string, string])[];
  header(name: string): string | undefined;
}

/** How the client declared the payload (x-amz-content-sha256). */
export type PayloadMode =
  | { kind: 'sha256'; hex: string }
  | { kind: 'unsigned' }
  | { kind: 'chunked-signed'; trailer: boolean }
  | { kind: 'chunked-unsigned-trailer' };

export interface VerifiedSignature {
  accessKeyId: string;
  payload: PayloadMode;
  amzDate: string;
  scope: Scope;
  key: Buffer;
  seedSignature: string;
}

/** The secret of an access key, or undefined if there is no such key. */
export type SecretLookup = (accessKeyId: string) => string | undefined;

const MAX_SKEW_MS = 15 * 60_000;
const MAX_PRESIGNED_SECONDS = 7 * 24 * 3600;

interface Claim {
  accessKeyId: string;
  scope: Scope;
  signedHeaders: string[];
  signature: string;
  amzDate: string;
  payloadHash: string;
  /** Query parameters that take part in the canonical request. */
  query: readonly (readonly [string, string])[];
}

export function isPresigned(req: SignedRequest): boolean {
  return req.query.some(([k]) => k === 'X-Amz-Signature');
}

export function verifySignature(req: SignedRequest, secretFor: SecretLookup, now: number): VerifiedSignature {
  const claim = isPresigned(req) ? presignedClaim(req, now) : headerClaim(req, now);
  const secret = secretFor(claim.accessKeyId);
  if (secret === undefined) throw new S3Error('InvalidAccessKeyId', 'the access key id you provided does not exist in our records');
  const key = signingKey(secret, claim.scope);
  const canonical = canonicalRequest({
    method: req.method,
    decodedPath: decodePath(req.rawPath),
    query: claim.query,
    signedHeaders: claim.signedHeaders,
    header: req.header,
    payloadHash: claim.payloadHash,
  });
  const expected = signHex(key, stringToSign(claim.amzDate, claim.scope, canonical));
  if (!sameHex(expected, claim.signature)) {
    throw new S3Error('SignatureDoesNotMatch', 'the request signature we calculated does not match the signature you provided; check your key and signing method');
  }
  return { accessKeyId: claim.accessKeyId, payload: payloadMode(claim.payloadHash), amzDate: claim.amzDate, scope: claim.scope, key, seedSignature: claim.signature };
}

function headerClaim(req: SignedRequest, now: number): Claim {
  const header = req.header('authorization') ?? '';
  if (!header.startsWith(`${ALGORITHM} `)) throw new S3Error('AuthorizationHeaderMalformed', `only ${ALGORITHM} (Signature Version 4) is supported`);
  const fields = new Map(
    header
      .slice(ALGORITHM.length + 1)
      .split(',')
      .map((part) => part.trim().split('=', 2) as [string, string | undefined]),
  );
  const credential = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!credential || !signedHeaders || !signature) throw new S3Error('AuthorizationHeaderMalformed', 'the authorization header is malformed');
  const amzDate = req.header('x-amz-date') ?? '';
  const at = parseAmzDate(amzDate, 'AuthorizationHeaderMalformed');
  if (Math.abs(now - at) > MAX_SKEW_MS) throw new S3Error('RequestTimeTooSkewed', 'the difference between the request time and the server time is too large');
  const payloadHash = req.header('x-amz-content-sha256');
  if (!payloadHash) throw new S3Error('InvalidRequest', 'missing required header for this request: x-amz-content-sha256');
  return { ...parseCredential(credential, amzDate, 'AuthorizationHeaderMalformed'), signedHeaders: signedHeaders.split(';'), signature, amzDate, payloadHash, query: req.query };
}

function presignedClaim(req: SignedRequest, now: number): Claim {
  const q = new Map(req.query);
  if (q.get('X-Amz-Algorithm') !== ALGORITHM) throw new S3Error('AuthorizationQueryParametersError', `X-Amz-Algorithm must be ${ALGORITHM}`);
  const credential = q.get('X-Amz-Credential');
  const signedHeaders = q.get('X-Amz-SignedHeaders');
  const amzDate = q.get('X-Amz-Date') ?? '';
  const expires = Number(q.get('X-Amz-Expires'));
  if (!credential || !signedHeaders || !Number.isInteger(expires) || expires < 1 || expires > MAX_PRESIGNED_SECONDS) {
    throw new S3Error('AuthorizationQueryParametersError', 'X-Amz-Credential, X-Amz-SignedHeaders and X-Amz-Expires (1 to 604800) are required');
  }
  const at = parseAmzDate(amzDate, 'AuthorizationQueryParametersError');
  if (now > at + expires * 1000) throw new S3Error('AccessDenied', 'request has expired');
  if (now < at - MAX_SKEW_MS) throw new S3Error('AccessDenied', 'request is not valid yet');
  return {
    ...parseCredential(credential, amzDate, 'AuthorizationQueryParametersError'),
    signedHeaders: signedHeaders.split(';'),
    signature: q.get('X-Amz-Signature')!,
    amzDate,
    // A presigned URL cannot know its payload unless it says so.
    payloadHash: q.get('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD',
    query: req.query.filter(([k]) => k !== 'X-Amz-Signature'),
  };
}

type MalformedCode = 'AuthorizationHeaderMalformed' | 'AuthorizationQueryParametersError';

/** "AKID/20130524/us-east-1/s3/aws4_request"; the scope's date must be the request's. */
function parseCredential(credential: string, amzDate: string, code: MalformedCode): { accessKeyId: string; scope: Scope } {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request') throw new S3Error(code, 'the credential is malformed');
  const [accessKeyId, date, region, service] = parts as [string, string, string, string];
  if (date !== amzDate.slice(0, 8)) throw new S3Error(code, 'the credential date does not match the request date');
  if (service !== 's3') throw new S3Error(code, `the credential is for service "${service}", not "s3"`);
  return { accessKeyId, scope: { date, region, service } };
}

/** ISO 8601 basic format, "20130524T000000Z". */
function parseAmzDate(value: string, code: MalformedCode): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) throw new S3Error(code, 'X-Amz-Date must be in the form YYYYMMDDTHHMMSSZ');
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  return Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
}

function payloadMode(hash: string): PayloadMode {
  switch (hash) {
    case 'UNSIGNED-PAYLOAD':
      return { kind: 'unsigned' };
    case 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD':
      return { kind: 'chunked-signed', trailer: false };
    case 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER':
      return { kind: 'chunked-signed', trailer: true };
    case 'STREAMING-UNSIGNED-PAYLOAD-TRAILER':
      return { kind: 'chunked-unsigned-trailer' };
    default:
      if (!/^[0-9a-f]{64}$/.test(hash)) throw new S3Error('InvalidArgument', `unsupported x-amz-content-sha256 value "${hash}"`);
      return { kind: 'sha256', hex: hash };
  }
}

/** Each segment decoded once, as the client had it before it encoded the URL. */
function decodePath(rawPath: string): string {
  try {
    return rawPath.split('/').map(decodeURIComponent).join('/');
  } catch {
    throw new S3Error('InvalidURI', 'the request path is not valid percent-encoding');
  }
}

function sameHex(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
