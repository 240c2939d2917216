/**
 * Preconditions every method checks before it acts: the If header (RFC 4918 §10.4) must hold, and
 * every lock on what the method changes must have its token submitted by the principal who owns
 * it (§7.5, §7.4 for a locked collection's membership); otherwise 412 or 423.
 */
import { KithError, NotFoundError } from '../../core/errors.js';
import type { DavContext, DavRequest } from './context.js';
import { locked, preconditionFailed } from './errors.js';
import { evaluateIf, type ResourceState } from './if-header.js';
import type { DavLock } from './lock-manager.js';
import { hrefOf, parentTarget, targetOfReference, type DavTarget } from './resource-path.js';

export function checkIfHeader(ctx: DavContext, req: DavRequest): void {
  if (req.ifLists.length === 0) return;
  const stateOf = (resource: string | undefined): ResourceState => {
    const target = resource === undefined ? req.target : taggedTarget(resource, req);
    if (!target) return { etag: undefined, lockTokens: new Set() };
    return { etag: etagOf(ctx, target, req), lockTokens: new Set(ctx.locks.covering(target).map((l) => l.token)) };
  };
  if (!evaluateIf(req.ifLists, stateOf)) throw preconditionFailed('the If header does not hold');
}

/** A list tagged with a resource that is not ours, or not a valid one, is about nothing: it cannot hold. */
function taggedTarget(resource: string, req: DavRequest): DavTarget | undefined {
  try {
    return targetOfReference(resource, req.raw.headers.host);
  } catch (err) {
    if (err instanceof KithError) return undefined;
    throw err;
  }
}

/** The strong entity tag of a file, quoted; undefined for folders and missing resources. */
function etagOf(ctx: DavContext, target: DavTarget, req: DavRequest): string | undefined {
  if (target.pool === undefined) return undefined;
  try {
    const entry = ctx.pools.files.stat(target.pool, target.path, req.actor);
    return entry.manifest === undefined ? undefined : `"${entry.manifest}"`;
  } catch (err) {
    if (err instanceof NotFoundError) return undefined;
    throw err;
  }
}

export interface Change {
  target: DavTarget;
  /** Also the locks inside it (a delete or move of a folder). */
  members?: boolean;
  /** Also its parent folder's locks: the change adds or removes a member (§7.4). */
  membership?: boolean;
}

export function requireLockTokens(ctx: DavContext, req: DavRequest, ...changes: Change[]): void {
  const blocking = new Map<string, DavLock[]>();
  for (const change of changes) {
    const locks = [...ctx.locks.covering(change.target), ...(change.members ? ctx.locks.inside(change.target) : [])];
    if (change.membership && change.target.path !== '') locks.push(...ctx.locks.covering(parentTarget(change.target)));
    for (const l of locks) blocking.set(lockRootKey(l), [...(blocking.get(lockRootKey(l)) ?? []), l]);
  }
  // Shared locks on one resource: any one of their tokens will do.
  const unmet = [...blocking.values()].filter((group) => !group.some((l) => req.tokens.has(l.token) && l.principal === req.actor.name));
  if (unmet.length > 0) {
    throw locked('the resource is locked, and the request did not submit the lock token', unmet.map((g) => hrefOf(g[0]!.root, g[0]!.rootIsCollection)));
  }
}

function lockRootKey(l: DavLock): string {
  return `${l.root.pool}/${l.root.path}`;
}
