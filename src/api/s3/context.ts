import type { FastifyReply, FastifyRequest } from 'fastify';
import type { S3KeyService } from '../../auth/index.js';
import type { Actor } from '../../core/actor.js';
import type { Logger } from '../../core/log.js';
import type { PoolServices } from '../../pool/index.js';
import type { Payload } from './payload.js';
import type { Route } from './router.js';

/** What the S3 door needs from the node; the composition root provides it. */
export interface S3Deps {
  pools: PoolServices;
  keys: Pick<S3KeyService, 'resolve' | 'touch'>;
  region: string;
  baseDomain: string | undefined;
  log: Logger;
  now: () => number;
}

/** One authenticated S3 request, as handlers see it. */
export interface S3Call {
  deps: S3Deps;
  request: FastifyRequest;
  reply: FastifyReply;
  route: Route;
  /** Query parameters, decoded (the last value of a repeated name). */
  query: ReadonlyMap<string, string>;
  actor: Actor;
  /** The request body, decoded from aws-chunked if need be, checked against what was signed. */
  payload: Payload;
  /** Bytes of the decoded body, when the client said (Content-Length or x-amz-decoded-content-length). */
  bodyLength: number | undefined;
  signal: AbortSignal;
}

export type Handler = (call: S3Call) => Promise<unknown>;
