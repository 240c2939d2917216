/**
 * Kith messages on a libp2p stream: length-prefixed JSON, each checked against a zod schema before
 * anything uses it, each read with a deadline, none larger than MAX_MESSAGE_BYTES.
 */
import type { Stream } from '@libp2p/interface';
import { lpStream } from '@libp2p/utils';
import type { z } from 'zod';
import { InvalidInputError } from '../core/errors.js';

const MAX_MESSAGE_BYTES = 256 * 1024;
export const MESSAGE_TIMEOUT_MS = 10_000;

export interface MessageChannel {
  read<T extends z.ZodTypeAny>(schema: T): Promise<z.infer<T>>;
  write(message: unknown): Promise<void>;
}

export function messageChannel(stream: Stream): MessageChannel {
  const lp = lpStream(stream, { maxDataLength: MAX_MESSAGE_BYTES });
  return {
    async read(schema) {
      const data = await lp.read({ signal: AbortSignal.timeout(MESSAGE_TIMEOUT_MS) });
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
  };
}
