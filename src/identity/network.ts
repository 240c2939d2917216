/**
 * The records that make a network: its descriptor (whose hash is the network id, so the founder's
 * key is bound to the id and an invite cannot lie about it), membership certificates signed by an
 * admin, node-signed peer address records, and the admin-signed gateway list. Each has a zod
 * schema, because every one of them arrives from the network and is checked before it is used.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson, hasValidSignature } from './signed.js';

export const ROLES = ['gateway', 'node', 'client'] as const;
export type Role = (typeof ROLES)[number];

export const networkIdSchema = z.string().regex(/^[0-9a-f]{32}$/, 'not a network id');
export const nodeIdSchema = z.string().regex(/^12D3KooW[1-9A-HJ-NP-Za-km-z]{44}$/, 'not an Ed25519 node id');
const signature = z.string().regex(/^[A-Za-z0-9_-]{86}$/, 'not an Ed25519 signature');
/** A multiaddr string; parsed and dialled only by the net layer. */
const address = z.string().min(1).max(256);

export function signedSchema<T extends z.ZodTypeAny>(body: T) {
  return z.object({ body, signer: nodeIdSchema, signature });
}

export const networkDescriptorSchema = z.object({
  name: z.string().min(1).max(64),
  founder: nodeIdSchema,
  createdAt: z.number().int().nonnegative(),
});
export type NetworkDescriptor = z.infer<typeof networkDescriptorSchema>;

/** The network id: SHA-256 of the canonical descriptor, first 128 bits in hex. */
export function networkIdOf(descriptor: NetworkDescriptor): string {
  return createHash('sha256').update(canonicalJson(descriptor)).digest('hex').slice(0, 32);
}

export const membershipSchema = signedSchema(
  z.object({
    network: networkIdSchema,
    node: nodeIdSchema,
    role: z.enum(ROLES),
    admin: z.boolean(),
    issuedAt: z.number().int().nonnegative(),
    /** 0: never expires. */
    expiresAt: z.number().int().nonnegative(),
  }),
);
export type Membership = z.infer<typeof membershipSchema>;

export const peerRecordSchema = signedSchema(
  z.object({
    network: networkIdSchema,
    node: nodeIdSchema,
    /** Grows with every change; a record replaces another only with a higher sequence number. */
    seq: z.number().int().nonnegative(),
    addrs: z.array(address).max(16),
  }),
);
export type PeerRecord = z.infer<typeof peerRecordSchema>;

export const gatewaysSchema = z.array(z.object({ node: nodeIdSchema, addrs: z.array(address).min(1).max(16) })).max(64);
export type Gateways = z.infer<typeof gatewaysSchema>;

export const gatewayListSchema = signedSchema(
  z.object({
    network: networkIdSchema,
    seq: z.number().int().nonnegative(),
    gateways: gatewaysSchema,
  }),
);
export type GatewayList = z.infer<typeof gatewayListSchema>;

/** Why a record was refused, for the log line that says so; undefined when it is accepted. */
export type Refusal = string | undefined;

export interface NetworkView {
  id: string;
  founder: string;
  /** Admin node ids besides the founder, and whether a node's membership was revoked. */
  isAdmin(node: string): boolean;
  isRevoked(node: string): boolean;
  now(): number;
}

/** Checks that `cert` makes `node` a member of `network` right now. */
export function checkMembership(cert: Membership, node: string, network: NetworkView): Refusal {
  const { body } = cert;
  if (body.network !== network.id) return 'membership is for another network';
  if (body.node !== node) return `membership names ${body.node}, not the connecting node`;
  if (!hasValidSignature('membership', cert)) return 'membership signature is invalid';
  if (cert.signer !== network.founder && !network.isAdmin(cert.signer)) return `membership signed by ${cert.signer}, who is not an admin`;
  if (body.expiresAt !== 0 && body.expiresAt <= network.now()) return 'membership has expired';
  if (network.isRevoked(body.node)) return 'membership was revoked';
  return undefined;
}

/**
 * Checks an address record: only the node itself may sign its addresses, and only a newer record
 * (higher sequence number than `currentSeq`) replaces the one we have.
 */
export function checkPeerRecord(record: PeerRecord, networkId: string, currentSeq: number | undefined): Refusal {
  if (record.body.network !== networkId) return 'peer record is for another network';
  if (record.signer !== record.body.node) return `peer record for ${record.body.node} signed by ${record.signer}`;
  if (!hasValidSignature('peer-record', record)) return 'peer record signature is invalid';
  if (currentSeq !== undefined && record.body.seq <= currentSeq) return 'peer record is not newer than the one held';
  return undefined;
}

/** Checks a gateway list: signed by an admin, for this network, newer than the one held. */
export function checkGatewayList(list: GatewayList, network: NetworkView, currentSeq: number | undefined): Refusal {
  if (list.body.network !== network.id) return 'gateway list is for another network';
  if (list.signer !== network.founder && !network.isAdmin(list.signer)) return `gateway list signed by ${list.signer}, who is not an admin`;
  if (!hasValidSignature('gateway-list', list)) return 'gateway list signature is invalid';
  if (currentSeq !== undefined && list.body.seq <= currentSeq) return 'gateway list is not newer than the one held';
  return undefined;
}

export const revocationSchema = signedSchema(
  z.object({
    network: networkIdSchema,
    node: nodeIdSchema,
    at: z.number().int().nonnegative(),
  }),
);
export type Revocation = z.infer<typeof revocationSchema>;

/** Checks a revocation: signed by an admin, for this network. */
export function checkRevocation(revocation: Revocation, network: NetworkView): Refusal {
  if (revocation.body.network !== network.id) return 'revocation is for another network';
  if (revocation.signer !== network.founder && !network.isAdmin(revocation.signer)) return `revocation signed by ${revocation.signer}, who is not an admin`;
  if (!hasValidSignature('revocation', revocation)) return 'revocation signature is invalid';
  return undefined;
}
