/**
 * A signed-in browser without the setup and login screens: the administrator is created and users
 * sign in through the API, and the session cookie is handed to the browser. For tests whose subject
 * is a page behind the login (the screens themselves are tested in app.test.ts).
 */
import { expect } from 'vitest';
import { setupUrlOf, type TestBrowser } from './browser.js';
import type { Daemon } from './daemon.js';
import { STRONG_PASSWORD } from './in-process-node.js';

export interface WebSession {
  /** A JSON call to the node's API as the signed-in user, made as the app makes it; must succeed. */
  call(path: string, method: string, json?: unknown): Promise<Response>;
  signInAs(name: string): Promise<void>;
  openFolder(pool: string, path?: string): Promise<void>;
}

/** Creates the administrator `admin` (password STRONG_PASSWORD) and signs the browser in as them. */
export async function adminSession(d: Daemon, b: TestBrowser): Promise<WebSession> {
  let cookie = '';
  const call = async (path: string, method: string, json?: unknown): Promise<Response> => {
    const res = await fetch(`${d.url}/api/v1${path}`, {
      method,
      headers: { ...(json === undefined ? {} : { 'content-type': 'application/json' }), origin: d.url, 'x-requested-with': 'XMLHttpRequest', ...(cookie ? { cookie } : {}) },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    expect(res.ok, `${method} ${path}: ${res.status} ${await res.clone().text()}`).toBe(true);
    return res;
  };
  const signInAs = async (name: string): Promise<void> => {
    const login = await call('/login', 'POST', { name, password: STRONG_PASSWORD, remember: false });
    cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const [cookieName, value] = cookie.split('=') as [string, string];
    await b.context.clearCookies();
    await b.context.addCookies([{ name: cookieName, value, url: d.url }]);
  };
  const openFolder = async (pool: string, path = ''): Promise<void> => {
    await b.page.goto(`${d.url}/files/${pool}/${path}`);
    await b.page.getByRole('toolbar', { name: 'File actions' }).waitFor();
  };
  const token = new URL(setupUrlOf(d)).hash.replace('#token=', '');
  await call('/setup', 'POST', { token, name: 'admin', password: STRONG_PASSWORD });
  await signInAs('admin');
  return { call, signInAs, openFolder };
}
