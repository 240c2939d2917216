/**
 * Whose changes a shared pool accepts, from its creator's signed descriptor (identity/pool-descriptor.ts).
 *
 * Every record is signed by its origin, the node that made it; the sync engine has already checked
 * that signature and that the origin is a known, unrevoked member. On top of that:
 * - owner: only records whose origin is the pool's creator node;
 * - members: records of any member;
 * - anyone: also anonymous records, where the receiving node opted in (`sync.acceptAnonymous`).
 * An anonymous record is one without an author user: a member node took the change from someone
 * who is not its user (an upload link) and vouches for it with its own signature. So every record
 * still names the member that let it in, and a revoked member's anonymous records go with it.
 */
import { ForbiddenError } from '../core/errors.js';
import { membershipSchema, policiesOf, type FileRecordBody, type PoolPolicies } from '../identity/index.js';
import type { Meta, Pool } from '../meta/index.js';
import { descriptorOf } from './announced.js';

export interface SharedPoolPolicy extends PoolPolicies {
  creator: string;
}

/** The policies of a pool shared on the network (undefined: a pool this node keeps to itself). */
export function sharedPolicyOf(meta: Meta, poolUid: string): SharedPoolPolicy | undefined {
  const row = meta.sync.networkPoolByUid(poolUid);
  if (row === undefined) return undefined;
  const descriptor = descriptorOf(row);
  return { ...policiesOf(descriptor), creator: descriptor.body.creator };
}

/** Why a record's author may not change the pool (undefined: the policy allows it). */
export function uploadRefusal(poolName: string, policy: SharedPoolPolicy, record: Pick<FileRecordBody, 'origin' | 'authorUser'>, acceptAnonymous: boolean): string | undefined {
  const anonymous = record.authorUser === null;
  if (policy.upload === 'owner') {
    if (record.origin !== policy.creator) return `pool ${poolName} accepts uploads from its owner only, signer ${record.origin}`;
    return anonymous ? `pool ${poolName} accepts uploads from its owner only, and the record is anonymous` : undefined;
  }
  if (!anonymous) return undefined;
  if (policy.upload === 'members') return `pool ${poolName} accepts uploads from members only, and the record is anonymous (signer ${record.origin})`;
  return acceptAnonymous ? undefined : `this node does not accept anonymous uploads (sync.acceptAnonymous is off; signer ${record.origin})`;
}

/** Whether records this node makes in the pool would be accepted: not in another node's owner-only pool. */
export function maySignChanges(meta: Meta, pool: Pool): boolean {
  const policy = sharedPolicyOf(meta, pool.uid);
  return policy?.upload !== 'owner' || policy.creator === ownNodeId(meta);
}

/** Refuses a local change to an owner-only pool on any node but its creator's. */
export function assertLocalWriteAllowed(meta: Meta, pool: Pool): void {
  if (maySignChanges(meta, pool)) return;
  throw new ForbiddenError(`pool "${pool.name}" accepts uploads from its owner only (node ${sharedPolicyOf(meta, pool.uid)!.creator}); change it there`);
}

function ownNodeId(meta: Meta): string | undefined {
  const row = meta.network.get();
  return row === undefined ? undefined : membershipSchema.parse(JSON.parse(row.membership)).body.node;
}
