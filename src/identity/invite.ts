/**
 * Invite codes: everything a new node needs to find and join a network, in one string a person
 * can paste or scan. The network descriptor lets the joiner check the network id itself; the
 * gateway list says whom to dial; the one-time secret, sent only inside the Noise-encrypted
 * connection to a gateway whose key the invite names, proves the invite was handed over.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { InvalidInputError } from '../core/errors.js';
import { gatewaysSchema, inviteIdSchema, networkDescriptorSchema, networkIdOf, ROLES, type Gateways, type NetworkDescriptor, type Role } from './network.js';

const PREFIX = 'kith1';
const URL_PREFIX = 'kith://join/';

const inviteSchema = z.object({
  network: networkDescriptorSchema,
  gateways: gatewaysSchema.min(1),
  /** Names the invite on the gateway; the secret is checked against its stored hash. */
  id: inviteIdSchema,
  secret: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  role: z.enum(ROLES),
});
export type Invite = z.infer<typeof inviteSchema>;

export function newInvite(network: NetworkDescriptor, gateways: Gateways, role: Role): Invite {
  return { network, gateways, id: newInviteId(), secret: randomBytes(32).toString('base64url'), role };
}

export function newInviteId(): string {
  return randomBytes(12).toString('base64url');
}

export function encodeInvite(invite: Invite): string {
  return PREFIX + Buffer.from(JSON.stringify(invite)).toString('base64url');
}

export function inviteUrl(code: string): string {
  return URL_PREFIX + code;
}

/** Parses a code or its URL form; a damaged or foreign code is an InvalidInputError. */
export function decodeInvite(text: string): Invite & { networkId: string } {
  const code = text.trim().replace(URL_PREFIX, '');
  if (!code.startsWith(PREFIX)) throw new InvalidInputError('not a Kith invite code');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(code.slice(PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    throw new InvalidInputError('invite code is damaged (not readable)');
  }
  const result = inviteSchema.safeParse(parsed);
  if (!result.success) throw new InvalidInputError(`invite code is damaged: ${result.error.issues[0]?.message ?? 'invalid'}`);
  return { ...result.data, networkId: networkIdOf(result.data.network) };
}
