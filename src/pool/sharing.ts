/**
 * Pools shared on the network: announcing one (its creator signs its name and copy target, and
 * holds it as a mirror) and subscribing to one another member announced (a local pool with the
 * same uid, which the sync engine then fills and keeps in step).
 */
import { AlreadyExistsError, ForbiddenError, InvalidInputError, NotFoundError } from '../core/errors.js';
import { membershipSchema, poolDescriptorSchema, signRecord, type PoolDescriptor } from '../identity/index.js';
import type { Pool, Subscription } from '../meta/index.js';
import type { Actor, PoolContext } from './context.js';
import { resolvePool } from './access.js';

export interface NetworkPoolView {
  uid: string;
  name: string;
  creator: string;
  copies: number;
  /** How this node holds it, if it does. */
  subscription: Subscription | undefined;
}

export class SharingService {
  constructor(private readonly ctx: PoolContext) {}

  /** Shares a pool this node holds with the network: it becomes a mirror here, with `copies` as the target. */
  share(poolName: string, copies: number, actor: Actor): Promise<Pool> {
    if (!Number.isInteger(copies) || copies < 1 || copies > 64) throw new InvalidInputError('copies must be a whole number from 1 to 64');
    const { meta, key } = this.ctx;
    return meta.commit(() => {
      const pool = resolvePool(meta, poolName, actor, 'own');
      const network = meta.network.get();
      if (network === undefined) throw new NotFoundError('this node belongs to no network yet (kith network create, or kith join)');
      if (this.ownRole() === 'client') throw new ForbiddenError('a client node cannot share pools: it serves nothing');
      const descriptor = signRecord(key, 'pool', { network: network.networkId, uid: pool.uid, name: pool.name, creator: key.nodeId, copies, createdAt: pool.createdAt });
      meta.sync.recordNetworkPool(pool.uid, pool.name, JSON.stringify(descriptor));
      meta.pools.setSharing(pool.id, 'mirror', copies);
      meta.events.append({ at: this.ctx.now(), poolId: pool.id, type: 'pool.shared', path: undefined, actor: actor.name, detail: { copies } });
      return meta.pools.byId(pool.id)!;
    });
  }

  /** Holds a pool announced on the network here, as a mirror (read-write) or a replica (download-only). */
  subscribe(name: string, mode: Subscription, actor: Actor): Promise<Pool> {
    if (!actor.admin) throw new ForbiddenError('only an administrator can subscribe this node to a pool');
    const { meta } = this.ctx;
    return meta.commit(() => {
      if (mode === 'mirror' && this.ownRole() === 'client') {
        throw new ForbiddenError('a client node holds pools only as download-only replicas (--mode replica)');
      }
      const row = meta.sync.networkPoolByName(name) ?? meta.sync.networkPoolByUid(name);
      if (row === undefined) throw new NotFoundError(`no pool named "${name}" is known on the network (kith pool ls --network)`);
      const descriptor = poolDescriptorSchema.parse(JSON.parse(row.descriptor));
      const existing = meta.pools.byUid(row.uid);
      if (existing === undefined && meta.pools.byName(row.name) !== undefined) {
        throw new AlreadyExistsError(`a local pool is already named "${row.name}"; rename it first`);
      }
      const id = existing?.id ?? meta.pools.insert({ uid: row.uid, name: row.name, kind: 'shared', ownerId: actor.userId, createdAt: descriptor.body.createdAt });
      if (existing === undefined && actor.userId !== undefined) meta.pools.addMember(id, actor.userId, 'owner');
      meta.pools.setSharing(id, mode, descriptor.body.copies);
      meta.events.append({ at: this.ctx.now(), poolId: id, type: 'pool.subscribed', path: undefined, actor: actor.name, detail: { mode } });
      return meta.pools.byId(id)!;
    });
  }

  private ownRole(): string | undefined {
    const row = this.ctx.meta.network.get();
    return row === undefined ? undefined : membershipSchema.parse(JSON.parse(row.membership)).body.role;
  }

  /** Pools announced on the network, and how this node holds each. */
  networkPools(): NetworkPoolView[] {
    const { meta } = this.ctx;
    return meta.sync.networkPools().map((row) => {
      const d = JSON.parse(row.descriptor) as PoolDescriptor;
      return { uid: row.uid, name: row.name, creator: d.body.creator, copies: d.body.copies, subscription: meta.pools.byUid(row.uid)?.subscription };
    });
  }
}
