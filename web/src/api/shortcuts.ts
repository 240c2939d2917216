/** The user's shortcuts: favorite files and folders, and the files written lately. */
import { api, encodePath } from './http';
import type { Entry } from './types';

/** A file or folder with the pool it is in. */
export interface PoolEntry {
  pool: string;
  entry: Entry;
}

const favoriteUrl = (pool: string, path: string): string => `/favorites/${encodeURIComponent(pool)}/${encodePath(path)}`;

export async function listFavorites(): Promise<PoolEntry[]> {
  return (await api<{ items: PoolEntry[] }>('/favorites')).items;
}

export async function addFavorite(pool: string, path: string): Promise<void> {
  await api(favoriteUrl(pool, path), { method: 'PUT' });
}

export async function removeFavorite(pool: string, path: string): Promise<void> {
  await api(favoriteUrl(pool, path), { method: 'DELETE' });
}

export async function listRecent(): Promise<PoolEntry[]> {
  return (await api<{ items: PoolEntry[] }>('/recent')).items;
}
