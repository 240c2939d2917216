/**
 * How the node serves its web app (built into dist/public by `npm run build`, which pretest runs):
 * the CSP on every page, caching, client routes, and the API's answers the app relies on.
 */
import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src/web/index.js';
import { expectError, startTestNode, type TestNode } from '../helpers/in-process-node.js';

let t: TestNode;
beforeAll(async () => {
  t = await startTestNode();
});
afterAll(() => t.stop());

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${t.url}${path}`, { headers });

describe('the web app as the node serves it', () => {
  it('answers / and every client route with the app, revalidated each time, under a strict CSP', async () => {
    for (const path of ['/', '/setup', '/login', '/files/home/a/b', '/trash/home']) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(await res.text()).toMatch(/<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js"><\/script>/);
    }
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
  });

  it('serves hashed assets for a year, to anyone, and nothing from the build manifest', async () => {
    const assets = await readdir(new URL('../../dist/public/assets/', import.meta.url));
    const script = assets.find((f) => /^index-.*\.js$/.test(f))!;
    const res = await get(`/assets/${script}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect((await get('/favicon.svg')).headers.get('cache-control')).toBe('no-cache');
    expect((await get('/.vite/manifest.json')).headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('keeps unknown API paths as JSON errors, not pages', async () => {
    await expectError(await get('/api/v1/no-such-thing'), 404, 'E_NOT_FOUND');
    await expectError(await get('/api/v2/pools'), 404, 'E_NOT_FOUND');
  });

  it('challenges API clients with Basic on 401, but not the web app, which shows its own login', async () => {
    const cli = await t.api('/me', { token: null });
    expect(cli.status).toBe(401);
    expect(cli.headers.get('www-authenticate')).toMatch(/^Basic/);
    const app = await t.api('/me', { token: null, headers: { 'x-requested-with': 'XMLHttpRequest' } });
    await expectError(app, 401, 'E_UNAUTHORIZED');
    expect(app.headers.get('www-authenticate')).toBeNull();
  });
});
