/**
 * Folders and selections downloaded as one zip, streamed as it is made: nothing is held whole in
 * memory or staged on disk. Files are stored, not compressed: most of what people keep (photos,
 * video, archives) is compressed already, and a Raspberry Pi should serve at disk speed. Names are
 * UTF-8 and big archives ZIP64 (yazl), which every current unzip tool reads.
 */
import { PassThrough, type Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { ZipFile } from 'yazl';
import { z } from 'zod';
import type { Actor } from '../../core/actor.js';
import { baseName, joinPath } from '../../core/names.js';
import type { Entry } from '../../meta/index.js';
import type { FileService } from '../../pool/index.js';

const PAGE = 500;

export interface ZipRequest {
  files: FileService;
  poolName: string;
  actor: Actor;
  /** Each becomes a top-level item of the archive, under its own name. */
  items: Entry[];
  signal: AbortSignal;
}

/** The archive's bytes; an error while it is made (a damaged chunk) ends the stream with it. */
export function zipStream(request: ZipRequest): Readable {
  const zip = new ZipFile();
  const out = new PassThrough();
  zip.outputStream.on('error', (err: Error) => out.destroy(err)).pipe(out);
  addAll(zip, request).then(
    () => zip.end(),
    (err: unknown) => out.destroy(err as Error),
  );
  return out;
}

async function addAll(zip: ZipFile, request: ZipRequest): Promise<void> {
  for (const item of request.items) {
    for await (const [entry, name] of walk(request, item, item.name || request.poolName)) {
      if (request.signal.aborted) return;
      if (entry.kind === 'dir') zip.addEmptyDirectory(name, { mtime: new Date(entry.mtime) });
      else addFile(zip, request, entry, name);
    }
  }
}

function addFile(zip: ZipFile, request: ZipRequest, entry: Entry, name: string): void {
  // Opened only when the archive reaches it, so one file at a time holds chunks.
  zip.addReadStreamLazy(name, { size: entry.size, mtime: new Date(entry.mtime), compress: false }, (done) => {
    try {
      done(null, request.files.open(request.poolName, entry.path, request.actor, undefined, request.signal).stream);
    } catch (err) {
      done(err, undefined as unknown as Readable);
    }
  });
}

/** The entry and everything under it, each with its name in the archive, page by page. */
async function* walk(request: ZipRequest, entry: Entry, name: string): AsyncGenerator<[Entry, string]> {
  yield [entry, name];
  if (entry.kind !== 'dir') return;
  for (let offset = 0; ; offset += PAGE) {
    const { entries } = request.files.list(request.poolName, entry.path, request.actor, { sort: 'name', order: 'asc', limit: PAGE, offset });
    for (const child of entries) yield* walk(request, child, joinPath(name, child.name));
    if (entries.length < PAGE) return;
  }
}

/** Sends the archive as an attachment; without a length, as HTTP/1.1 chunks. */
export function sendZip(reply: FastifyReply, request: ZipRequest, asked: string | undefined): FastifyReply {
  reply.header('content-type', 'application/zip');
  reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(zipName(request, asked))}`);
  return reply.send(zipStream(request));
}

/** The file name a browser saves the archive as. */
function zipName(request: ZipRequest, asked: string | undefined): string {
  if (asked !== undefined) return asked.endsWith('.zip') ? asked : `${asked}.zip`;
  const only = request.items.length === 1 ? request.items[0]! : undefined;
  return only === undefined ? 'download.zip' : `${only.path === '' ? request.poolName : baseName(only.path)}.zip`;
}

/** The selection of a zip request's query: one or more `path` parameters. */
export const zipQuery = {
  path: z.union([z.string().max(4096), z.array(z.string().max(4096)).min(1).max(1000)]).default('').transform((p) => (Array.isArray(p) ? p : [p])),
  name: z.string().min(1).max(255).optional(),
};
