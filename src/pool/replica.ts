/**
 * Records from other nodes, applied to a pool: the pool layer's side of replication (see
 * sync/engine.ts, which has verified every record and fetched its content).
 *
 * A record whose version vector has seen everything the local one has replaces it; an older or
 * equal one changes nothing. Concurrent edits keep both: one version stays at the path and the
 * other is kept as `name.conflict-<date>-<node>.ext` beside it. Which one stays is decided from the
 * two records alone (an edit beats a deletion, then the later mtime, then the higher node id), so
 * every node picks the same and writes the same conflict copy: nothing is lost, and all converge.
 *
 * Before any of that, a record must be one the pool's upload policy lets in (./upload-policy.ts);
 * one that is not is refused with a log line that says why, and counts as seen.
 */
import type { Actor } from '../core/actor.js';
import type { FileRecord, FileRecordBody } from '../identity/index.js';
import type { Entry, EntryWrite, Pool } from '../meta/index.js';
import { decodeManifest } from '../store/index.js';
import { compareVv, mergeVv, type IncomingRecord, type RecordSink, type ReceivedContent } from '../sync/index.js';
import type { PoolContext } from './context.js';
import { ancestorsOf } from '../core/names.js';
import { newFileUid, nextRecord, tombstone } from './records.js';
import { maySignChanges, sharedPolicyOf, uploadRefusal } from './upload-policy.js';
import { moveToTrash } from './trash-keeping.js';
import { keepAsVersion } from './version-keeping.js';

export class ReplicaSink implements RecordSink {
  constructor(private readonly ctx: PoolContext) {}

  /** Whether the record is allowed by the pool's upload policy and would change anything here. */
  wants(pool: Pool, record: FileRecord): boolean {
    const policy = sharedPolicyOf(this.ctx.meta, pool.uid);
    const refusal = policy === undefined ? undefined : uploadRefusal(pool.name, policy, record.body, this.ctx.policy.acceptAnonymous);
    if (refusal !== undefined) {
      this.ctx.log.warn({ pool: pool.uid, path: record.body.path, origin: record.body.origin, reason: refusal }, `refused record ${record.body.path}: ${refusal}`);
      return false;
    }
    const local = this.ctx.meta.entries.get(pool.id, record.body.path);
    if (local === undefined) return true;
    if (local.authorNode === record.body.origin && local.originSeq === record.body.seq) return false;
    const order = compareVv(local.vv, record.body.vv);
    return order === 'before' || order === 'concurrent';
  }

  apply(pool: Pool, records: IncomingRecord[], from: string): void {
    const actor: Actor = { userId: undefined, name: `replication from ${from}`, admin: true };
    for (const { record, content } of records) {
      if (!this.wants(pool, record)) continue;
      const local = this.ctx.meta.entries.get(pool.id, record.body.path);
      if (local !== undefined && compareVv(local.vv, record.body.vv) === 'concurrent') this.resolveConflict(pool, local, record, content, actor);
      else this.replace(pool, local, record, content, actor);
    }
  }

  /** Puts the record at its path, keeping what was there as a version or in the trash. */
  private replace(pool: Pool, local: Entry | undefined, record: FileRecord, content: ReceivedContent | undefined, actor: Actor): void {
    const { meta } = this.ctx;
    const body = record.body;
    const live = local !== undefined && !local.deleted ? local : undefined;
    if (body.deleted) {
      if (live?.kind === 'dir' && meta.entries.hasChildren(pool.id, live.path)) return; // a delete concurrent with an edit below keeps the edit
      if (live !== undefined) moveToTrash(this.ctx, pool, live, actor);
      else if (local === undefined) meta.entries.upsert(remoteWrite(pool, record));
      meta.entries.tombstone(pool.id, body.path, { vv: body.vv, authorUser: body.authorUser ?? undefined, authorNode: body.origin, at: body.at, originSeq: body.seq, signature: record.signature });
      return;
    }
    this.createParents(pool, body.path, actor);
    if (live?.kind === 'dir' && body.kind === 'file') moveToTrash(this.ctx, pool, live, actor);
    if (body.kind === 'file') {
      const current = live?.kind === 'file' ? live : undefined;
      if (current?.manifest !== body.manifest) {
        if (current?.manifest) keepAsVersion(this.ctx, pool, current);
        this.refContent(body, content);
      }
      meta.pools.addBytes(pool.id, 'files_bytes', body.size - (current?.size ?? 0));
    }
    meta.entries.upsert(remoteWrite(pool, record));
    meta.events.append({ at: this.ctx.now(), poolId: pool.id, type: body.kind === 'file' ? 'file.written' : 'dir.created', path: body.path, actor: actor.name, detail: { origin: body.origin } });
  }

  private resolveConflict(pool: Pool, local: Entry, record: FileRecord, content: ReceivedContent | undefined, actor: Actor): void {
    const remote = record.body;
    const localBody = asBody(local);
    if (sameContent(localBody, remote)) {
      // The same change made twice: either record will do, as long as every node keeps the same one.
      if (remote.origin > local.authorNode) this.replace(pool, local, record, content, actor);
      return;
    }
    if (stays(remote, localBody)) {
      if (!local.deleted && local.kind === 'file') {
        // The local version moves aside: its reference goes with it to the conflict copy.
        this.writeConflictCopy(pool, local.path, localBody, undefined, actor);
        this.ctx.meta.content.unref(local.manifest!, this.ctx.now());
        this.ctx.meta.pools.addBytes(pool.id, 'files_bytes', -local.size);
      }
      this.replace(pool, { ...local, deleted: true }, record, content, actor);
      return;
    }
    if (!remote.deleted && remote.kind === 'file') this.writeConflictCopy(pool, local.path, remote, content, actor);
    // The local version stays, with a history that now includes the remote one, so it wins everywhere.
    const merged = { ...local, vv: mergeVv(local.vv, remote.vv) };
    const author = { ...actor, name: local.authorUser ?? actor.name };
    if (local.deleted) {
      tombstone(this.ctx, merged, author);
      return;
    }
    const fields = { poolId: pool.id, path: local.path, kind: local.kind, size: local.size, mtime: local.mtime, manifest: local.manifest, fileUid: local.fileUid };
    this.ctx.meta.entries.upsert(nextRecord(this.ctx, merged, fields, author));
  }

