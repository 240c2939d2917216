/**
 * Kith messages on a libp2p stream: length-prefixed JSON, each checked against a zod schema before
 * anything uses it, each read with a deadline, none larger than MAX_MESSAGE_BYTES.
 */
import type { Stream } from '@libp2p/interface';
import { lpStream } from '@libp2p/utils';
import type { z } from 'zod';
import { InvalidInputError } from '../core/errors.js';

const MAX_MESSAGE_BYTES = 1024 * 1024;
/** Binary payloads (chunks) may be larger than messages: the largest chunk is 4 MiB. */
const MAX_PAYLOAD_BYTES = 4 * 1024 * 1024 + 1024;
export const MESSAGE_TIMEOUT_MS = 10_000;

export interface MessageChannel {
  /** The next message; `timeoutMs` for a stream that may rest between requests. */
  read<T extends z.ZodTypeAny>(schema: T, timeoutMs?: number): Promise<z.infer<T>>;
  write(message: unknown): Promise<void>;
  /** A binary payload (a chunk), as one length-prefixed frame. */
  readBytes(): Promise<Buffer>;
  /** A message and binary payloads after it, each its own frame (read back with read and readBytes), in one write. */
  writeFrames(message: unknown, payloads: Uint8Array[]): Promise<void>;
}

export function messageChannel(stream: Stream): MessageChannel {
  const lp = lpStream(stream, { maxDataLength: MAX_PAYLOAD_BYTES });
  return {
    async read(schema, timeoutMs = MESSAGE_TIMEOUT_MS) {
      const data = await lp.read({ signal: AbortSignal.timeout(timeoutMs) });
      if (data.byteLength > MAX_MESSAGE_BYTES) throw new InvalidInputError(`peer sent a message of ${data.byteLength} bytes (limit ${MAX_MESSAGE_BYTES})`);
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.from(data.subarray()).toString('utf8'));
      } catch {
        throw new InvalidInputError('peer sent a message that is not JSON');
      }
      const result = schema.safeParse(parsed);
      if (!result.success) throw new InvalidInputError(`peer sent a malformed message: ${result.error.issues[0]?.message ?? 'invalid'}`);
      return result.data;
    },
    async write(message) {
      await lp.write(Buffer.from(JSON.stringify(message)), { signal: AbortSignal.timeout(MESSAGE_TIMEOUT_MS) });
    },
    async readBytes() {
      const data = (await lp.read({ signal: AbortSignal.timeout(MESSAGE_TIMEOUT_MS) })).subarray();
      // A view, not a copy: a chunk's bytes are copied often enough on their way in.
      return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    },
    async writeFrames(message, payloads) {
      // One write for all: one muxer frame (and one window update) instead of one per payload.
      await lp.writeV([Buffer.from(JSON.stringify(message)), ...payloads], { signal: AbortSignal.timeout(MESSAGE_TIMEOUT_MS) });
    },
  };
}
