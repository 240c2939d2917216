/**
 * A random key travels in a share link's fragment (`#k=<base64url>`), which browsers never send
 * to any server. The page reads it once, keeps it in memory and strips it from the address bar,
 * so it ends up neither in the history nor in a bookmark or a copied address.
 */
let taken: string | undefined;

export function takeFragmentKey(): string | undefined {
  const match = /^#k=([A-Za-z0-9_-]+)$/.exec(location.hash);
  if (match) {
    taken = match[1];
    history.replaceState(history.state, '', location.pathname + location.search);
  }
  return taken;
}

export const linkWithKey = (url: string, key: string): string => `${url}#k=${key}`;
