/**
 * Client routes, in the address bar so that reload, back and bookmarks work:
 * `/setup`, `/login`, `/files/<pool>/<folder path>`, `/trash/<pool>`, `/favorites`, `/recent`, `/settings`, `/links`, `/activity`,
 * `/admin/users`, `/admin/node`, `/admin/network`, and a share
 * link's public page `/s/<token>/<path inside it>`. The node answers every
 * such path with the app itself.
 */
import { useEffect, useState } from 'preact/hooks';
import { encodePath } from './api/http';

export type Route =
  | { page: 'home' }
  | { page: 'setup' }
  | { page: 'login' }
  | { page: 'files'; pool: string; path: string }
  | { page: 'trash'; pool: string }
  | { page: 'settings' }
  | { page: 'users' }
  | { page: 'links' }
  | { page: 'activity' }
  | { page: 'node' }
  | { page: 'network' }
  | { page: 'favorites' }
  | { page: 'recent' }
  | { page: 'share'; token: string; path: string };

export function parseRoute(pathname: string): Route {
  const [first = '', pool, ...rest] = pathname.split('/').slice(1).map(decodeURIComponent);
  if (first === 'setup') return { page: 'setup' };
  if (first === 'login') return { page: 'login' };
  if (first === 'settings') return { page: 'settings' };
  if (first === 'links') return { page: 'links' };
  if (first === 'favorites' || first === 'recent') return { page: first };
  if (first === 's' && pool) return { page: 'share', token: pool, path: rest.filter(Boolean).join('/') };
  if (first === 'activity') return { page: 'activity' };
  if (first === 'admin' && pool === 'users') return { page: 'users' };
  if (first === 'admin' && pool === 'node') return { page: 'node' };
  if (first === 'admin' && pool === 'network') return { page: 'network' };
  if (first === 'files' && pool) return { page: 'files', pool, path: rest.filter(Boolean).join('/') };
  if (first === 'trash' && pool) return { page: 'trash', pool };
  return { page: 'home' };
}

export const filesUrl = (pool: string, path = ''): string => `/files/${encodeURIComponent(pool)}/${path ? encodePath(path) : ''}`;
export const shareUrl = (token: string, path = ''): string => `/s/${encodeURIComponent(token)}${path ? `/${encodePath(path)}` : ''}`;
export const trashUrl = (pool: string): string => `/trash/${encodeURIComponent(pool)}`;

export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  dispatchEvent(new PopStateEvent('popstate'));
}

export function useRoute(): Route {
  const [pathname, setPathname] = useState(location.pathname);
  useEffect(() => {
    const onChange = () => setPathname(location.pathname);
    addEventListener('popstate', onChange);
    return () => removeEventListener('popstate', onChange);
  }, []);
  return parseRoute(pathname);
}

/** Links inside the app change the route without reloading the page. */
export function followLink(event: MouseEvent): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  const href = (event.currentTarget as HTMLAnchorElement).getAttribute('href');
  if (!href) return;
  event.preventDefault();
  navigate(href);
}
