/**
 * Pools shared on the network: announcing one (its creator signs its name, copy target and
 * policies, and holds it as a mirror), listing those this node may see, and subscribing to one
 * another member announced (a local pool with the same uid, which the sync engine then fills and
 * keeps in step). Policies: identity/pool-descriptor.ts (visibility), ./upload-policy.ts (uploads).
 */
import { AlreadyExistsError, ForbiddenError, InvalidInputError, NotFoundError } from '../core/errors.js';
import { normalizePoolName } from '../core/names.js';
import {
  hiddenPoolCommitment,
  membershipSchema,
  newPoolSecret,
  policiesOf,
  signPoolDescriptor,
  type PoolDescriptor,
  type PoolPolicies,
} from '../identity/index.js';
import type { NetworkPoolRow, Pool, Subscription } from '../meta/index.js';
import type { Actor, PoolContext } from './context.js';
import { resolvePool } from './access.js';
import { descriptorOf } from './announced.js';

export interface NetworkPoolView extends PoolPolicies {
  uid: string;
  name: string;
  creator: string;
  copies: number;
  /** How this node holds it, if it does. */
  subscription: Subscription | undefined;
}

/** How a pool is shared: its copy target and its policies. */
export interface PoolSharing extends PoolPolicies {
  copies: number;
}

export interface SharedPool {
  pool: Pool;
  /** A hidden pool's secret: shown once, to be handed to the members who may find it. */
  secret: string | undefined;
}

export class SharingService {
  constructor(private readonly ctx: PoolContext) {}

  /**
   * Shares a pool this node holds with the network: it becomes a mirror here, with `copies` as the
   * target. A hidden pool gets a new secret, returned once: members need it, with the name, to find it.
   */
  share(poolName: string, sharing: PoolSharing, actor: Actor): Promise<SharedPool> {
    const { copies } = sharing;
    if (!Number.isInteger(copies) || copies < 1 || copies > 64) throw new InvalidInputError('copies must be a whole number from 1 to 64');
    const { meta, key } = this.ctx;
    const secret = sharing.visibility === 'hidden' ? newPoolSecret() : undefined;
    return meta.commit(() => {
      const pool = resolvePool(meta, poolName, actor, 'own');
      const network = meta.network.get();
      if (network === undefined) throw new NotFoundError('this node belongs to no network yet (kith network create, or kith join)');
      if (this.ownRole() === 'client') throw new ForbiddenError('a client node cannot share pools: it serves nothing');
      const descriptor = signPoolDescriptor(key, { ...sharing, network: network.networkId, uid: pool.uid, name: pool.name, createdAt: pool.createdAt, secret });
      meta.sync.recordNetworkPool(pool.uid, descriptor.body.name, JSON.stringify(descriptor));
      meta.pools.setSharing(pool.id, 'mirror', copies);
      meta.events.append({ at: this.ctx.now(), poolId: pool.id, type: 'pool.shared', path: undefined, actor: actor.name, detail: { copies, visibility: sharing.visibility, upload: sharing.upload } });
      return { pool: meta.pools.byId(pool.id)!, secret };
    });
  }

  /**
   * Holds a pool announced on the network here, as a mirror (read-write) or a replica
   * (download-only). A hidden pool is found only with its name and secret.
   */
  subscribe(name: string, mode: Subscription, actor: Actor, secret?: string): Promise<Pool> {
    if (!actor.admin) throw new ForbiddenError('only an administrator can subscribe this node to a pool');
    const { meta } = this.ctx;
    return meta.commit(() => {
      if (mode === 'mirror' && this.ownRole() === 'client') {
        throw new ForbiddenError('a client node holds pools only as download-only replicas (--mode replica)');
      }
      const { name: localName, descriptor } = this.findAnnounced(name, secret);
      const existing = meta.pools.byUid(descriptor.body.uid);
      if (existing === undefined && meta.pools.byName(localName) !== undefined) {
        throw new AlreadyExistsError(`a local pool is already named "${localName}"; rename it first`);
      }
      const id = existing?.id ?? meta.pools.insert({ uid: descriptor.body.uid, name: localName, kind: 'shared', ownerId: actor.userId, createdAt: descriptor.body.createdAt });
      if (existing === undefined && actor.userId !== undefined) meta.pools.addMember(id, actor.userId, 'owner');
      meta.pools.setSharing(id, mode, descriptor.body.copies);
      meta.events.append({ at: this.ctx.now(), poolId: id, type: 'pool.subscribed', path: undefined, actor: actor.name, detail: { mode } });
      return meta.pools.byId(id)!;
    });
  }

  /**
   * The announced pool `name` stands for: by name or uid, or with a secret, the hidden pool of that
   * name. A hidden pool asked for without its secret is reported as unknown, like one that is not there.
   */
  private findAnnounced(name: string, secret: string | undefined): { name: string; descriptor: PoolDescriptor } {
    const { sync } = this.ctx.meta;
    const hidden = secret !== undefined;
    const localName = hidden ? normalizePoolName(name) : undefined;
    const row = hidden ? this.hiddenPoolRow(localName!, secret) : (sync.networkPoolByName(name) ?? sync.networkPoolByUid(name));
    const descriptor = row === undefined ? undefined : descriptorOf(row);
    if (descriptor === undefined || (policiesOf(descriptor).visibility === 'hidden') !== hidden) {
      throw new NotFoundError(hidden
        ? `no hidden pool named "${name}" with that secret is known on the network`
        : `no pool named "${name}" is known on the network (kith pool ls --network; a hidden pool needs --secret)`);
    }
    return { name: localName ?? descriptor.body.name, descriptor };
  }

  /** A hidden pool is kept under its commitment, which only its name and secret give back. */
  private hiddenPoolRow(name: string, secret: string): NetworkPoolRow | undefined {
    const { sync, network } = this.ctx.meta;
    const networkId = network.get()?.networkId;
    return networkId === undefined ? undefined : sync.networkPoolByName(hiddenPoolCommitment(networkId, name, secret));
  }

  private ownRole(): string | undefined {
    const row = this.ctx.meta.network.get();
    return row === undefined ? undefined : membershipSchema.parse(JSON.parse(row.membership)).body.role;
  }

  /**
   * Pools announced on the network that this node may list, and how it holds each: hidden pools
   * only where they are held (the node was given their name and secret), under their local name.
   */
  networkPools(): NetworkPoolView[] {
    const { meta } = this.ctx;
    return meta.sync.networkPools().flatMap((row) => {
      const descriptor = descriptorOf(row);
      const policies = policiesOf(descriptor);
      const held = meta.pools.byUid(row.uid);
      if (policies.visibility === 'hidden' && held === undefined) return [];
      const name = policies.visibility === 'hidden' ? held!.name : row.name;
      return [{ uid: row.uid, name, creator: descriptor.body.creator, copies: descriptor.body.copies, ...policies, subscription: held?.subscription }];
    });
  }
}
