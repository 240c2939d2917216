/**
 * The replication engine. Nodes tell each other, per pool they hold, how far they have each
 * origin's records (summary); a node that sees a peer ahead asks it for the records after its own
 * progress (index), fetches the manifests and chunks it lacks (content), verifies every record's
 * signature and every chunk's hash, and hands the records to the pool layer (RecordSink), which
 * decides, by version vector, what each one changes. After every change the node tells its peers
 * again, so a change travels on within a second.
 */
import { createHash } from 'node:crypto';
import type { Stream } from '@libp2p/interface';
import { CorruptChunkError, InvalidInputError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import { checkFileRecord, checkPoolDescriptor, type FaultEvidence, type FileRecord, type PoolDescriptor } from '../identity/index.js';
import type { Meta, Pool } from '../meta/index.js';
import { messageChannel, type NetworkService } from '../net/index.js';
import { decodeManifest, manifestHash, type ChunkLease, type ChunkRef, type ChunkStore } from '../store/index.js';
import { ContentClient } from './content-client.js';
import { serveContent } from './content-server.js';
import { fetchAll } from './fetcher.js';
import type { Traffic } from './byte-meter.js';
import { TokenBucket } from './token-bucket.js';
import { indexBatch, type IndexBatch } from './index-batch.js';
import { isAhead, replicationOf, summarizeHealth, type PoolReplication, type ReplicationHealth } from './replication-health.js';

import { CONTENT, CONTENT_BATCH, INDEX, indexReply, indexRequest, SUMMARY, summaryMessage, type SummaryMessage } from './protocol.js';

/** Content of a file record, fetched and verified, ready to be referenced. */
export interface ReceivedContent {
  encoded: Buffer;
  chunks: ChunkRef[];
  /** Chunks small enough to live in the database (see pool/inline-chunks.ts). */
  inline: Map<string, Buffer>;
}

export interface IncomingRecord {
  record: FileRecord;
  /** Present for a live file whose manifest this node did not hold. */
  content?: ReceivedContent;
}

/** The pool layer's side: what a verified record changes, decided and written in one commit. */
export interface RecordSink {
  /** Whether this record would change anything here (false: already held, or older). */
  wants(pool: Pool, record: FileRecord): boolean;
  /** Applies the records inside the caller's transaction. */
  apply(pool: Pool, records: IncomingRecord[], from: string): void;
}

/** Where the evidence against a peer this node gave up on goes (net/fault-reports.ts sends it to the gateways). */
export interface FaultReporter {
  reportFaults(offender: string, evidence: FaultEvidence[]): void;
}

export interface SyncEngineOptions {
  meta: Meta;
  store: ChunkStore;
  network: NetworkService;
  sink: RecordSink;
  log: Logger;
  /** Chunks up to this size go to the database, not to chunk files. */
  inlineMaxBytes: number;
  /** Wrong items a peer may send before this node stops asking it. */
  maxPeerFaults: number;
  faultReporter: FaultReporter;
  /** Byte rates for content sent to and received from peers (0: unlimited), unless changed at run time. */
  uploadBytesPerSecond: number;
  downloadBytesPerSecond: number;
  /** The bytes served for a chunk; tests make a lying peer here. Default: the stored bytes. */
  servedChunk?: (hash: string, stored: Buffer) => Buffer;
}

export interface RateLimits {
  uploadBytesPerSecond: number;
  downloadBytesPerSecond: number;
}

const UPLOAD_SETTING = 'sync.upload_bytes_per_second';
const DOWNLOAD_SETTING = 'sync.download_bytes_per_second';

/** Content requests in flight to each peer (each sized by peer-pace.ts; replies are held until verified). */
const FETCH_WINDOW = 2;

/** Changes are announced this long after the first of a burst, so a burst costs one summary. */
const ANNOUNCE_DELAY_MS = 100;

export class SyncEngine {
  /** One pull per pool at a time; a request during a pull runs once more after it. */
  private readonly pulling = new Map<string, Promise<void>>();
  private readonly pullAgain = new Map<string, Set<string>>();
  private announceTimer: NodeJS.Timeout | undefined;
  private readonly changedPools = new Set<number>();
  /** Per pool uid, the members that said they hold it, and how far (their last summary). */
  private readonly holders = new Map<string, Map<string, Record<string, number>>>();
  /** Wrong items received, per peer, as evidence; past maxPeerFaults the peer is dropped and reported. */
  private readonly faults = new Map<string, FaultEvidence[]>();
  private readonly distrusted = new Set<string>();
  private stopped = false;
  private readonly upload: TokenBucket;
  private readonly download: TokenBucket;

  constructor(private readonly options: SyncEngineOptions) {
    const { settings } = options.meta;
    this.upload = new TokenBucket(Number(settings.get(UPLOAD_SETTING) ?? options.uploadBytesPerSecond));
    this.download = new TokenBucket(Number(settings.get(DOWNLOAD_SETTING) ?? options.downloadBytesPerSecond));
  }

  limits(): RateLimits {
    return { uploadBytesPerSecond: this.upload.bytesPerSecond, downloadBytesPerSecond: this.download.bytesPerSecond };
  }

  /** Content bytes sent to and received from peers: now (per second) and since the node started. */
  traffic(): { upload: Traffic; download: Traffic } {
    return { upload: this.upload.meter.read(), download: this.download.meter.read() };
  }

  /** Changes the rate limits now, for transfers already running too, and keeps them across restarts. */
  async setLimits(limits: Partial<RateLimits>): Promise<RateLimits> {
    const { meta } = this.options;
    await meta.commit(() => {
      if (limits.uploadBytesPerSecond !== undefined) meta.settings.set(UPLOAD_SETTING, String(limits.uploadBytesPerSecond));
      if (limits.downloadBytesPerSecond !== undefined) meta.settings.set(DOWNLOAD_SETTING, String(limits.downloadBytesPerSecond));
    });
    if (limits.uploadBytesPerSecond !== undefined) this.upload.setRate(limits.uploadBytesPerSecond);
    if (limits.downloadBytesPerSecond !== undefined) this.download.setRate(limits.downloadBytesPerSecond);
    return this.limits();
  }

  async start(): Promise<void> {
    const { network, meta } = this.options;
    await network.handleMembers(SUMMARY, (stream, peer) => this.onSummary(stream, peer), { maxInboundStreams: 4, maxOutboundStreams: 4 });
    await network.handleMembers(INDEX, (stream, peer) => this.onIndex(stream, peer), { maxInboundStreams: 4, maxOutboundStreams: 4 });
    await network.handleMembers(CONTENT, (stream, peer) => this.onContent(stream, peer), { maxInboundStreams: 4, maxOutboundStreams: 4 });
    network.onMemberConnected((peer) => void this.sendSummary(peer, this.summary()));
    meta.events.onAppend((poolId) => {
      if (poolId !== undefined) this.scheduleAnnounce(poolId);
    });
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.announceTimer);
  }

  /** Waits for the pulls running now (tests and shutdown). */
  async settled(): Promise<void> {
    while (this.pulling.size > 0) await Promise.allSettled([...this.pulling.values()]);
  }

  // -------------------------------------------------------------------------------------------
  // Summaries.

  /** Per origin, how far this node has the pool's records. */
  vectorOf(pool: Pool): Record<string, number> {
    const vector = Object.fromEntries(this.options.meta.sync.progress(pool.id));
    for (const [origin, seq] of this.options.meta.entries.originHighs(pool.id)) vector[origin] = Math.max(vector[origin] ?? 0, seq);
    return vector;
  }

  /**
   * Per pool this node holds: which nodes hold it and whether each has every record known here
   * or from them (a complete copy), against the pool's target number of copies.
   */
  replicationStatus(): PoolReplication[] {
    const connected = new Set(this.options.network.connectedMembers());
    const self = this.options.network.nodeId;
    return this.options.meta.pools.subscribed().map((pool) =>
      replicationOf(pool, new Map([[self, this.vectorOf(pool)], ...(this.holders.get(pool.uid) ?? [])]), {
        self,
        connected,
        syncing: this.pulling.has(pool.uid),
        liveFilesUpTo: (origin, seq) => this.options.meta.entries.liveFilesUpTo(pool.id, origin, seq),
      }),
    );
  }

  /** The pools held here in a few numbers and one sentence ("Every file is on 2 homes."). */
  health(): ReplicationHealth {
    return summarizeHealth(this.replicationStatus());
  }

  private summary(poolIds?: Set<number>): SummaryMessage {
    const { meta } = this.options;
    const held = meta.pools.subscribed().filter((pool) => poolIds === undefined || poolIds.has(pool.id));
    const known = meta.sync.networkPools().map((row) => JSON.parse(row.descriptor) as PoolDescriptor);
    return { pools: known, holding: held.map((pool) => ({ uid: pool.uid, vector: this.vectorOf(pool) })) };
  }

  private scheduleAnnounce(poolId: number): void {
    this.changedPools.add(poolId);
    this.announceTimer ??= setTimeout(() => void this.announce(), ANNOUNCE_DELAY_MS);
  }

  private async announce(): Promise<void> {
    const pools = new Set(this.changedPools);
    this.changedPools.clear();
    // A record is served once committed, but announced only once durable.
    await this.options.meta.commit(() => undefined);
    this.announceTimer = undefined;
    if (this.stopped) return;
    const summary = this.summary(pools);
    if (summary.holding.length === 0) return;
    for (const peer of this.options.network.connectedMembers()) void this.sendSummary(peer, summary);
  }

  private async sendSummary(peer: string, summary: SummaryMessage): Promise<void> {
    try {
      const stream = await this.options.network.openStream(peer, SUMMARY);
      await messageChannel(stream).write(summary);
      await stream.close();
    } catch (err) {
      this.options.log.debug({ peer, err: (err as Error).message }, 'could not send a summary');
    }
  }

  private async onSummary(stream: Stream, peer: string): Promise<void> {
    const summary = await messageChannel(stream).read(summaryMessage);
    await stream.close().catch(() => {});
    await this.learnPools(summary.pools, peer);
    const { meta } = this.options;
    const behind = new Set<number>();
    for (const { uid, vector } of summary.holding) {
      // A client serves nothing, so it is never asked for content.
      if (this.options.network.memberRole(peer) !== 'client') this.holders.set(uid, (this.holders.get(uid) ?? new Map()).set(peer, vector));
      const pool = meta.pools.byUid(uid);
      if (pool?.subscription === undefined) continue;
      const mine = this.vectorOf(pool);
      if (isAhead(vector, mine)) this.requestPull(pool.uid, peer);
      // A peer that lacks what this node has (it just subscribed, or was away) is told, so it pulls.
      if (isAhead(mine, vector)) behind.add(pool.id);
    }
    if (behind.size > 0) void this.sendSummary(peer, this.summary(behind));
  }

  private async learnPools(descriptors: PoolDescriptor[], peer: string): Promise<void> {
    const networkId = this.options.network.networkId();
    if (networkId === undefined || descriptors.length === 0) return;
    const { meta, log } = this.options;
    const fresh = descriptors.filter((d) => meta.sync.networkPoolByUid(d.body.uid) === undefined);
    const accepted = fresh.filter((d) => {
      const reason = checkPoolDescriptor(d, networkId);
      if (reason !== undefined) log.warn({ peer, pool: d.body.uid, reason }, `refused pool announcement: ${reason}`);
      return reason === undefined;
    });
    if (accepted.length === 0) return;
    await meta.commit(() => {
      for (const d of accepted) meta.sync.recordNetworkPool(d.body.uid, d.body.name, JSON.stringify(d));
    });
  }

  // -------------------------------------------------------------------------------------------
  // Pulling records from a peer.

  private requestPull(uid: string, peer: string): void {
    if (this.stopped) return;
    if (this.pulling.has(uid)) {
      const again = this.pullAgain.get(uid) ?? new Set<string>();
      again.add(peer);
      this.pullAgain.set(uid, again);
      return;
    }
    const run = this.pull(uid, peer)
      .catch((err: unknown) => this.options.log.warn({ peer, pool: uid, err: (err as Error).message }, 'pull failed; will retry on the next summary'))
      .finally(() => {
        this.pulling.delete(uid);
        const again = this.pullAgain.get(uid);
        this.pullAgain.delete(uid);
        for (const next of again ?? []) this.requestPull(uid, next);
      });
    this.pulling.set(uid, run);
  }

  private async pull(uid: string, peer: string): Promise<void> {
    const { meta, network, log } = this.options;
    const stream = await network.openStream(peer, INDEX);
    const channel = messageChannel(stream);
    const ask = (have: Record<string, number>) => {
      const reply = channel.write({ pool: uid, have }).then(() => channel.read(indexReply));
      reply.catch(() => {}); // awaited below, unless the pull ends first
      return reply;
    };
    try {
      const first = meta.pools.byUid(uid);
      if (first?.subscription === undefined) return;
      let have = this.vectorOf(first);
      let next = ask(have);
      let applied = 0;
      while (!this.stopped) {
        const reply = await next;
        if (reply.more) {
          // The next batch travels while this one's content is fetched and applied.
          const after = advance(have, reply.records);
          if (!isAhead(after, have)) throw new InvalidInputError(`peer ${peer} said more records follow but sent none past ${JSON.stringify(have)}`);
          have = after;
          next = ask(have);
        }
        const pool = meta.pools.byUid(uid);
        if (pool?.subscription === undefined) return;
        applied += await this.receiveBatch(pool, reply.records, peer);
        if (!reply.more) {
          // Everything the peer had is now here: its progress becomes ours.
          await meta.commit(() => {
            for (const [origin, seq] of Object.entries(reply.vector)) meta.sync.raise(pool.id, origin, seq);
          });
          break;
        }
      }
      if (applied > 0) log.info({ peer, pool: uid, records: applied }, 'pulled changes');
      // Progress moved even if no record changed anything here: peers must learn this node caught up.
      const pool = meta.pools.byUid(uid);
      if (pool !== undefined) this.scheduleAnnounce(pool.id);
    } finally {
      await stream.close().catch(() => {});
    }
  }

  /** Verifies a batch, fetches the content it needs, and applies it; returns the records applied. */
  private async receiveBatch(pool: Pool, records: FileRecord[], peer: string): Promise<number> {
    const { meta, sink, store, log } = this.options;
    const wanted: FileRecord[] = [];
    const highs = new Map<string, number>();
    for (const record of records) {
      const reason = checkFileRecord(record, pool.uid) ?? this.checkOrigin(record.body.origin);
      if (reason !== undefined) {
        log.warn({ peer, pool: pool.uid, path: record.body.path, reason }, `refused record: ${reason}`);
        continue;
      }
      highs.set(record.body.origin, Math.max(highs.get(record.body.origin) ?? 0, record.body.seq));
      if (sink.wants(pool, record)) wanted.push(record);
    }
    const lease = store.lease();
    try {
      const incoming = await this.fetchContent(pool, wanted, peer, lease);
      await store.commit(lease);
      await meta.commit(() => {
        sink.apply(pool, incoming, peer);
        // Records come in sequence order per origin: everything up to the highest one is here.
        for (const [origin, seq] of highs) meta.sync.raise(pool.id, origin, seq);
      });
      return incoming.length;
    } finally {
      lease.release();
    }
  }

  private checkOrigin(origin: string): string | undefined {
    if (origin === this.options.network.nodeId) return undefined;
    const known = this.options.meta.network.peer(origin);
    if (known?.revokedAt !== undefined) return `origin ${origin} was revoked`;
    return known?.membership === undefined ? `origin ${origin} is not a known member` : undefined;
  }

  /** Fetches manifests and chunks the records need and this node lacks, verifying every one. */
  private async fetchContent(pool: Pool, records: FileRecord[], peer: string, lease: ChunkLease): Promise<IncomingRecord[]> {
    const { meta, store, inlineMaxBytes } = this.options;
    const needed = records.flatMap((r) => (r.body.kind === 'file' && !r.body.deleted && r.body.manifest !== null && meta.content.getManifest(r.body.manifest) === undefined ? [r.body.manifest] : []));
    const manifests = new Map<string, ReceivedContent>();
    const client = new ContentClient((to) => this.options.network.openStream(to, CONTENT), this.download);
    const policy = (kind: 'manifests' | 'chunks') => ({
      peers: () => this.holdersOf(pool.uid, peer),
      maxItems: CONTENT_BATCH,
      window: FETCH_WINDOW,
      request: (to: string, hashes: string[]) => client.request(to, kind === 'manifests' ? { manifests: hashes, chunks: [] } : { manifests: [], chunks: hashes }),
      onFault: (from: string, hash: string, data: Buffer) => this.fault(from, hash, data),
      trusted: (from: string) => !this.distrusted.has(from),
    });
    try {
      await fetchAll(needed, {
        ...policy('manifests'),
        accept: async (hash, encoded) => {
          if (manifestHash(encoded) !== hash) return false;
          manifests.set(hash, { encoded, chunks: decodeManifest(encoded), inline: new Map() });
          return true;
        },
      });
      const owners = new Map<string, ReceivedContent[]>();
      for (const content of manifests.values()) {
        for (const chunk of content.chunks) owners.set(chunk.hash, [...(owners.get(chunk.hash) ?? []), content]);
      }
      const missing: string[] = [];
      for (const hash of owners.keys()) if (!(await store.has(hash))) missing.push(hash);
      const sizes = new Map([...manifests.values()].flatMap((content) => content.chunks.map((c) => [c.hash, c.size] as const)));
      await fetchAll(missing, {
        ...policy('chunks'),
        sizeOf: (hash) => sizes.get(hash) ?? 0,
        // Hashed once, by whichever keeps it: the store checks what it is given.
        accept: async (hash, data) => {
          // Small chunks live in the database with the record that references them (pool/inline-chunks.ts).
          if (data.length > inlineMaxBytes) return store.put(lease, data, hash).then(() => true, rejectCorrupt);
          if (createHash('sha256').update(data).digest('hex') !== hash) return false;
          for (const content of owners.get(hash) ?? []) content.inline.set(hash, data);
          return true;
        },
      });
    } finally {
      await client.close();
    }
    return records.map((record) => {
      const content = record.body.manifest === null ? undefined : manifests.get(record.body.manifest);
      return content === undefined ? { record } : { record, content };
    });
  }

  /** Connected members that hold the pool, the one that sent the records first. */
  private holdersOf(uid: string, first: string): string[] {
    const connected = new Set(this.options.network.connectedMembers());
    const others = [...(this.holders.get(uid)?.keys() ?? [])].filter((peer) => peer !== first && connected.has(peer));
    return [first, ...others].filter((peer) => !this.distrusted.has(peer));
  }

  /** A peer sent bytes that do not match their hash: kept as evidence, and after too many it is dropped and reported. */
  private fault(peer: string, hash: string, data: Buffer): void {
    const evidence = [...(this.faults.get(peer) ?? []), { requested: hash, received: createHash('sha256').update(data).digest('hex'), size: data.length }];
    this.faults.set(peer, evidence);
    const count = evidence.length;
    this.options.log.warn({ peer, hash, faults: count }, `peer ${peer} sent bytes that do not match ${hash}; fetching them elsewhere`);
    if (count >= this.options.maxPeerFaults && !this.distrusted.has(peer)) {
      this.distrusted.add(peer);
      void this.options.network.disconnect(peer, `it sent ${count} items that do not match their hashes; no longer asking it`);
      this.options.faultReporter.reportFaults(peer, evidence);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Serving.

  /** A client replicates down only and serves nothing. */
  private refusesToServe(stream: Stream, peer: string): boolean {
    if (this.options.network.role() !== 'client') return false;
    this.options.log.info({ peer }, 'a client node serves nothing; refused a request');
    stream.abort(new Error('a client node serves nothing'));
    return true;
  }

  private async onIndex(stream: Stream, peer: string): Promise<void> {
    if (this.refusesToServe(stream, peer)) return;
    const channel = messageChannel(stream);
    try {
      for (;;) {
        const request = await channel.read(indexRequest).catch(() => undefined);
        if (request === undefined) return;
        await channel.write(this.indexBatch(request.pool, request.have, peer));
      }
    } finally {
      await stream.close().catch(() => {});
    }
  }

  private indexBatch(uid: string, have: Record<string, number>, peer: string): IndexBatch {
    const { meta, log } = this.options;
    const pool = meta.pools.byUid(uid);
    if (pool?.subscription === undefined) {
      log.info({ peer, pool: uid }, 'asked for the index of a pool this node does not hold');
      return { records: [], more: false, vector: {} };
    }
    return indexBatch(meta, pool, have, this.vectorOf(pool));
  }

  private async onContent(stream: Stream, peer: string): Promise<void> {
    if (this.refusesToServe(stream, peer)) return;
    const { meta, store, servedChunk } = this.options;
    await serveContent(stream, {
      manifest: (hash) => meta.content.getManifest(hash)?.chunks,
      // Verified on read: a node never serves bytes that are not what their name says.
      chunk: async (hash) => {
        const data = await store.get(hash).catch(() => undefined);
        return data === undefined || servedChunk === undefined ? data : servedChunk(hash, data);
      },
      upload: this.upload,
    });
  }
}


/** `have` moved past the records received (per origin, they come in sequence order). */
function advance(have: Record<string, number>, records: FileRecord[]): Record<string, number> {
  const after = { ...have };
  for (const { body } of records) after[body.origin] = Math.max(after[body.origin] ?? 0, body.seq);
  return after;
}

/** A chunk that is not what its hash names is a wrong item (false); any other failure stops the fetch. */
function rejectCorrupt(err: unknown): false {
  if (err instanceof CorruptChunkError) return false;
  throw err;
}
