/** What every WebDAV method handler works with: the pool services, the locks, the limits, and the request in WebDAV terms. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../core/actor.js';
import type { PoolServices } from '../../pool/index.js';
import type { WebDavLimits } from '../context.js';
import type { IfList } from './if-header.js';
import type { LockManager } from './lock-manager.js';
import type { DavTarget } from './resource-path.js';

export interface DavContext {
  pools: PoolServices;
  locks: LockManager;
  limits: WebDavLimits;
  /** Free bytes on the node's disk, the ceiling of quota-available-bytes. */
  diskFreeBytes(): Promise<number>;
}

export interface DavRequest {
  target: DavTarget;
  actor: Actor;
  /** The parsed If header; empty when there is none. */
  ifLists: IfList[];
  /** Lock tokens submitted in the If header. */
  tokens: ReadonlySet<string>;
  raw: FastifyRequest;
}

export type DavHandler = (ctx: DavContext, req: DavRequest, reply: FastifyReply) => Promise<FastifyReply>;
