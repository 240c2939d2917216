/**
 * The REST calls the web app makes, made the way it makes them: with the session cookie of a
 * signed-in browser, its Origin, and X-Requested-With; then the bad inputs a browser can send.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, expectError, startTestNode, STRONG_PASSWORD, type TestNode } from '../helpers/in-process-node.js';

let t: TestNode;
let cookie: string;
const POOL = 'home-carol';

beforeAll(async () => {
  t = await startTestNode();
  await addUser(t, 'carol');
  const login = await t.api('/login', { method: 'POST', token: null, json: { name: 'carol', password: STRONG_PASSWORD, remember: false } });
  cookie = login.headers.get('set-cookie')!.split(';')[0]!;
});
afterAll(() => t.stop());

/** As the browser sends it: cookie, same Origin, the app's marker header. */
function browser(path: string, init: { method?: string; json?: unknown; body?: string; origin?: string } = {}) {
  const headers: Record<string, string> = { cookie, origin: init.origin ?? t.url, 'x-requested-with': 'XMLHttpRequest' };
  return t.api(path, { method: init.method, json: init.json, body: init.body, token: null, headers });
}

const json = async <T>(res: Response, status = 200): Promise<T> => {
  expect(res.status, await res.clone().text()).toBe(status);
  return (await res.json()) as T;
};

describe('the web app\'s calls, with a session cookie', () => {
  it('lists pools, folders in pages, and makes, renames and trashes entries', async () => {
    const { pools } = await json<{ pools: { name: string }[] }>(await browser('/pools'));
    expect(pools.map((p) => p.name)).toEqual([POOL]);
    await json(await browser(`/pools/${POOL}/mkdir`, { method: 'POST', json: { path: 'Docs' } }), 201);
    for (let i = 0; i < 3; i++) await json(await browser(`/pools/${POOL}/content/Docs/f${i}.txt?mtime=1700000000000`, { method: 'PUT', body: `v${i}` }), 201);
    const page = await json<{ children: { items: { name: string }[]; total: number } }>(await browser(`/pools/${POOL}/files/Docs?offset=1&limit=1000&sort=name`));
    expect(page.children.total).toBe(3);
    expect(page.children.items.map((e) => e.name)).toEqual(['f1.txt', 'f2.txt']);
    await json(await browser(`/pools/${POOL}/move`, { method: 'POST', json: { from: 'Docs/f0.txt', to: 'Docs/first.txt' } }));
    await json(await browser(`/pools/${POOL}/files/Docs/first.txt`, { method: 'DELETE' }));
    const { items } = await json<{ items: { id: number; originalPath: string }[] }>(await browser(`/pools/${POOL}/trash`));
    expect(items.map((i) => i.originalPath)).toEqual(['Docs/first.txt']);
    await json(await browser(`/pools/${POOL}/trash/${items[0]!.id}/restore`, { method: 'POST' }));
  });

  it('keeps versions of an overwritten file and restores one', async () => {
    await json(await browser(`/pools/${POOL}/content/Docs/f1.txt`, { method: 'PUT', body: 'second' }));
    const { versions } = await json<{ versions: { id: number }[] }>(await browser(`/pools/${POOL}/versions/Docs/f1.txt`));
    expect(versions).toHaveLength(1);
    const old = await browser(`/pools/${POOL}/version-content/Docs/f1.txt?id=${versions[0]!.id}&download=true`);
    expect(await old.text()).toBe('v1');
    expect(old.headers.get('content-disposition')).toMatch(/^attachment/);
    await json(await browser(`/pools/${POOL}/versions/restore`, { method: 'POST', json: { path: 'Docs/f1.txt', id: versions[0]!.id } }));
    expect(await (await browser(`/pools/${POOL}/content/Docs/f1.txt`)).text()).toBe('v1');
  });

  it('refuses changes from another origin, and answers a lapsed session with 401 and no Basic challenge', async () => {
    const evil = 'http://evil.example';
    await expectError(await browser(`/pools/${POOL}/content/Docs/x.txt`, { method: 'PUT', body: 'x', origin: evil }), 403, 'E_FORBIDDEN');
    await expectError(await browser(`/pools/${POOL}/move`, { method: 'POST', json: { from: 'Docs/f1.txt', to: 'y' }, origin: evil }), 403, 'E_FORBIDDEN');
    await expectError(await browser(`/pools/${POOL}/files/Docs/f1.txt`, { method: 'DELETE', origin: evil }), 403, 'E_FORBIDDEN');
    const lapsed = await t.api('/me', { token: null, headers: { cookie: 'kith_session=kith_s_nope', 'x-requested-with': 'XMLHttpRequest' } });
    await expectError(lapsed, 401, 'E_UNAUTHORIZED');
    expect(lapsed.headers.get('www-authenticate')).toBeNull();
  });
});

