/**
 * The node's configuration: one typed schema with documented defaults. Sources (a JSON file in the
 * data directory, environment, command-line flags) are read by the CLI in one place and merged
 * here, later sources winning. Components receive only their slice.
 */
import { z } from 'zod';
import { InvalidInputError } from './errors.js';

const DAY = 24 * 3600;

export const configSchema = z.object({
  /** Where the node keeps everything: database, chunks, keys, the local CLI credential. */
  dataDir: z.string().min(1).default('./data'),
  http: z
    .object({
      host: z.string().min(1).default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(8080),
      /** Cap on JSON request bodies; file uploads stream and are limited by quota instead. */
      jsonBodyLimitBytes: z.number().int().positive().default(1024 * 1024),
      /** Public base URL printed in setup links, when the node sits behind a proxy. */
      publicUrl: z.string().url().optional(),
      /** Log every request: method, full URL, status, duration (never headers or cookies). */
      logRequests: z.boolean().default(false),
    })
    .prefault({}),
  s3: z
    .object({
      /** Serve the S3-compatible API (on its own port; the listen address is http.host). */
      enabled: z.boolean().default(true),
      port: z.number().int().min(0).max(65535).default(9000),
      /** The region the node names in GetBucketLocation; signatures for any region are accepted. */
      region: z.string().min(1).default('us-east-1'),
      /** With a base domain, "<bucket>.<baseDomain>" also addresses a bucket (virtual-hosted style). */
      baseDomain: z.string().min(1).optional(),
      /** First retry delay of a failed webhook delivery; each further failure doubles it, up to an hour. */
      notifyRetrySeconds: z.number().positive().default(2),
    })
    .prefault({}),
  p2p: z
    .object({
      /** Peer-to-peer listen address: all interfaces, since peers at other homes must reach it. */
      host: z.string().min(1).default('0.0.0.0'),
      port: z.number().int().min(0).max(65535).default(4100),
      /** Find members on the same LAN by multicast DNS (no gateway needed between them). */
      mdns: z.boolean().default(true),
      /** Ask the home router to forward the port by UPnP, so that members at other homes reach this node. */
      upnp: z.boolean().default(true),
      /** Accept direct connections on host:port. Off for a node that cannot (e.g. behind carrier-grade NAT). */
      listen: z.boolean().default(true),
      /** Keep a reservation on a gateway's relay, so that members that cannot reach this node directly reach it through the gateway. */
      relay: z.boolean().default(true),
    })
    .prefault({}),
  sync: z
    .object({
      /** Items that do not match their hash a peer may send before this node stops asking it. */
      maxPeerFaults: z.number().int().min(1).default(3),
      /**
       * On a gateway: distinct members that must report one node before the gateway blocks it. A
       * report is its reporter's word (the gateway never saw the bytes), so the default of 2 keeps
       * one faulty or malicious member from getting an honest node dropped, while a liar that
       * serves a whole family network is still caught by the two others.
       */
      faultReportsToBlock: z.number().int().min(1).default(2),
      /** Bytes per second of content sent to / received from peers; 0 is unlimited. `kith limits` changes them at run time. */
      uploadBytesPerSecond: z.number().int().min(0).default(0),
      downloadBytesPerSecond: z.number().int().min(0).default(0),
      /**
       * Accept anonymous records (no author user) in pools whose upload policy is "anyone". Off by
       * default: a node stores strangers' uploads only when its owner chose to.
       */
      acceptAnonymous: z.boolean().default(false),
    })
    .prefault({}),
  log: z
    .object({
      level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    })
    .prefault({}),
  store: z
    .object({
      /** An unreferenced chunk is kept this long before garbage collection removes it. */
      gcGraceSeconds: z.number().int().min(0).default(3600),
      /**
       * Files up to this size keep their bytes in the database, committed with their record, instead
       * of in a chunk file of their own (which costs two fsyncs). 0 turns this off.
       */
      inlineMaxBytes: z.number().int().min(0).max(65536).default(8192),
    })
    .prefault({}),
  trash: z
    .object({
      /** Deleted files are purged from the trash after this many days (0 keeps them forever). */
      retentionDays: z.number().min(0).default(30),
    })
    .prefault({}),
  versions: z
    .object({
      /** Old versions may use at most this share of the owner's quota; the oldest go first. */
      maxQuotaShare: z.number().min(0).max(1).default(0.5),
    })
    .prefault({}),
  auth: z
    .object({
      sessionTtlSeconds: z.number().int().positive().default(30 * DAY),
      /** Failed logins allowed per user name and per client address in a window. */
      loginAttempts: z.number().int().positive().default(5),
      loginWindowSeconds: z.number().int().positive().default(60),
    })
    .prefault({}),
  quota: z
    .object({
      /** Quota given to new users, in bytes; absent means unlimited. */
      defaultUserBytes: z.number().int().positive().optional(),
    })
    .prefault({}),
  webdav: z
    .object({
      /** Cap on XML request bodies (PROPFIND, PROPPATCH, LOCK); larger ones are answered 413. */
      xmlBodyLimitBytes: z.number().int().positive().default(256 * 1024),
      /**
       * PROPFIND with Depth: infinity lists whole trees in one answer, which a large pool cannot
       * afford: 0 refuses it (403 propfind-finite-depth, RFC 4918 §9.1); a positive number allows it
       * for trees of at most that many entries.
       */
      infiniteDepthMaxEntries: z.number().int().min(0).default(0),
      /** Longest lock a client may take; longer or infinite requests get this (RFC 4918 §10.7). */
      maxLockSeconds: z.number().int().positive().default(24 * 3600),
    })
    .prefault({}),
  jobs: z
    .object({
      /** How often expiry of trash and versions, and garbage collection, run. */
      maintenanceIntervalSeconds: z.number().int().positive().default(3600),
    })
    .prefault({}),
});

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

/** Merges config layers (later wins, objects merged key by key) and validates the result. */
export function resolveConfig(...layers: unknown[]): Config {
  const merged = layers.reduce<Record<string, unknown>>((acc, layer) => deepMerge(acc, layer), {});
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new InvalidInputError(`invalid configuration: ${issues.join('; ')}`);
  }
  return parsed.data;
}

function deepMerge(base: Record<string, unknown>, layer: unknown): Record<string, unknown> {
  if (!isPlainObject(layer)) return base;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(layer)) {
    if (value === undefined) continue;
    const prev = out[key];
    out[key] = isPlainObject(prev) && isPlainObject(value) ? deepMerge(prev, value) : value;
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
