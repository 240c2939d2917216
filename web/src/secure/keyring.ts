/**
 * Random keys of the files this page sealed, kept in memory only for as long as the page lives,
 * so that sharing a file just uploaded needs no pasting. Nothing is written to storage: a key
 * saved in the browser would be one more place to steal it from.
 */
const keys = new Map<string, string>();
const id = (pool: string, path: string): string => `${pool}\n${path}`;

export function rememberKey(pool: string, path: string, key: string): void {
  keys.set(id(pool, path), key);
}

export const knownKey = (pool: string, path: string): string | undefined => keys.get(id(pool, path));

/** The key of a file this page sealed somewhere inside `folder` ('' for the pool's top), if any. */
export function keyInside(pool: string, folder: string): string | undefined {
  const prefix = id(pool, folder ? `${folder}/` : '');
  for (const [path, key] of keys) if (path.startsWith(prefix)) return key;
  return undefined;
}
