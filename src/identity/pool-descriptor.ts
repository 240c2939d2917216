/**
 * Pools as their creator announces them to the network: a descriptor signed by the creator's node,
 * carrying the pool's name, copy target and policies. Every member keeps the descriptors it has
 * verified and passes them on in its summaries.
 *
 * Visibility says who may find the pool:
 * - private: listed to every member of the network, and to nobody outside it;
 * - public: listed to every member too, and meant to be readable from outside later;
 * - hidden: listed to nobody. The descriptor carries a commitment (a hash of the network, the name
 *   and a secret) instead of the name, so a member without the name and the secret learns only
 *   that some pool exists; with both, any node finds it.
 * Upload says whose records the pool accepts: its owner's (the creator's node), every member's, or
 * also anonymous ones (records without an author user; see pool/upload-policy.ts).
 *
 * A descriptor from before policies existed has neither field: it means private, members. A new
 * descriptor leaves out the fields that have these default values, so that nodes which predate
 * policies still verify it; one with other values fails their check, which is the safe way round.
 */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { nodeIdSchema } from './network.js';
import { hasValidSignature, signRecord } from './signed.js';
import type { NodeKey } from './node-key.js';

export const VISIBILITIES = ['private', 'hidden', 'public'] as const;
export type Visibility = (typeof VISIBILITIES)[number];
export const UPLOAD_POLICIES = ['owner', 'members', 'anyone'] as const;
export type UploadPolicy = (typeof UPLOAD_POLICIES)[number];

export interface PoolPolicies {
  visibility: Visibility;
  upload: UploadPolicy;
}

const DEFAULT_POLICIES: PoolPolicies = { visibility: 'private', upload: 'members' };

// No defaults in the schema: a default would change the body and so break its signature.
const poolDescriptorBody = z.object({
  network: z.string().regex(/^[0-9a-f]{32}$/),
  uid: z.string().min(1).max(64),
  /** The pool's name; for a hidden pool, its commitment (see hiddenPoolCommitment). */
  name: z.string().min(1).max(255),
  creator: nodeIdSchema,
  copies: z.number().int().min(1).max(64),
  createdAt: z.number().int().nonnegative(),
  visibility: z.enum(VISIBILITIES).optional(),
  upload: z.enum(UPLOAD_POLICIES).optional(),
});
export type PoolDescriptorBody = z.infer<typeof poolDescriptorBody>;

export const poolDescriptorSchema = z.object({
  body: poolDescriptorBody,
  signer: nodeIdSchema,
  signature: z.string().regex(/^[A-Za-z0-9_-]{86}$/),
});
export type PoolDescriptor = z.infer<typeof poolDescriptorSchema>;

export interface PoolAnnouncement extends PoolPolicies {
  network: string;
  uid: string;
  name: string;
  copies: number;
  createdAt: number;
  /** Required for a hidden pool: what a member must know, beside the name, to find it. */
  secret?: string;
}

/** Signs the descriptor of a pool this node creates. */
export function signPoolDescriptor(key: NodeKey, pool: PoolAnnouncement): PoolDescriptor {
  const { secret, visibility, upload, ...fields } = pool;
  if (visibility === 'hidden' && secret === undefined) throw new TypeError('a hidden pool needs a secret');
  const body: PoolDescriptorBody = { ...fields, creator: key.nodeId };
  if (visibility === 'hidden') body.name = hiddenPoolCommitment(pool.network, pool.name, secret!);
  if (visibility !== DEFAULT_POLICIES.visibility) body.visibility = visibility;
  if (upload !== DEFAULT_POLICIES.upload) body.upload = upload;
  return signRecord(key, 'pool', body);
}

/** The pool's policies, with the defaults for a descriptor that predates them. */
export function policiesOf(descriptor: PoolDescriptor): PoolPolicies {
  return { visibility: descriptor.body.visibility ?? DEFAULT_POLICIES.visibility, upload: descriptor.body.upload ?? DEFAULT_POLICIES.upload };
}

/**
 * What a hidden pool's descriptor carries instead of its name. The network id is mixed in so the
 * same name and secret give another value on another network. A plain hash suffices because the
 * secret is the node's own 256 random bits (newPoolSecret), never a password a person chose.
 */
export function hiddenPoolCommitment(networkId: string, name: string, secret: string): string {
  return createHash('sha256').update(`kith/hidden-pool/1\n${networkId}\n${name}\n${secret}`).digest('hex');
}

export function newPoolSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Why a pool announcement is refused: only a member of this network may announce, for itself. */
export function checkPoolDescriptor(descriptor: PoolDescriptor, networkId: string): string | undefined {
  if (descriptor.body.network !== networkId) return 'pool is announced for another network';
  if (descriptor.signer !== descriptor.body.creator) return `pool of ${descriptor.body.creator} announced by ${descriptor.signer}`;
  if (!hasValidSignature('pool', descriptor)) return 'pool announcement signature is invalid';
  return undefined;
}
