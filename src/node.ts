/**
 * The composition root: the one place that wires every layer into a running node. Read this to
 * see what a node is made of.
 */
import { chmod, mkdir, rename, rm, statfs, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildS3Server, buildServer, NotificationDispatcher, renderChange, type NodeInfo } from './api/index.js';
import { createAuthServices, type AuthServices } from './auth/index.js';
import type { Config } from './core/config.js';
import { lockDataDir } from './core/data-dir-lock.js';
import type { Logger } from './core/log.js';
import { loadOrCreateNodeKey, loadOrCreateSecretBox, type NodeKey } from './identity/index.js';
import { openMeta, type Meta } from './meta/index.js';
import { BlockNotices, FaultReports, NetworkService, PeerMap } from './net/index.js';
import { SyncEngine } from './sync/index.js';
import { checkStore, createPoolContext, createPoolServices, ThumbnailService, type PoolContext, type PoolServices } from './pool/index.js';
import { DiskChunkStore, type ChunkIo } from './store/index.js';
import { registerWebApp } from './web/index.js';
import { VERSION } from './version.js';

export interface RunningNode {
  nodeId: string;
  url: string;
  setupUrl: string | undefined;
  meta: Meta;
  pools: PoolServices;
  auth: AuthServices;
  http: FastifyInstance;
  /** The S3 API's base URL, when it is enabled. */
  s3Url: string | undefined;
  network: NetworkService;
  stop(): Promise<void>;
}

const SHUTDOWN_GRACE_MS = 5000;
const SESSION_SWEEP_MS = 3600_000;

/** The file a running node leaves for the CLI on the same machine: its URL and an admin secret. */
export const LOCAL_CREDENTIAL_FILE = 'local.json';

export interface NodeParts {
  nodeId: string;
  key: NodeKey;
  dataDir: string;
  meta: Meta;
  ctx: PoolContext;
  /** Closes the database and releases the data directory. */
  close(): Promise<void>;
}

export interface NodeOptions {
  /** File-system calls of the chunk store; tests inject faults (a full disk) here. */
  chunkIo?: ChunkIo;
  /** The bytes this node serves its peers for a chunk; tests make a lying peer here. */
  servedChunk?: (hash: string, stored: Buffer) => Buffer;
}

/** Opens the data directory: key, database, chunk store. Shared by `start` and the offline `check`. */
export async function openNodeParts(config: Config, log: Logger, options: NodeOptions = {}): Promise<NodeParts> {
  const dataDir = resolve(config.dataDir);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const lock = await lockDataDir(dataDir);
  const key = await loadOrCreateNodeKey(dataDir);
  const meta = openMeta(join(dataDir, 'kith.db'));
  const disk = await DiskChunkStore.open({ dir: join(dataDir, 'chunks'), io: options.chunkIo });
  const ctx = createPoolContext({
    meta,
    disk,
    key,
    policy: {
      trashRetentionDays: config.trash.retentionDays,
      versionsMaxQuotaShare: config.versions.maxQuotaShare,
      gcGraceSeconds: config.store.gcGraceSeconds,
      inlineMaxBytes: config.store.inlineMaxBytes,
      acceptAnonymous: config.sync.acceptAnonymous,
    },
    log: log.child({ component: 'pool' }),
    now: Date.now,
  });
  const close = async (): Promise<void> => {
    await meta.close();
    await lock.release();
  };
  return { nodeId: key.nodeId, key, dataDir, meta, ctx, close };
}

