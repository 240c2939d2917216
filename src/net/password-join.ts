/**
 * Joining a hidden network with its name and password through any gateway address. The joiner
 * dials the address (it need not know the gateway's node id), and the two run an OPAQUE login
 * (identity/network-password.ts) on one stream: the joiner's start, the gateway's answer, then the
 * joiner's finish with a proof bound to both node ids. Only then does the gateway admit it, with
 * the same answer an invite gets. Failed logins are limited per address, so a password can only be
 * guessed online and slowly.
 */
import type { Connection, Stream } from '@libp2p/interface';
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr';
import { ForbiddenError } from '../core/errors.js';
import { FailureLimiter } from '../core/failure-limiter.js';
import { isJoinProof, joinProof, PasswordLoginClient, PasswordLoginServer } from '../identity/index.js';
import { hostPortMultiaddr } from './addresses.js';
import type { Admission } from './admission.js';
import { refuse } from './handshake.js';
import type { Host } from './host.js';
import { acceptJoinAnswer, type JoinParts } from './joining.js';
import type { NetworkState } from './network-state.js';
import { JOIN_PASSWORD, joinReply, passwordJoinChallenge, passwordJoinFinish, passwordJoinStart } from './protocols.js';
import { messageChannel, type MessageChannel } from './wire.js';

const WRONG = 'wrong network name or password';
/** The gateway's side includes the slow part of OPAQUE on a small machine. */
const ANSWER_TIMEOUT_MS = 30_000;

/** Joins through the gateway at `address` (host:port); returns the gateway's node id. */
export async function joinWithPassword(parts: JoinParts, name: string, address: string, password: string): Promise<string> {
  const connection = await parts.host.dial(multiaddr(hostPortMultiaddr(address)), { signal: AbortSignal.timeout(10_000) });
  const gateway = connection.remotePeer.toString();
  const stream = await connection.newStream(JOIN_PASSWORD, { signal: AbortSignal.timeout(10_000) });
  try {
    const channel = messageChannel(stream);
    const login = await PasswordLoginClient.start(password);
    await channel.write({ network: name, request: login.request });
    const challenge = await channel.read(passwordJoinChallenge, ANSWER_TIMEOUT_MS);
    if ('error' in challenge) throw new ForbiddenError(`the gateway refused: ${challenge.error.message}`);
    const finished = login.finish(challenge.response);
    if (finished === undefined) throw new ForbiddenError(`${WRONG} (or that gateway does not admit by password)`);
    const proof = joinProof(finished.sessionKey, parts.state.key.nodeId, gateway);
    await channel.write({ finish: finished.finishRequest, proof, addrs: parts.listenAddrs() });
    await acceptJoinAnswer(parts, await channel.read(joinReply, ANSWER_TIMEOUT_MS), gateway, { name });
    return gateway;
  } finally {
    await stream.close().catch(() => {});
  }
}

/** The gateway side. */
export async function servePasswordJoins(host: Host, admission: Admission, state: NetworkState): Promise<void> {
  const limiter = new FailureLimiter({ attempts: 10, windowMs: 10 * 60_000, now: Date.now });
  await host.handle(JOIN_PASSWORD, (stream, connection) => onPasswordJoin(stream, connection, { admission, state, limiter }), { maxInboundStreams: 1, maxOutboundStreams: 1 });
}

interface GatewaySide {
  admission: Admission;
  state: NetworkState;
  limiter: FailureLimiter;
}

async function onPasswordJoin(stream: Stream, connection: Connection, side: GatewaySide): Promise<void> {
  const { state } = side;
  const peer = connection.remotePeer.toString();
  const channel = messageChannel(stream);
  try {
    const refusal = await login(channel, peer, ipOf(connection.remoteAddr), side);
    if (refusal !== undefined) return await refuse(state.log, connection, stream, channel, refusal);
    await stream.close();
  } catch (err) {
    // A joiner whose password was wrong learns it from our answer and hangs up: that ends here too.
    state.log.info({ peer, err: (err as Error).message }, 'a password join did not complete');
    await connection.close().catch(() => {});
  }
}

/** Runs the login and, if it succeeds, sends the join answer; else returns why not. */
async function login(channel: MessageChannel, peer: string, from: string, side: GatewaySide): Promise<string | undefined> {
  const { admission, state, limiter } = side;
  const start = await channel.read(passwordJoinStart);
  const cannot = admission.refusalToAdmit() ?? limitReason(limiter, from);
  if (cannot !== undefined) return cannot;
  // Counted before the outcome is known: the joiner learns it from our answer and need not finish.
  // Per address, not per node id: a guesser makes new node ids for free.
  limiter.recordFailure(from);
  const joined = state.requireJoined();
  const current = start.network === joined.descriptor.name ? admission.currentPassword() : undefined;
  const registered = current === undefined ? undefined : { password: current.password, networkId: joined.row.networkId };
  const server = await PasswordLoginServer.start(registered, start.network, start.request);
  await channel.write({ response: server.response });
  const finish = await channel.read(passwordJoinFinish);
  const sessionKey = server.finish(finish.finish);
  if (current === undefined || sessionKey === undefined || !isJoinProof(finish.proof, sessionKey, peer, state.key.nodeId)) return WRONG;
  limiter.recordSuccess(from);
  const answer = await admission.admitByPassword(peer, current.inviteId);
  if (typeof answer === 'string') return answer;
  await channel.write(answer);
  return undefined;
}

function limitReason(limiter: FailureLimiter, from: string): string | undefined {
  const wait = limiter.retryAfterSeconds(from);
  return wait === undefined ? undefined : `too many wrong passwords from this address; try again in ${wait} s`;
}

/** The IP address a connection comes from (for a relayed one, the relay's). */
function ipOf(addr: Multiaddr): string {
  return addr.getComponents().find((c) => c.name === 'ip4' || c.name === 'ip6')?.value ?? addr.toString();
}
