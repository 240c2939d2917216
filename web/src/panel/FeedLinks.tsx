/**
 * A pool's activity as an Atom feed for a feed reader: a feed link (a share link of kind feed on
 * the pool's top folder), whose secret token is in its address. Made on request, once per pool;
 * revoked on the Links page like any other link.
 */
import { useEffect, useState } from 'preact/hooks';
import { listPools } from '../api/files';
import { API_ROOT } from '../api/http';
import { createLink, listLinks } from '../api/links';
import type { Pool, ShareLink } from '../api/types';
import { CopyButton } from '../components/CopyButton';
import { useAction } from '../components/use-action';

const feedUrl = (link: ShareLink): string => `${location.origin}${API_ROOT}/s/${encodeURIComponent(link.token)}/feed`;

export function FeedLinks() {
  const [pools, setPools] = useState<Pool[]>([]);
  const [feeds, setFeeds] = useState(new Map<string, ShareLink>());
  const { busy, error, run } = useAction();
  const remember = (link: ShareLink) => setFeeds((known) => new Map(known).set(link.pool, link));
  useEffect(
    () =>
      void run(async () => {
        const [found, links] = await Promise.all([listPools(), listLinks()]);
        setPools(found);
        setFeeds(new Map(links.filter((l) => l.kind === 'feed' && l.path === '').map((l) => [l.pool, l])));
      }),
    [],
  );
  const make = (pool: string) => run(async () => remember(await createLink(pool, { path: '', kind: 'feed' })));

  return (
    <section class="panel-section" aria-labelledby="feeds-title">
      <h2 id="feeds-title">Feeds</h2>
      <p class="muted">A pool's changes in a feed reader (Atom). Anyone with a feed link's address can read the feed; revoke it on the Links page.</p>
      {error && <p class="error" role="alert">{error}</p>}
      <ul class="settings-list" aria-label="Feeds of the pools">
        {pools.map((pool) => {
          const link = feeds.get(pool.name);
          return (
            <li key={pool.id}>
              <span class="feed-pool">
                <strong>{pool.name}</strong>
                {link && <code class="address">{feedUrl(link)}</code>}
              </span>
              {link ? (
                <CopyButton text={feedUrl(link)} label={`Copy the feed link of ${pool.name}`} />
              ) : (
                <button type="button" disabled={busy} onClick={() => void make(pool.name)} aria-label={`Make a feed link for ${pool.name}`}>
                  Feed link
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
