/**
 * The records that make a network: its descriptor (whose hash is the network id, so the founder's
 * key is bound to the id and an invite cannot lie about it), membership certificates signed by an
 * admin or by a gateway the admin listed, node-signed peer address records, and the admin-signed
 * gateway list. Each has a zod schema, because every one of them arrives from the network and is
 * checked before it is used.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson, hasValidSignature } from './signed.js';

export const ROLES = ['gateway', 'node', 'client'] as const;
export type Role = (typeof ROLES)[number];

const ROLE_RANK: Record<Role, number> = { client: 0, node: 1, gateway: 2 };

/** The lesser of two roles (client < node < gateway). */
export function lowerRole(a: Role, b: Role): Role {
  return ROLE_RANK[a] <= ROLE_RANK[b] ? a : b;
}

/** Whether `a` ranks above `b`. */
export function isAbove(a: Role, b: Role): boolean {
  return ROLE_RANK[a] > ROLE_RANK[b];
}

export const networkIdSchema = z.string().regex(/^[0-9a-f]{32}$/, 'not a network id');
export const nodeIdSchema = z.string().regex(/^12D3KooW[1-9A-HJ-NP-Za-km-z]{44}$/, 'not an Ed25519 node id');
const signature = z.string().regex(/^[A-Za-z0-9_-]{86}$/, 'not an Ed25519 signature');
/** A multiaddr string; parsed and dialled only by the net layer. */
const address = z.string().min(1).max(256);
export const inviteIdSchema = z.string().regex(/^[A-Za-z0-9_-]{16}$/, 'not an invite id');

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

export const membershipSchema = signedSchema(
  z.object({
    network: networkIdSchema,
    node: nodeIdSchema,
    /** The highest role an admin allows this member; it may ask for less (its peer record). */
    role: z.enum(ROLES),
    admin: z.boolean(),
    issuedAt: z.number().int().nonnegative(),
    /** 0: never expires. */
    expiresAt: z.number().int().nonnegative(),
    /** The invite it was admitted with, so every gateway can count the invite's uses. */
    invite: inviteIdSchema.optional(),
  }),
).extend({
  /**
   * For a membership signed by a gateway rather than an admin: an admin-signed gateway list that
   * names the signer, which is the admin's delegation of admission to it. Itself signed, so it
   * needs no cover from the membership's signature.
   */
  grant: gatewayListSchema.optional(),
});
export type Membership = z.infer<typeof membershipSchema>;

export const peerRecordSchema = signedSchema(
  z.object({
    network: networkIdSchema,
    node: nodeIdSchema,
    /** Grows with every change; a record replaces another only with a higher sequence number. */
    seq: z.number().int().nonnegative(),
    addrs: z.array(address).max(16),
    /** The role this node asks for (`kith role set`); absent: the role its membership allows. */
    role: z.enum(ROLES).optional(),
  }),
);
export type PeerRecord = z.infer<typeof peerRecordSchema>;

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

function isAdminOf(network: NetworkView, node: string): boolean {
  return node === network.founder || network.isAdmin(node);
}

/** Checks that `cert` makes `node` a member of `network` right now. */
export function checkMembership(cert: Membership, node: string, network: NetworkView): Refusal {
  const { body } = cert;
  if (body.network !== network.id) return 'membership is for another network';
  if (body.node !== node) return `membership names ${body.node}, not the connecting node`;
  if (!hasValidSignature('membership', cert)) return 'membership signature is invalid';
  if (!isAdminOf(network, cert.signer)) {
    const reason = checkAdmissionGrant(cert, network);
    if (reason !== undefined) return reason;
  }
  if (body.expiresAt !== 0 && body.expiresAt <= network.now()) return 'membership has expired';
  if (network.isRevoked(body.node)) return 'membership was revoked';
  return undefined;
}

/**
 * A membership signed by a non-admin is valid only with a grant: an admin-signed gateway list of
 * this network that names the signer as a gateway. Revoking a gateway voids what it signed, since
 * its old grant would otherwise let it go on admitting.
 */
function checkAdmissionGrant(cert: Membership, network: NetworkView): Refusal {
  const { grant, signer } = cert;
  if (grant === undefined) return `membership signed by ${signer}, who is not an admin and shows no gateway grant`;
  if (checkGatewayList(grant, network, undefined) !== undefined) return `membership signed by ${signer}, whose gateway grant does not verify`;
  if (!grant.body.gateways.some((g) => g.node === signer)) return `membership signed by ${signer}, who is neither an admin nor a gateway of the grant`;
  if (cert.body.admin) return `membership signed by gateway ${signer} cannot make an admin`;
  if (network.isRevoked(signer)) return `membership signed by ${signer}, whose own membership was revoked`;
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
  if (!isAdminOf(network, list.signer)) return `gateway list signed by ${list.signer}, who is not an admin`;
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
  if (!isAdminOf(network, revocation.signer)) return `revocation signed by ${revocation.signer}, who is not an admin`;
  if (!hasValidSignature('revocation', revocation)) return 'revocation signature is invalid';
  return undefined;
}

/** OPAQUE's server setup and registration record for a network password (both base64url). */
export const networkPasswordSchema = z.object({
  /** ms since epoch: the newest password replaces the ones before it. */
  issuedAt: z.number().int().nonnegative(),
  setup: z.string().regex(/^[A-Za-z0-9_-]{1,1024}$/),
  registration: z.string().regex(/^[A-Za-z0-9_-]{1,1024}$/),
});
export type NetworkPassword = z.infer<typeof networkPasswordSchema>;

/**
 * An invite published to the gateways: the hash of its secret (never the secret), the role it
 * admits as, when it expires and how many nodes may join with it. Signed by the admin that issued
 * it, so any gateway can admit its holder once the admin is gone. A network password is an invite
 * too: its `password` part is what a gateway needs to run the OPAQUE login (network-password.ts)
 * for someone who knows the network's name and password, and its secret hash matches no secret.
 */
export const inviteRecordSchema = signedSchema(
  z.object({
    network: networkIdSchema,
    id: inviteIdSchema,
    secretHash: z.string().regex(/^[0-9a-f]{64}$/, 'not a SHA-256 hash'),
    role: z.enum(ROLES),
    /** ms since epoch; 0 = never. */
    expiresAt: z.number().int().nonnegative(),
    uses: z.number().int().min(1).max(1000),
    password: networkPasswordSchema.optional(),
    /** Set in the record an admin signs to take the invite back: from then on no gateway admits with it. */
    revokedAt: z.number().int().positive().optional(),
  }),
);
export type InviteRecord = z.infer<typeof inviteRecordSchema>;

/** Checks an invite record: signed by an admin, for this network. */
export function checkInviteRecord(record: InviteRecord, network: NetworkView): Refusal {
  if (record.body.network !== network.id) return 'invite record is for another network';
  if (!isAdminOf(network, record.signer)) return `invite record signed by ${record.signer}, who is not an admin`;
  if (!hasValidSignature('invite', record)) return 'invite record signature is invalid';
  return undefined;
}

/**
 * A member's role: the lower of what it asks for (its own peer record) and what an admin allows
 * (its membership). So a node can always step down by itself, and never up past its membership.
 */
export function effectiveRole(membership: Membership, requested: Role | undefined): Role {
  return requested === undefined ? membership.body.role : lowerRole(requested, membership.body.role);
}
