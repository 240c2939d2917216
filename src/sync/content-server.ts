/**
 * The serving side of the content protocol: answers the requests of one stream in order until the
 * asker closes it. Items are read a few ahead of the one being sent and go out in groups of about
 * a megabyte (one write each), so a fast link is not held up by one disk read or one frame per
 * chunk, and memory stays bounded whatever the request asks for.
 */
import type { Stream } from '@libp2p/interface';
import { messageChannel, type MessageChannel } from '../net/index.js';
import { contentRequest } from './protocol.js';
import type { TokenBucket } from './token-bucket.js';

export interface ContentSource {
  manifest(hash: string): Buffer | undefined;
  /** The chunk's bytes, verified on read, or undefined when this node does not hold it (intact). */
  chunk(hash: string): Promise<Buffer | undefined>;
  upload: TokenBucket;
}

/** Chunk reads in flight ahead of the one being sent. */
const READ_AHEAD = 8;
/** Bytes per group: large writes, yet small steps for the upload rate limit. */
const GROUP_BYTES = 1024 * 1024;
/** A stream may rest this long between requests while the asker verifies and stores. */
const IDLE_TIMEOUT_MS = 60_000;

export async function serveContent(stream: Stream, source: ContentSource): Promise<void> {
  const channel = messageChannel(stream);
  try {
    for (;;) {
      // The asker closing the stream (or going quiet) ends the session.
      const ask = await channel.read(contentRequest, IDLE_TIMEOUT_MS).catch(() => undefined);
      if (ask === undefined) return;
      const load = (i: number) => (i < ask.manifests.length ? Promise.resolve(source.manifest(ask.manifests[i]!)) : source.chunk(ask.chunks[i - ask.manifests.length]!));
      await sendGroups(channel, readAhead(ask.manifests.length + ask.chunks.length, load), source.upload);
    }
  } finally {
    await stream.close().catch(() => {});
  }
}

async function sendGroups(channel: MessageChannel, items: AsyncIterable<Buffer | undefined>, upload: TokenBucket): Promise<void> {
  let found: boolean[] = [];
  let payloads: Buffer[] = [];
  let bytes = 0;
  const flush = async () => {
    await upload.take(bytes);
    await channel.writeFrames({ found }, payloads);
    found = [];
    payloads = [];
    bytes = 0;
  };
  for await (const data of items) {
    found.push(data !== undefined);
    if (data !== undefined) {
      payloads.push(data);
      bytes += data.length;
    }
    if (bytes >= GROUP_BYTES) await flush();
  }
  if (found.length > 0) await flush();
}

/** load(0), load(1), … in order, with up to READ_AHEAD of them running at once. */
async function* readAhead<T>(count: number, load: (i: number) => Promise<T>): AsyncGenerator<T> {
  const pending: Promise<T>[] = [];
  for (let next = 0; next < count || pending.length > 0; ) {
    while (pending.length < READ_AHEAD && next < count) pending.push(load(next++));
    yield await pending.shift()!;
  }
}