  /** Keeps the losing version of a file beside it, as a new file this node records. */
  private writeConflictCopy(pool: Pool, path: string, loser: FileRecordBody, content: ReceivedContent | undefined, actor: Actor): void {
    const { meta } = this.ctx;
    const copyPath = conflictPath(path, loser.mtime, loser.origin);
    if (meta.entries.getLive(pool.id, copyPath) !== undefined) return;
    this.refContent(loser, content);
    meta.entries.upsert(nextRecord(this.ctx, meta.entries.get(pool.id, copyPath), { poolId: pool.id, path: copyPath, kind: 'file', size: loser.size, mtime: loser.mtime, manifest: loser.manifest ?? undefined, fileUid: newFileUid() }, actor));
    meta.pools.addBytes(pool.id, 'files_bytes', loser.size);
    meta.events.append({ at: this.ctx.now(), poolId: pool.id, type: 'file.written', path: copyPath, actor: actor.name, detail: { conflictOf: path, origin: loser.origin } });
    this.ctx.log.warn({ pool: pool.name, path, copy: copyPath }, 'concurrent edits: kept both');
  }

  /** Adds a reference to the record's manifest, from the received content or the stored manifest. */
  private refContent(body: FileRecordBody, content: ReceivedContent | undefined): void {
    const { meta } = this.ctx;
    if (body.manifest === null) return;
    if (content !== undefined) {
      meta.content.ref(body.manifest, body.size, content.encoded, content.chunks, content.inline);
      return;
    }
    const stored = meta.content.getManifest(body.manifest);
    if (stored === undefined) throw new Error(`content ${body.manifest} of "${body.path}" was neither received nor stored`);
    meta.content.ref(body.manifest, stored.size, stored.chunks, decodeManifest(stored.chunks));
  }

  /**
   * Parent folders a record needs and that have not arrived (yet): made here, as this node's. In a
   * pool this node may not change (another node's owner-only pool) they are placeholders instead:
   * unsigned, so never served, and with no history of their own, so the owner's record replaces them.
   */
  private createParents(pool: Pool, path: string, actor: Actor): void {
    const { meta } = this.ctx;
    const mayRecord = maySignChanges(meta, pool);
    for (const dir of ancestorsOf(path)) {
      const previous = meta.entries.get(pool.id, dir);
      if (previous !== undefined && !previous.deleted) continue;
      const fields = { poolId: pool.id, path: dir, kind: 'dir' as const, size: 0, mtime: this.ctx.now(), manifest: undefined };
      meta.entries.upsert(mayRecord ? nextRecord(this.ctx, previous, fields, actor) : this.placeholder(previous, fields, actor));
    }
  }

  private placeholder(previous: Entry | undefined, fields: Pick<EntryWrite, 'poolId' | 'path' | 'kind' | 'size' | 'mtime' | 'manifest'>, actor: Actor): EntryWrite {
    const at = this.ctx.now();
    return { ...fields, fileUid: newFileUid(), vv: previous?.vv ?? {}, authorUser: actor.name, authorNode: this.ctx.nodeId, updatedAt: at, originSeq: 0, signature: undefined };
  }
}

/** The entry that holds a received record as it was signed, so it can be served on unchanged. */
export function remoteWrite(pool: Pool, record: FileRecord): EntryWrite {
  const body = record.body;
  return {
    poolId: pool.id,
    path: body.path,
    kind: body.kind,
    fileUid: body.fileUid,
    size: body.size,
    mtime: body.mtime,
    manifest: body.manifest ?? undefined,
    vv: body.vv,
    authorUser: body.authorUser ?? undefined,
    authorNode: body.origin,
    updatedAt: body.at,
    originSeq: body.seq,
    signature: record.signature,
  };
}

function asBody(e: Entry): FileRecordBody {
  return { pool: '', path: e.path, fileUid: e.fileUid, kind: e.kind, size: e.size, mtime: e.mtime, manifest: e.manifest ?? null, vv: e.vv, deleted: e.deleted, origin: e.authorNode, seq: e.originSeq, authorUser: e.authorUser ?? null, at: e.updatedAt };
}

function sameContent(a: FileRecordBody, b: FileRecordBody): boolean {
  return a.deleted === b.deleted && a.kind === b.kind && (a.deleted || a.kind === 'dir' || a.manifest === b.manifest);
}

/** Whether `a` keeps the path over the concurrent `b`: an edit beats a deletion, then the later mtime, then the higher node id. */
export function stays(a: FileRecordBody, b: FileRecordBody): boolean {
  if (a.deleted !== b.deleted) return !a.deleted;
  if (a.mtime !== b.mtime) return a.mtime > b.mtime;
  return a.origin > b.origin;
}

/** "dir/report.pdf" → "dir/report.conflict-20261127-120304-Ab3xYz.pdf", from the losing version's mtime and node. */
export function conflictPath(path: string, mtime: number, origin: string): string {
  const slash = path.lastIndexOf('/');
  const dir = path.slice(0, slash + 1);
  const name = path.slice(slash + 1);
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  const stamp = new Date(mtime).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${dir}${stem}.conflict-${stamp}-${origin.slice(-6)}${ext}`;
}
