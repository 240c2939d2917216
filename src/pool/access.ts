import type { Actor } from '../core/actor.js';
import { ForbiddenError, NotFoundError } from '../core/errors.js';
import { normalizePoolName } from '../core/names.js';
import type { MemberRole, Meta, Pool } from '../meta/index.js';
import { assertLocalWriteAllowed } from './upload-policy.js';

export type Access = 'read' | 'write' | 'own';

const GRANTS: Record<MemberRole, readonly Access[]> = {
  owner: ['read', 'write', 'own'],
  writer: ['read', 'write'],
  reader: ['read'],
};

/**
 * Finds a live pool by name and checks that the actor may use it as asked. A pool the actor cannot
 * read is reported as absent, so that names of other people's pools do not leak.
 */
export function resolvePool(meta: Meta, name: string, actor: Actor, need: Access): Pool {
  const pool = meta.pools.byName(normalizePoolName(name));
  if (!pool) throw new NotFoundError(`pool "${name}" does not exist`);
  if (need === 'write' && pool.subscription === 'replica') {
    throw new ForbiddenError(`pool "${pool.name}" is a download-only replica on this node; change it on a mirror`);
  }
  if (need === 'write') assertLocalWriteAllowed(meta, pool);
  if (actor.admin) return pool;
  const role = actor.userId === undefined ? undefined : meta.pools.memberRole(pool.id, actor.userId);
  if (!role) throw new NotFoundError(`pool "${name}" does not exist`);
  if (!GRANTS[role].includes(need)) throw new ForbiddenError(`you may not ${need === 'own' ? 'manage' : need} pool "${name}"`);
  return pool;
}