describe('bad input from the browser', () => {
  it('refuses listing pages out of range', async () => {
    await expectError(await browser(`/pools/${POOL}/files/Docs?limit=5000`), 400, 'E_INVALID');
    await expectError(await browser(`/pools/${POOL}/files/Docs?offset=-1`), 400, 'E_INVALID');
    await expectError(await browser(`/pools/${POOL}/files/Docs?sort=colour`), 400, 'E_INVALID');
    await expectError(await browser(`/pools/${POOL}/files/Nope`), 404, 'E_NOT_FOUND');
  });

  it('refuses folder names and renames that are taken or not names', async () => {
    await expectError(await browser(`/pools/${POOL}/mkdir`, { method: 'POST', json: { path: 'Docs' } }), 409, 'E_EXISTS');
    await expectError(await browser(`/pools/${POOL}/mkdir`, { method: 'POST', json: { path: 'a/../../b' } }), 400, 'E_BAD_NAME');
    await expectError(await browser(`/pools/${POOL}/move`, { method: 'POST', json: { from: 'Docs/f1.txt', to: 'Docs/f2.txt' } }), 409, 'E_EXISTS');
    await expectError(await browser(`/pools/${POOL}/move`, { method: 'POST', json: { from: 'Docs/gone.txt', to: 'Docs/x.txt' } }), 404, 'E_NOT_FOUND');
    await expectError(await browser(`/pools/${POOL}/move`, { method: 'POST', json: { from: 'Docs/f1.txt' } }), 400, 'E_INVALID');
  });

  it('refuses uploads onto a folder or beneath a file', async () => {
    await expectError(await browser(`/pools/${POOL}/content/Docs`, { method: 'PUT', body: 'x' }), 409, 'E_CONFLICT');
    await expectError(await browser(`/pools/${POOL}/content/Docs/f2.txt/inner.txt`, { method: 'PUT', body: 'x' }), 409, 'E_CONFLICT');
    await expectError(await browser(`/pools/${POOL}/content/Docs/a.txt?mtime=yesterday`, { method: 'PUT', body: 'x' }), 400, 'E_INVALID');
  });

  it('refuses unknown or malformed trash and version ids', async () => {
    await expectError(await browser(`/pools/${POOL}/trash/abc/restore`, { method: 'POST' }), 400, 'E_INVALID');
    await expectError(await browser(`/pools/${POOL}/trash/999999/restore`, { method: 'POST' }), 404, 'E_NOT_FOUND');
    await expectError(await browser(`/pools/${POOL}/trash/999999`, { method: 'DELETE' }), 404, 'E_NOT_FOUND');
    await expectError(await browser(`/pools/${POOL}/versions/restore`, { method: 'POST', json: { path: 'Docs/f1.txt', id: 0 } }), 400, 'E_INVALID');
    await expectError(await browser(`/pools/${POOL}/versions/restore`, { method: 'POST', json: { path: 'Docs/f1.txt', id: 999999 } }), 404, 'E_NOT_FOUND');
    await expectError(await browser(`/pools/${POOL}/version-content/Docs/f1.txt?id=x`), 400, 'E_INVALID');
  });

  it('keeps other users\' pools out of reach', async () => {
    await addUser(t, 'dave');
    await expectError(await browser('/pools/home-dave/files/'), 404, 'E_NOT_FOUND');
    await expectError(await browser('/pools/home-dave/content/x.txt', { method: 'PUT', body: 'x' }), 404, 'E_NOT_FOUND');
  });
});
