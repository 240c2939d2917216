/**
 * Signed records: a JSON body, the node id of its signer, and an Ed25519 signature over the body's
 * canonical form (RFC 8785, so any implementation gets the same bytes) prefixed with the record's
 * kind, so a signature made for one kind of record can never pass as another.
 */
import canonicalizeModule from 'canonicalize';
import type { NodeKey } from './node-key.js';
import { verifyBySigner } from './node-key.js';

// A CommonJS module whose types declare an ES default export: at run time the default import is
// the function itself.
const canonicalize = canonicalizeModule as unknown as (input: unknown) => string | undefined;

export interface Signed<T> {
  body: T;
  /** Node id of the key that signed. */
  signer: string;
  /** base64url Ed25519 signature. */
  signature: string;
}

export type RecordKind = 'membership' | 'peer-record' | 'gateway-list' | 'network' | 'revocation' | 'invite' | 'file-record' | 'pool' | 'fault-report' | 'block-notice';

/** RFC 8785 canonical JSON: the same value always gives the same bytes. */
export function canonicalJson(value: unknown): string {
  const canonical = canonicalize(value);
  if (canonical === undefined) throw new TypeError('value is not JSON');
  return canonical;
}

function signedBytes(kind: RecordKind, body: unknown): Buffer {
  return Buffer.from(`kith/${kind}/1\n${canonicalJson(body)}`, 'utf8');
}

export function signRecord<T>(key: NodeKey, kind: RecordKind, body: T): Signed<T> {
  return { body, signer: key.nodeId, signature: key.sign(signedBytes(kind, body)).toString('base64url') };
}

/** Whether `record` carries a valid signature of its stated signer for this kind of record. */
export function hasValidSignature(kind: RecordKind, record: Signed<unknown>): boolean {
  if (typeof record.signer !== 'string' || typeof record.signature !== 'string') return false;
  const signature = Buffer.from(record.signature, 'base64url');
  if (signature.length !== 64) return false;
  return verifyBySigner(record.signer, signedBytes(kind, record.body), signature);
}
