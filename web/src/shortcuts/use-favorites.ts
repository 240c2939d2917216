/**
 * Which entries of a pool are the user's favorites, and marking or unmarking them. The node keeps
 * the list; it is fetched once per pool shown and after each change.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { addFavorite, listFavorites, removeFavorite } from '../api/shortcuts';
import type { Entry } from '../api/types';

export interface Favorites {
  has(path: string): boolean;
  /** Marks the entries, or unmarks them when all already are; says what happened. */
  toggle(entries: readonly Entry[]): Promise<string>;
}

export function useFavorites(pool: string): Favorites {
  const [paths, setPaths] = useState<ReadonlySet<string>>(new Set());
  const load = useCallback(async () => {
    const items = await listFavorites();
    setPaths(new Set(items.filter((i) => i.pool === pool).map((i) => i.entry.path)));
  }, [pool]);
  useEffect(() => void load().catch(() => setPaths(new Set())), [load]);

  const has = (path: string) => paths.has(path);
  const toggle = async (entries: readonly Entry[]) => {
    const unmark = entries.every((e) => has(e.path));
    try {
      for (const entry of entries) await (unmark ? removeFavorite : addFavorite)(pool, entry.path);
    } finally {
      await load();
    }
    const what = entries.length === 1 ? `"${entries[0]!.name}"` : `${entries.length} items`;
    return unmark ? `${what} no longer in favorites.` : `Added ${what} to favorites.`;
  };
  return { has, toggle };
}
