/** What the file manager's buttons and keys do to entries, apart from how they look. */
import { contentUrl, copyEntry, makeFolder, moveEntry, moveToTrash, zipUrl } from '../api/files';
import type { Entry } from '../api/types';
import { filesUrl, navigate } from '../router';

export const parentOf = (path: string): string => path.slice(0, Math.max(0, path.lastIndexOf('/')));
const join = (folder: string, name: string): string => (folder ? `${folder}/${name}` : name);

/** A folder is opened by going into it, a file by previewing it over the list. */
export function openEntry(pool: string, entry: Entry, preview: (file: Entry) => void): void {
  if (entry.type === 'dir') navigate(filesUrl(pool, entry.path));
  else preview(entry);
}

/** One file as itself; folders and several items as one zip, so the browser asks once. */
export function downloadEntries(pool: string, entries: readonly Entry[]): void {
  const only = entries.length === 1 && entries[0]!.type === 'file' ? entries[0] : undefined;
  const link = document.createElement('a');
  link.href = only ? contentUrl(pool, only.path, true) : zipUrl(pool, entries.map((e) => e.path));
  link.download = only?.name ?? '';
  link.click();
}

/** Moves entries to the trash one by one; says how many went, or what stopped it. */
export async function trashEntries(pool: string, paths: readonly string[]): Promise<string> {
  let moved = 0;
  for (const path of paths) {
    await moveToTrash(pool, path);
    moved++;
  }
  return `Moved ${moved === 1 ? `"${paths[0]!.split('/').pop()}"` : `${moved} items`} to the trash.`;
}

/** Moves or copies entries into `folder` (a path in the same pool, '' for its top), keeping their names. */
export async function transferEntries(pool: string, entries: readonly Entry[], folder: string, kind: 'move' | 'copy'): Promise<string> {
  const target = folder.replace(/^\/+|\/+$/g, '');
  for (const entry of entries) await (kind === 'move' ? moveEntry : copyEntry)(pool, entry.path, join(target, entry.name));
  const what = entries.length === 1 ? `"${entries[0]!.name}"` : `${entries.length} items`;
  return `${kind === 'move' ? 'Moved' : 'Copied'} ${what} to "${target || pool}".`;
}

export function renameEntry(pool: string, entry: Entry, name: string): Promise<Entry> {
  return moveEntry(pool, entry.path, join(parentOf(entry.path), name));
}

export function createFolder(pool: string, folder: string, name: string): Promise<Entry> {
  return makeFolder(pool, join(folder, name));
}
