/**
 * Thumbnails of images, made on the node (sharp, over libvips) and cached on its disk by content:
 * `<data>/thumbnails/<manifest>-<size>.webp`, so a renamed, copied or restored file, or the same
 * photo in two pools, reuses one thumbnail. Made one or two at a time whatever the number of
 * visitors (a Raspberry Pi has the cores and memory for little more), and a request for one that is
 * being made waits for it rather than making it again. EXIF orientation is applied; the metadata
 * (GPS included) is not carried into the thumbnail.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import pLimit from 'p-limit';
import type { Actor } from '../core/actor.js';
import { KithError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import type { Entry } from '../meta/index.js';
import type { FileService } from './files.js';

export const THUMBNAIL_SIZES = [128, 256, 512, 1024] as const;
export type ThumbnailSize = (typeof THUMBNAIL_SIZES)[number];

/** What libvips reads safely. SVG is left out: a vector image can ask its renderer for a lot. */
const IMAGE_EXTENSIONS = new Set(['jpg', 'jpeg', 'png', 'webp', 'gif', 'tif', 'tiff', 'avif']);
/** Larger images are not thumbnailed: decoding one would take a small node's memory. */
const MAX_SOURCE_BYTES = 100 * 1024 * 1024;
const MAX_SOURCE_PIXELS = 100_000_000;

export interface Thumbnail {
  etag: string;
  data: Buffer;
}

type Sharp = typeof import('sharp');

export class ThumbnailService {
  private readonly making = new Map<string, Promise<Buffer>>();
  private readonly limit = pLimit(Math.max(1, Math.floor(availableParallelism() / 2)));
  private sharp: Promise<Sharp> | undefined;

  constructor(
    private readonly files: FileService,
    private readonly dir: string,
    private readonly log: Logger,
  ) {}

  /** The thumbnail's cache key, or why the file has none (an UnsupportedError). */
  etagOf(entry: Entry, size: ThumbnailSize): string {
    const ext = entry.name.includes('.') ? entry.name.slice(entry.name.lastIndexOf('.') + 1).toLowerCase() : '';
    if (entry.kind !== 'file' || !IMAGE_EXTENSIONS.has(ext)) throw new KithError('E_UNSUPPORTED', `no thumbnail for "${entry.name}": not an image this node reads`);
    if (entry.size > MAX_SOURCE_BYTES) throw new KithError('E_UNSUPPORTED', `no thumbnail for "${entry.name}": larger than ${MAX_SOURCE_BYTES / 1024 / 1024} MiB`);
    return `${entry.manifest}-${size}`;
  }

  /** The thumbnail of a file, from the cache or made now. */
  async get(poolName: string, entry: Entry, size: ThumbnailSize, actor: Actor): Promise<Thumbnail> {
    const etag = this.etagOf(entry, size);
    const file = join(this.dir, `${etag}.webp`);
    const cached = await readFile(file).catch(() => undefined);
    if (cached !== undefined) return { etag, data: cached };
    let making = this.making.get(etag);
    if (making === undefined) {
      making = this.limit(() => this.make(poolName, entry, size, actor, file)).finally(() => this.making.delete(etag));
      this.making.set(etag, making);
    }
    return { etag, data: await making };
  }

  private async make(poolName: string, entry: Entry, size: ThumbnailSize, actor: Actor, file: string): Promise<Buffer> {
    const sharp = await this.library();
    const source = this.files.open(poolName, entry.path, actor).stream;
    const resize = sharp({ limitInputPixels: MAX_SOURCE_PIXELS, failOn: 'error' })
      .rotate()
      .resize(size, size, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 75 });
    let data: Buffer;
    try {
      data = await new Promise<Buffer>((resolve, reject) => {
        source.on('error', reject);
        resize.on('error', reject);
        source.pipe(resize);
        resize.toBuffer().then(resolve, reject);
      });
    } catch (err) {
      source.destroy();
      if (err instanceof KithError) throw err;
      throw new KithError('E_UNSUPPORTED', `no thumbnail for "${entry.name}": ${(err as Error).message}`);
    }
    // Written beside and renamed: a crash never leaves half a thumbnail in the cache.
    await mkdir(this.dir, { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, data);
    await rename(temp, file);
    this.log.debug({ file: entry.path, size, bytes: data.length }, 'made a thumbnail');
    return data;
  }

  /** libvips is loaded on the first thumbnail: a node nobody browses never pays its memory. */
  private library(): Promise<Sharp> {
    this.sharp ??= import('sharp').then(({ default: sharp }) => {
      // Its caches would hold decoded images long after the thumbnail is made.
      sharp.cache(false);
      sharp.concurrency(1);
      return sharp;
    });
    return this.sharp;
  }
}
