/**
 * Uploads in parts (S3 multipart): each part is stored like a file's content — chunks made
 * durable, then a manifest reference held by the part's row — but is not a file yet. Completing
 * the upload concatenates the chosen parts' chunk lists into the file's manifest and records it
 * through the same path as any put (versions, quota, events, replication); no byte is read again.
 * Aborting drops the parts' references, leaving their chunks to the garbage collector.
 */
import { randomBytes } from 'node:crypto';
import type { Actor } from '../core/actor.js';
import { NotFoundError } from '../core/errors.js';
import { normalizePath } from '../core/names.js';
import type { Pool, Upload, UploadPart } from '../meta/index.js';
import { decodeManifest, encodeManifest, manifestHash, writeContent, type ChunkRef } from '../store/index.js';
import { resolvePool } from './access.js';
import type { PoolContext } from './context.js';
import type { FileService, PutOptions, StoredFile } from './files.js';
import { remainingQuota } from './quota.js';

export interface PartOptions {
  sizeHint?: number;
  signal?: AbortSignal;
  /** The part's ETag, known once its bytes have been read (an MD5 the caller computes). */
  etag: () => string;
}

export class MultipartUploads {
  constructor(
    private readonly ctx: PoolContext,
    private readonly files: FileService,
  ) {}

  begin(poolName: string, rawPath: string, actor: Actor, attrs: { contentType?: string; userMeta: Record<string, string> }): Promise<Upload> {
    const { meta } = this.ctx;
    const path = normalizePath(rawPath);
    return meta.commit(() => {
      const pool = resolvePool(meta, poolName, actor, 'write');
      const upload: Omit<Upload, 'id'> = {
        uploadId: randomBytes(24).toString('base64url'),
        poolId: pool.id,
        path,
        userId: actor.userId,
        contentType: attrs.contentType,
        userMeta: attrs.userMeta,
        createdAt: this.ctx.now(),
      };
      return { id: meta.s3Uploads.insert(upload), ...upload };
    });
  }

  /** Stores one part; a part sent again under the same number replaces the earlier one. */
  async putPart(poolName: string, uploadId: string, partNumber: number, source: AsyncIterable<Uint8Array>, actor: Actor, opts: PartOptions): Promise<UploadPart> {
    const { meta, store } = this.ctx;
    const pool = resolvePool(meta, poolName, actor, 'write');
    this.requireUpload(pool, uploadId);
    const lease = store.lease();
    try {
      const written = await writeContent(store, source, { lease, sizeHint: opts.sizeHint, signal: opts.signal, maxBytes: remainingQuota(meta, pool) });
      return await meta.commit(() => this.recordPart(poolName, uploadId, partNumber, written.chunks, written.size, actor, opts.etag()));
    } finally {
      lease.release();
    }
  }

  private recordPart(poolName: string, uploadId: string, partNumber: number, chunks: ChunkRef[], size: number, actor: Actor, etag: string): UploadPart {
    const { meta } = this.ctx;
    const upload = this.requireUpload(resolvePool(meta, poolName, actor, 'write'), uploadId);
    const encoded = encodeManifest(chunks);
    const part: UploadPart = { partNumber, manifest: manifestHash(encoded), size, etag, createdAt: this.ctx.now() };
    meta.content.ref(part.manifest, size, encoded, chunks);
    const replaced = meta.s3Uploads.part(upload.id, partNumber);
    meta.s3Uploads.putPart(upload.id, part);
    if (replaced) meta.content.unref(replaced.manifest, this.ctx.now());
    return part;
  }

  /**
   * Makes the file from the parts `choose` picks (it sees every stored part, inside the
   * transaction, and throws to refuse), then forgets the upload and its parts' references.
   */
  complete(poolName: string, uploadId: string, actor: Actor, choose: (parts: UploadPart[]) => UploadPart[], opts: PutOptions = {}): Promise<StoredFile & { upload: Upload }> {
    const { meta } = this.ctx;
    return meta.commit(() => {
      const upload = this.requireUpload(resolvePool(meta, poolName, actor, 'write'), uploadId);
      const all = meta.s3Uploads.parts(upload.id);
      const chosen = choose(all);
      const chunks = chosen.flatMap((p) => decodeManifest(meta.content.getManifest(p.manifest)!.chunks));
      const size = chosen.reduce((sum, p) => sum + p.size, 0);
      const stored = this.files.recordPut(poolName, upload.path, chunks, size, actor, opts);
      this.forget(upload, all);
      return { ...stored, upload };
    });
  }

  async abort(poolName: string, uploadId: string, actor: Actor): Promise<void> {
    const { meta } = this.ctx;
    await meta.commit(() => {
      const upload = this.requireUpload(resolvePool(meta, poolName, actor, 'write'), uploadId);
      this.forget(upload, meta.s3Uploads.parts(upload.id));
    });
  }

  list(poolName: string, actor: Actor): Upload[] {
    return this.ctx.meta.s3Uploads.inPool(resolvePool(this.ctx.meta, poolName, actor, 'read').id);
  }

  get(poolName: string, uploadId: string, actor: Actor): { upload: Upload; parts: UploadPart[] } {
    const upload = this.requireUpload(resolvePool(this.ctx.meta, poolName, actor, 'read'), uploadId);
    return { upload, parts: this.ctx.meta.s3Uploads.parts(upload.id) };
  }

  private forget(upload: Upload, parts: readonly UploadPart[]): void {
    this.ctx.meta.s3Uploads.delete(upload.id);
    for (const p of parts) this.ctx.meta.content.unref(p.manifest, this.ctx.now());
  }

  private requireUpload(pool: Pool, uploadId: string): Upload {
    const upload = this.ctx.meta.s3Uploads.byUploadId(uploadId);
    if (!upload || upload.poolId !== pool.id) throw new NotFoundError(`no upload ${uploadId} in pool "${pool.name}"`);
    return upload;
  }
}
