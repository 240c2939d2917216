/** Sends an image thumbnail: WebP, revalidated by its content ETag, made only when not cached. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Actor } from '../../core/actor.js';
import type { Entry } from '../../meta/index.js';
import { THUMBNAIL_SIZES, type ThumbnailService, type ThumbnailSize } from '../../pool/index.js';

export const thumbnailQuery = z.object({
  size: z.coerce
    .number()
    .refine((n): n is ThumbnailSize => (THUMBNAIL_SIZES as readonly number[]).includes(n), { message: `size must be one of ${THUMBNAIL_SIZES.join(', ')}` })
    .default(256),
});

export async function sendThumbnail(request: FastifyRequest, reply: FastifyReply, thumbnails: ThumbnailService, target: { poolName: string; entry: Entry; actor: Actor; size: ThumbnailSize }): Promise<FastifyReply> {
  const etag = `"${thumbnails.etagOf(target.entry, target.size)}"`;
  reply.header('etag', etag);
  // Private: a thumbnail shows what only this visitor may see. Revalidated: the file may change.
  reply.header('cache-control', 'private, no-cache');
  if (request.headers['if-none-match'] === etag) return reply.code(304).send();
  const thumbnail = await thumbnails.get(target.poolName, target.entry, target.size, target.actor);
  return reply.type('image/webp').header('x-content-type-options', 'nosniff').send(thumbnail.data);
}
