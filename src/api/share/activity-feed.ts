/**
 * A folder's activity as an Atom feed (RFC 4287), for feed readers, through a feed link: who
 * changed what, newest first. Written with the `feed` library; entry ids are stable tag URIs
 * (RFC 4151), so a reader shows each change once.
 */
import { Feed } from 'feed';
import type { KithEvent } from '../../meta/index.js';
import { verbOf } from '../change-words.js';

/** Entries in a feed: the latest changes; a reader polling every hour or so misses none. */
export const FEED_LENGTH = 50;

export interface FeedSource {
  /** Absolute URL of the feed itself. */
  selfUrl: string;
  /** Where a reader's link leads (the node's web app). */
  siteUrl: string;
  title: string;
  /** Unique to this pool, so ids never collide across pools and nodes. */
  poolUid: string;
  events: KithEvent[];
}

export function atomFeed(source: FeedSource): string {
  const feed = new Feed({
    id: source.selfUrl,
    title: source.title,
    link: source.siteUrl,
    updated: new Date(source.events[0]?.at ?? 0),
    generator: 'Kith',
    feedLinks: { atom: source.selfUrl },
  });
  for (const event of source.events) {
    const title = `${event.actor ?? 'someone'} ${verbOf(event.type)} ${event.path ?? ''}`.trim();
    feed.addItem({
      id: `tag:kith,2026:${source.poolUid}:${event.seq}`,
      title,
      link: source.siteUrl,
      date: new Date(event.at),
      author: event.actor === undefined ? undefined : [{ name: event.actor }],
      description: describe(event),
    });
  }
  return feed.atom1();
}

function describe(event: KithEvent): string | undefined {
  const to = event.detail?.to;
  return typeof to === 'string' ? `to ${to}` : undefined;
}