export async function startNode(config: Config, log: Logger, options: NodeOptions = {}): Promise<RunningNode> {
  const parts = await openNodeParts(config, log, options);
  const { meta, ctx, dataDir, nodeId, key } = parts;
  const netLog = log.child({ component: 'net' });
  const { host, port, mdns, upnp, listen, relay } = config.p2p;
  const network = await NetworkService.start({ key, meta, log: netLog, host, port, mdns, upnp, listen, relayed: relay });
  await new PeerMap(network, netLog).start();
  const notices = new BlockNotices({ network, meta, key, log: netLog });
  await notices.start();
  const faultReports = new FaultReports({ network, notices, meta, key, log: netLog, reportsToBlock: config.sync.faultReportsToBlock });
  await faultReports.start();
  const pools = createPoolServices(ctx, config.jobs.maintenanceIntervalSeconds * 1000);
  const auth = createAuthServices({
    meta,
    pools: pools.pools,
    files: pools.files,
    policy: {
      sessionTtlSeconds: config.auth.sessionTtlSeconds,
      loginAttempts: config.auth.loginAttempts,
      loginWindowSeconds: config.auth.loginWindowSeconds,
      defaultQuotaBytes: config.quota.defaultUserBytes,
    },
    secrets: await loadOrCreateSecretBox(dataDir),
    log: log.child({ component: 'auth' }),
    now: Date.now,
  });
  const sync = new SyncEngine({
    meta,
    store: ctx.store,
    network,
    sink: pools.replica,
    log: log.child({ component: 'sync' }),
    inlineMaxBytes: config.store.inlineMaxBytes,
    maxPeerFaults: config.sync.maxPeerFaults,
    faultReporter: faultReports,
    uploadBytesPerSecond: config.sync.uploadBytesPerSecond,
    downloadBytesPerSecond: config.sync.downloadBytesPerSecond,
    servedChunk: options.servedChunk,
  });
  await sync.start();
  const startedAt = Date.now();
  const info = async (): Promise<NodeInfo> => {
    const fs = await statfs(dataDir);
    return {
      nodeId,
      version: VERSION,
      startedAt: new Date(startedAt).toISOString(),
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      dataDir,
      disk: { totalBytes: fs.blocks * fs.bsize, freeBytes: fs.bavail * fs.bsize },
      setupNeeded: auth.setup.isNeeded(),
    };
  };
  const http = await buildServer({
    pools,
    auth,
    network,
    blocks: notices,
    sync,
    node: {
      info,
      check: (repair, signal) => checkStore(ctx, { repair, signal }),
      runMaintenance: () => pools.maintenance.runOnce(),
    },
    uploadsDir: join(dataDir, 'uploads'),
    thumbnails: new ThumbnailService(pools.files, join(dataDir, 'thumbnails'), log.child({ component: 'thumbnails' })),
    webdav: config.webdav,
    webdavLocks: {
      load: (now) => meta.webdavLocks.live(now),
      // Expired locks are cleared whenever one is stored: they are few, and nothing else writes them.
      save: (lock) => meta.commit(() => {
        meta.webdavLocks.deleteExpired(Date.now());
        meta.webdavLocks.put(lock);
      }),
      remove: (tokens) => meta.commit(() => meta.webdavLocks.delete(tokens)),
    },
    http: { jsonBodyLimitBytes: config.http.jsonBodyLimitBytes, secureCookies: config.http.publicUrl?.startsWith('https:') ?? false, logRequests: config.http.logRequests },
    log,
  });
  await registerWebApp(http);
  await http.listen({ host: config.http.host, port: config.http.port });
  const url = config.http.publicUrl ?? listenUrl(http);
  const s3 = config.s3.enabled ? await startS3(config, pools, auth, log) : undefined;
  await writeLocalCredential(dataDir, { url: listenUrl(http), token: auth.credentials.issueLocalAdminSecret(), pid: process.pid });
  const setupToken = await auth.setup.issueToken();
  pools.maintenance.start();
  const notifier = new NotificationDispatcher({
    notifications: pools.notifications,
    render: renderChange(config.s3.region),
    retryBaseMs: config.s3.notifyRetrySeconds * 1000,
    log: log.child({ component: 'notify' }),
    now: Date.now,
  });
  notifier.start();
  const sessionSweep = setInterval(() => void auth.credentials.purgeExpiredSessions().catch(() => undefined), SESSION_SWEEP_MS);
  sessionSweep.unref();
  log.info({ nodeId, url, s3: s3 && listenUrl(s3), dataDir, p2p: network.listenAddrs() }, 'node started');

  return {
    nodeId,
    url,
    setupUrl: setupToken && `${url}/setup#token=${setupToken}`,
    meta,
    pools,
    auth,
    http,
    s3Url: s3 && listenUrl(s3),
    network,
    async stop() {
      // In-flight requests get a grace period; a client that stopped reading does not hold shutdown.
      const force = setTimeout(() => {
        http.server.closeAllConnections();
        s3?.server.closeAllConnections();
      }, SHUTDOWN_GRACE_MS);
      await Promise.all([http.close(), s3?.close()]);
      clearTimeout(force);
      clearInterval(sessionSweep);
      await notifier.stop();
      await pools.maintenance.stop();
      sync.stop();
      await sync.settled();
      await network.stop();
      await rm(join(dataDir, LOCAL_CREDENTIAL_FILE), { force: true });
      await parts.close();
      log.info('node stopped');
    },
  };
}

/** The S3 door, on its own port, on the same address as the HTTP API. */
async function startS3(config: Config, pools: PoolServices, auth: AuthServices, log: Logger): Promise<FastifyInstance> {
  const s3 = await buildS3Server({ pools, keys: auth.s3Keys, region: config.s3.region, baseDomain: config.s3.baseDomain, log, now: Date.now });
  await s3.listen({ host: config.http.host, port: config.s3.port });
  return s3;
}

function listenUrl(http: FastifyInstance): string {
  const address = http.server.address();
  if (address === null || typeof address === 'string') throw new Error('server is not listening on TCP');
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host === '0.0.0.0' ? '127.0.0.1' : host === '[::]' ? '[::1]' : host}:${address.port}`;
}

/** Written to a temp file with mode 0600 and renamed: never readable by others, never half-written. */
async function writeLocalCredential(dataDir: string, value: { url: string; token: string; pid: number }): Promise<void> {
  const file = join(dataDir, LOCAL_CREDENTIAL_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(value)}\n`, { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, file);
}
