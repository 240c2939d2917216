/**
 * A fresh built daemon and a browser signed in to it, without the setup and login screens: the
 * administrator is created and users sign in through the API, and the session cookie is handed to
 * the browser. For tests whose subject is a page behind the login (the screens themselves are
 * tested in app.test.ts).
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { launchBrowser, setupUrlOf, type TestBrowser } from './browser.js';
import { removeDir, startDaemon, type Daemon } from './daemon.js';
import { STRONG_PASSWORD } from './in-process-node.js';

export interface SignedIn {
  daemon: Daemon;
  browser: TestBrowser;
  page: Page;
  /** A JSON call to the node's API as the signed-in user, made as the app makes it; must succeed. */
  call(path: string, method: string, json?: unknown): Promise<Response>;
  /** Signs the browser in as another user (password STRONG_PASSWORD). */
  signInAs(name: string): Promise<void>;
  openFolder(pool: string, path?: string): Promise<void>;
  /** Stops the browser and the daemon, and removes their folders. */
  close(): Promise<void>;
}

/** Starts a daemon and a browser signed in as the administrator `admin` (password STRONG_PASSWORD). */
export async function startSignedIn(): Promise<SignedIn> {
  const daemon = await startDaemon();
  const browser = await launchBrowser();
  let cookie = '';
  const call = async (path: string, method: string, json?: unknown): Promise<Response> => {
    const res = await fetch(`${daemon.url}/api/v1${path}`, {
      method,
      headers: { ...(json === undefined ? {} : { 'content-type': 'application/json' }), origin: daemon.url, 'x-requested-with': 'XMLHttpRequest', ...(cookie ? { cookie } : {}) },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    expect(res.ok, `${method} ${path}: ${res.status} ${await res.clone().text()}`).toBe(true);
    return res;
  };
  const signInAs = async (name: string): Promise<void> => {
    const login = await call('/login', 'POST', { name, password: STRONG_PASSWORD, remember: false });
    cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const [cookieName, value] = cookie.split('=') as [string, string];
    await browser.context.clearCookies();
    await browser.context.addCookies([{ name: cookieName, value, url: daemon.url }]);
  };
  const openFolder = async (pool: string, path = ''): Promise<void> => {
    await browser.page.goto(`${daemon.url}/files/${pool}/${path}`);
    await browser.page.getByRole('toolbar', { name: 'File actions' }).waitFor();
  };
  const close = async (): Promise<void> => {
    await browser.close();
    await daemon.stop();
    await removeDir(daemon.dataDir);
  };
  const token = new URL(setupUrlOf(daemon)).hash.replace('#token=', '');
  await call('/setup', 'POST', { token, name: 'admin', password: STRONG_PASSWORD });
  await signInAs('admin');
  return { daemon, browser, page: browser.page, call, signInAs, openFolder, close };
}
