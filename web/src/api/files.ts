/** Pools, folders and files: listing, folders, rename, trash, versions. */
import { api, API_ROOT, encodePath } from './http';
import type { Entry, FolderPage, Pool, TrashItem, Version } from './types';

const poolUrl = (pool: string): string => `/pools/${encodeURIComponent(pool)}`;

export async function listPools(): Promise<Pool[]> {
  return (await api<{ pools: Pool[] }>('/pools')).pools;
}

/** The largest page the API hands out. */
export const MAX_PAGE = 1000;

export function listFolderPage(pool: string, path: string, offset: number, signal?: AbortSignal): Promise<FolderPage> {
  const query = `?offset=${offset}&limit=${MAX_PAGE}&sort=name`;
  return api<FolderPage>(`${poolUrl(pool)}/files/${encodePath(path)}${query}`, { signal });
}

export async function makeFolder(pool: string, path: string, parents = false): Promise<Entry> {
  return (await api<{ entry: Entry }>(`${poolUrl(pool)}/mkdir`, { method: 'POST', json: { path, parents } })).entry;
}

export async function moveEntry(pool: string, from: string, to: string): Promise<Entry> {
  return (await api<{ entry: Entry }>(`${poolUrl(pool)}/move`, { method: 'POST', json: { from, to } })).entry;
}

export async function copyEntry(pool: string, from: string, to: string): Promise<Entry> {
  return (await api<{ entry: Entry }>(`${poolUrl(pool)}/copy`, { method: 'POST', json: { from, to } })).entry;
}

export async function moveToTrash(pool: string, path: string): Promise<void> {
  await api(`${poolUrl(pool)}/files/${encodePath(path)}`, { method: 'DELETE' });
}

export async function listTrash(pool: string): Promise<TrashItem[]> {
  return (await api<{ items: TrashItem[] }>(`${poolUrl(pool)}/trash`)).items;
}

export async function restoreFromTrash(pool: string, id: number): Promise<Entry> {
  return (await api<{ entry: Entry }>(`${poolUrl(pool)}/trash/${id}/restore`, { method: 'POST' })).entry;
}

export async function purgeFromTrash(pool: string, id: number): Promise<void> {
  await api(`${poolUrl(pool)}/trash/${id}`, { method: 'DELETE' });
}

export async function listVersions(pool: string, path: string): Promise<Version[]> {
  return (await api<{ versions: Version[] }>(`${poolUrl(pool)}/versions/${encodePath(path)}`)).versions;
}

export async function restoreVersion(pool: string, path: string, id: number): Promise<Entry> {
  return (await api<{ entry: Entry }>(`${poolUrl(pool)}/versions/restore`, { method: 'POST', json: { path, id } })).entry;
}

/** Where a file's content is, for links and uploads. */
export function contentUrl(pool: string, path: string, download = false): string {
  return `${API_ROOT}${poolUrl(pool)}/content/${encodePath(path)}${download ? '?download=true' : ''}`;
}

export async function deleteVersion(pool: string, path: string, id: number): Promise<void> {
  await api(`${poolUrl(pool)}/versions/${encodePath(path)}?id=${id}`, { method: 'DELETE' });
}

/** A picture of an image file, `size` pixels on its longer side, made and cached by the node. */
export function thumbnailUrl(pool: string, path: string, size: 128 | 256 | 512 | 1024): string {
  return `${API_ROOT}${poolUrl(pool)}/thumbnails/${encodePath(path)}?size=${size}`;
}

/** Files and folders as one zip, streamed by the node; each item under its own name. */
export function zipUrl(pool: string, paths: readonly string[]): string {
  return `${API_ROOT}${poolUrl(pool)}/zip?${paths.map((p) => `path=${encodeURIComponent(p)}`).join('&')}`;
}

export function versionContentUrl(pool: string, path: string, id: number): string {
  return `${API_ROOT}${poolUrl(pool)}/version-content/${encodePath(path)}?id=${id}&download=true`;
}

/** Files and folders anywhere in the pool whose name contains `query`. */
export async function searchByName(pool: string, query: string, signal?: AbortSignal): Promise<Entry[]> {
  return (await api<{ items: Entry[] }>(`${poolUrl(pool)}/search?q=${encodeURIComponent(query)}&limit=1000`, { signal })).items;
}
