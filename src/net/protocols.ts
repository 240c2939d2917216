/**
 * Kith's peer-to-peer protocols and their messages. Every connection between members starts with
 * hello, where each side proves its membership to the other; join is the only protocol a
 * non-member may open, and only to hand in an invite.
 */
import { z } from 'zod';
import {
  gatewayListSchema,
  inviteIdSchema,
  inviteRecordSchema,
  membershipSchema,
  networkDescriptorSchema,
  peerRecordSchema,
  revocationSchema,
} from '../identity/index.js';

export const HELLO = '/kith/hello/1';
export const JOIN = '/kith/join/1';
/** Joining a hidden network with its name and password: an OPAQUE login, then the join answer. */
export const JOIN_PASSWORD = '/kith/join-password/1';
/** A newer signed gateway list, pushed to members (they also get it in every hello). */
export const GATEWAYS = '/kith/gateways/1';
/** A signed revocation, pushed to members (they also get every one in each hello). */
export const REVOCATIONS = '/kith/revocations/1';
/** Admin-signed invite records, pushed to gateways so that any of them can admit. */
export const INVITES = '/kith/invites/1';
/** A membership just signed: an admission (gateways count the invite's uses) or a role grant. */
export const MEMBERSHIPS = '/kith/memberships/1';
/** A member's new signed peer record (its role request or addresses changed). */
export const PEERS = '/kith/peers/1';
/** The network map: address records exchanged with gateways, which pass on what is new (peer-map.ts). */
export const PEER_MAP = '/kith/peer-map/1';

export const invitesMessage = z.array(inviteRecordSchema).max(1000);

export const errorReply = z.object({ error: z.object({ code: z.string(), message: z.string().max(500) }) });

export const helloMessage = z.object({
  membership: membershipSchema,
  peerRecord: peerRecordSchema.optional(),
  gatewayList: gatewayListSchema.optional(),
  revocations: z.array(revocationSchema).max(10_000).optional(),
});
export type HelloMessage = z.infer<typeof helloMessage>;
export const helloReply = z.union([helloMessage, errorReply]);

export const joinRequest = z.object({
  invite: inviteIdSchema,
  secret: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  addrs: z.array(z.string().max(256)).max(16),
});

export type JoinRequest = z.infer<typeof joinRequest>;

const joinAnswer = z.object({
  descriptor: networkDescriptorSchema,
  membership: membershipSchema,
  gatewayList: gatewayListSchema,
  peerRecords: z.array(peerRecordSchema).max(1000),
});
export type JoinAnswer = z.infer<typeof joinAnswer>;
export const joinReply = z.union([joinAnswer, errorReply]);

const opaqueMessage = z.string().regex(/^[A-Za-z0-9_-]{1,1024}$/);

export const passwordJoinStart = z.object({ network: z.string().min(1).max(64), request: opaqueMessage });
export const passwordJoinChallenge = z.union([z.object({ response: opaqueMessage }), errorReply]);
export const passwordJoinFinish = z.object({
  finish: opaqueMessage,
  /** joinProof: binds the login to this connection's two node ids. */
  proof: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  addrs: joinRequest.shape.addrs,
});

export function refusal(code: string, message: string): z.infer<typeof errorReply> {
  return { error: { code, message } };
}
