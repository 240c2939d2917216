/**
 * Joining with an invite: the joiner dials the invite's gateways in turn and hands in the invite;
 * a gateway that admits it answers with the network's descriptor, the new membership, the gateway
 * list and the members' address records, all of which the joiner verifies before it keeps them.
 * The gateway side (serveJoins) is the only protocol a non-member may open.
 */
import type { Connection, Stream } from '@libp2p/interface';
import { multiaddr } from '@multiformats/multiaddr';
import type { z } from 'zod';
import { ForbiddenError, InvalidInputError, UnreachableError } from '../core/errors.js';
import { checkGatewayList, checkMembership, decodeInvite, networkIdOf } from '../identity/index.js';
import type { Admission } from './admission.js';
import { refuse } from './handshake.js';
import type { Host } from './host.js';
import type { NetworkState } from './network-state.js';
import { JOIN, joinReply, joinRequest } from './protocols.js';
import { messageChannel } from './wire.js';

type Invite = ReturnType<typeof decodeInvite>;

export interface JoinParts {
  host: Host;
  state: NetworkState;
  /** Where the gateway may reach this node. */
  listenAddrs(): string[];
}

/**
 * Joins the network of an invite through the first of its gateways that admits this node, and
 * returns that gateway. A gateway that refuses may only lack the invite's record yet, so the
 * others are asked too; if none admits, the error lists what each answered.
 */
export async function joinWithInvite(parts: JoinParts, code: string): Promise<string> {
  const invite = decodeInvite(code);
  const answers: string[] = [];
  let refused = false;
  for (const gateway of invite.gateways) {
    const answer = await tryGateway(parts, gateway, invite);
    if (answer === undefined) return gateway.node;
    answers.push(`gateway ${gateway.node} ${answer.message}`);
    refused ||= answer.refused;
  }
  const message = `no gateway of the invite admitted this node: ${answers.join('; ')}`;
  throw refused ? new ForbiddenError(message) : new UnreachableError(message);
}

/** Tries each address of one gateway; undefined once it admitted this node. */
async function tryGateway(parts: JoinParts, gateway: { node: string; addrs: string[] }, invite: Invite): Promise<{ message: string; refused: boolean } | undefined> {
  const unreachable: string[] = [];
  for (const addr of gateway.addrs) {
    try {
      await joinThrough(parts, addr, gateway.node, invite);
      return undefined;
    } catch (err) {
      if (err instanceof ForbiddenError || err instanceof InvalidInputError) return { message: err.message, refused: true };
      unreachable.push(`${addr}: ${(err as Error).message}`);
    }
  }
  return { message: `did not answer (${unreachable.join('; ')})`, refused: false };
}

async function joinThrough(parts: JoinParts, addr: string, gatewayNode: string, invite: Invite): Promise<void> {
  const { host } = parts;
  const target = multiaddr(addr.includes('/p2p/') ? addr : `${addr}/p2p/${gatewayNode}`);
  const stream = await host.dialProtocol(target, JOIN, { signal: AbortSignal.timeout(10_000) });
  const channel = messageChannel(stream);
  await channel.write({ invite: invite.id, secret: invite.secret, addrs: parts.listenAddrs() });
  const reply = await channel.read(joinReply);
  await stream.close().catch(() => {});
  await acceptJoinAnswer(parts, reply, gatewayNode, { networkId: invite.networkId });
}

/**
 * Keeps a gateway's answer to a join once it verifies: the network it names (by id for an
 * invite, by name for a password), the membership for this node, the gateway list.
 */
export async function acceptJoinAnswer(parts: JoinParts, reply: z.infer<typeof joinReply>, gatewayNode: string, expected: { networkId?: string; name?: string }): Promise<void> {
  const { state } = parts;
  if ('error' in reply) throw new ForbiddenError(`refused ${expected.networkId !== undefined ? 'the invite' : 'to admit this node'}: ${reply.error.message}`);
  const networkId = networkIdOf(reply.descriptor);
  if (expected.networkId !== undefined && networkId !== expected.networkId) throw new InvalidInputError('answered for another network');
  if (expected.name !== undefined && reply.descriptor.name !== expected.name) throw new InvalidInputError('answered for another network');
  const view = state.viewOf(networkId, reply.descriptor.founder);
  const bad = checkMembership(reply.membership, state.key.nodeId, view) ?? checkGatewayList(reply.gatewayList, view, undefined);
  if (bad !== undefined) throw new InvalidInputError(`gave an answer that does not verify: ${bad}`);
  await state.meta.commit(() => {
    state.meta.network.create({
      networkId,
      descriptor: JSON.stringify(reply.descriptor),
      membership: JSON.stringify(reply.membership),
      gatewayList: JSON.stringify(reply.gatewayList),
      joinedAt: Date.now(),
    });
    for (const record of reply.peerRecords) state.storePeerRecord(record, networkId);
  });
  state.log.info({ network: networkId, via: gatewayNode }, 'joined network');
}

/** The gateway side: admits the holder of a valid invite, or tells it why not and hangs up. */
export async function serveJoins(host: Host, admission: Admission, state: NetworkState): Promise<void> {
  await host.handle(JOIN, (stream, connection) => onJoin(stream, connection, admission, state), { maxInboundStreams: 1, maxOutboundStreams: 1 });
}

async function onJoin(stream: Stream, connection: Connection, admission: Admission, state: NetworkState): Promise<void> {
  const peer = connection.remotePeer.toString();
  const channel = messageChannel(stream);
  try {
    const result = await admission.admit(peer, await channel.read(joinRequest));
    if (typeof result === 'string') {
      await refuse(state.log, connection, stream, channel, result);
      return;
    }
    await channel.write(result);
    await stream.close();
  } catch (err) {
    state.log.warn({ peer, err: (err as Error).message }, 'join failed; closing the connection');
    await connection.close().catch(() => {});
  }
}
