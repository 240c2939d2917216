/**
 * The asking side of the content protocol: one stream per peer for a whole fetch, with several
 * requests in flight on it. A new stream per request would cost a round trip, its own flow-control
 * ramp-up and ~1 ms of CPU each; a kept stream lets the peer send back to back. Replies come in the
 * order of the requests, so each request reads its reply after the previous one's.
 */
import type { Stream } from '@libp2p/interface';
import { InvalidInputError } from '../core/errors.js';
import { messageChannel, type MessageChannel } from '../net/index.js';
import { contentGroup } from './protocol.js';
import type { TokenBucket } from './token-bucket.js';

export interface ContentAsk {
  manifests: string[];
  chunks: string[];
}

interface Session {
  stream: Stream;
  channel: MessageChannel;
  /** The last request written, and the last reply read: the next ones queue behind them. */
  written: Promise<void>;
  read: Promise<unknown>;
  /** Requests whose reply has not been read yet. */
  pending: number;
}

export class ContentClient {
  private readonly sessions = new Map<string, Promise<Session>>();

  constructor(
    private readonly open: (peer: string) => Promise<Stream>,
    private readonly download: TokenBucket,
  ) {}

  /** The items the peer sent, not yet checked against their hashes (accepting them does that); a missing item is absent. */
  async request(peer: string, ask: ContentAsk): Promise<Map<string, Buffer>> {
    const session = await this.session(peer);
    // Both queued in the same turn, so replies are read in the order the requests were written.
    const written = session.written.then(() => session.channel.write(ask));
    const reply = Promise.all([written, session.read]).then(() => this.readReply(session.channel, peer, [...ask.manifests, ...ask.chunks]));
    session.written = written;
    session.read = reply;
    session.pending++;
    return reply.finally(() => session.pending--);
  }

  /**
   * Ends every stream: the peers' servers see the end and stop. A stream with replies still
   * coming (requests the fetch no longer needs) is reset, so that the peer stops sending at once.
   */
  async close(): Promise<void> {
    const sessions = await Promise.allSettled(this.sessions.values());
    this.sessions.clear();
    await Promise.all(
      sessions.map(async (settled) => {
        if (settled.status === 'rejected') return;
        const { stream, pending } = settled.value;
        if (pending > 0) stream.abort(new Error('no longer needed'));
        else await stream.close().catch(() => {});
      }),
    );
  }

  private session(peer: string): Promise<Session> {
    let session = this.sessions.get(peer);
    if (session === undefined) {
      session = this.open(peer).then((stream) => ({ stream, channel: messageChannel(stream), written: Promise.resolve(), read: Promise.resolve(), pending: 0 }));
      this.sessions.set(peer, session);
    }
    return session;
  }

  private async readReply(channel: MessageChannel, peer: string, hashes: string[]): Promise<Map<string, Buffer>> {
    const found = new Map<string, Buffer>();
    for (let next = 0; next < hashes.length; ) {
      const group = await channel.read(contentGroup);
      if (next + group.found.length > hashes.length) throw new InvalidInputError(`peer ${peer} answered more items than asked`);
      for (const present of group.found) {
        const hash = hashes[next++]!;
        if (!present) continue;
        const data = await channel.readBytes();
        await this.download.take(data.length);
        found.set(hash, data);
      }
    }
    return found;
  }
}
