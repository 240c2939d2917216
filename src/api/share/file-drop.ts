/**
 * A file drop upload: into the link's folder, never over anything (a taken name gets " (2)", " (3)"
 * … before its extension, as desktop file managers do), and never larger than the link allows,
 * checked on the declared length before reading and on the bytes as they arrive.
 */
import type { FastifyReply } from 'fastify';
import type { OpenLink } from '../../auth/index.js';
import { ConflictError, NotFoundError, TooLargeError } from '../../core/errors.js';
import { baseName, parentOf } from '../../core/names.js';
import type { Entry } from '../../meta/index.js';
import type { FileService } from '../../pool/index.js';
import { abortOnClientClose } from '../abort-on-close.js';

const MAX_NAME_TRIES = 1000;

export async function dropInto(files: FileService, open: OpenLink, target: string, body: AsyncIterable<Uint8Array>, declaredLength: number | undefined, reply: FastifyReply): Promise<Entry> {
  const limit = open.link.maxUploadBytes;
  if (limit !== undefined && declaredLength !== undefined && declaredLength > limit) throw new TooLargeError(`this link takes files of at most ${limit} bytes`);
  const path = freePath(files, open, target);
  const source = limit === undefined ? body : capped(body, limit);
  const { entry } = await files.put(open.poolName, path, source, open.actor, { sizeHint: declaredLength, ifNoneMatch: true, signal: abortOnClientClose(reply) });
  return entry;
}

/** The target path, or the first numbered variant of it that nothing occupies. */
function freePath(files: FileService, open: OpenLink, target: string): string {
  const dir = parentOf(target);
  const name = baseName(target);
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let n = 1; n <= MAX_NAME_TRIES; n++) {
    const candidate = n === 1 ? name : `${stem} (${n})${ext}`;
    const path = dir === '' ? candidate : `${dir}/${candidate}`;
    if (!exists(files, open, path)) return path;
  }
  throw new ConflictError(`too many files named "${name}" already`);
}

function exists(files: FileService, open: OpenLink, path: string): boolean {
  try {
    files.stat(open.poolName, path, open.actor);
    return true;
  } catch (err) {
    if (err instanceof NotFoundError) return false;
    throw err;
  }
}

async function* capped(source: AsyncIterable<Uint8Array>, limit: number): AsyncIterable<Uint8Array> {
  let total = 0;
  for await (const piece of source) {
    total += piece.byteLength;
    if (total > limit) throw new TooLargeError(`this link takes files of at most ${limit} bytes`);
    yield piece;
  }
}
