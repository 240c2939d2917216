/**
 * Share links through the REST API, as a logged-out visitor sees them: passwords, download limits,
 * expiry, folders browsed, file drops with their size limit, the link manager, and the bad inputs.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './helpers/daemon.js';
import { expectError, startWithAliceAndBob, type TestNode } from './helpers/in-process-node.js';

interface LinkJson {
  id: number;
  token: string;
  url: string;
  kind: string;
  downloads: number;
  uploads: number;
  hasPassword: boolean;
}

let t: TestNode;
let alice: string;
let bob: string;

beforeAll(async () => {
  ({ node: t, alice, bob } = await startWithAliceAndBob('team'));
  for (const [path, body] of [['docs/a.txt', 'alpha'], ['docs/sub/b.txt', 'bravo bytes'], ['photo.jpg', 'not really a jpeg']]) {
    expect((await t.api(`/pools/team/content/${path}`, { method: 'PUT', body, token: alice })).status).toBe(201);
  }
  expect((await t.api('/pools/team/mkdir', { method: 'POST', json: { path: 'inbox' }, token: alice })).status).toBe(201);
});
afterAll(() => t.stop());

const createLink = async (json: Record<string, unknown>, token = alice): Promise<LinkJson> => {
  const res = await t.api('/pools/team/links', { method: 'POST', json, token });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { link: LinkJson }).link;
};
/** A logged-out request under the link's own path; `cookie` carries the grant an unlock gave. */
const visit = (link: LinkJson, rest: string, init: RequestInit & { cookie?: string } = {}) => {
  const headers = new Headers(init.headers);
  if (init.cookie !== undefined) headers.set('cookie', init.cookie);
  return t.api(`/s/${link.token}${rest}`, { ...init, headers, token: null });
};

describe('a download link with a password and a download limit', () => {
  let link: LinkJson;
  let cookie: string;

  beforeAll(async () => {
    link = await createLink({ path: 'docs', password: 'open sesame 1', maxDownloads: 2 });
    expect(link).toMatchObject({ kind: 'download', hasPassword: true, url: `/s/${link.token}` });
  });

  it('shows nothing but that it needs a password until it is given', async () => {
    expect(await (await visit(link, '')).json()).toEqual({ kind: 'download', needsPassword: true });
    await expectError(await visit(link, '/files'), 401, 'E_UNAUTHORIZED');
    await expectError(await visit(link, '/content/a.txt'), 401, 'E_UNAUTHORIZED');
    await expectError(await visit(link, '/unlock', { method: 'POST', body: JSON.stringify({ password: 'open sesame 2' }), headers: { 'content-type': 'application/json' } }), 401, 'E_UNAUTHORIZED');
  });

  it('opens with the password, and the folder is browsed and read', async () => {
    const unlocked = await visit(link, '/unlock', { method: 'POST', body: JSON.stringify({ password: 'open sesame 1' }), headers: { 'content-type': 'application/json' } });
    expect(unlocked.status).toBe(204);
    const setCookie = unlocked.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(new RegExp(`Path=/api/v1/s/${link.token}`));
    expect(setCookie).toMatch(/HttpOnly/);
    cookie = setCookie.split(';')[0]!;

    const info = (await (await visit(link, '', { cookie })).json()) as { needsPassword: boolean; item: { name: string; type: string }; downloadsLeft: number };
    expect(info).toMatchObject({ needsPassword: false, item: { name: 'docs', type: 'dir' }, downloadsLeft: 2 });
    const listing = (await (await visit(link, '/files', { cookie })).json()) as { children: { items: { name: string }[] } };
    expect(listing.children.items.map((e) => e.name)).toEqual(['sub', 'a.txt']);
    const a = await visit(link, '/content/a.txt', { cookie });
    expect(a.status).toBe(200);
    expect(await a.text()).toBe('alpha');
  });

  it('counts a whole download, not the later pieces a player asks for, and stops at the limit', async () => {
    const piece = await visit(link, '/content/sub/b.txt', { cookie, headers: { range: 'bytes=2-' } });
    expect(piece.status).toBe(206);
    expect(await piece.text()).toBe('avo bytes');
    expect((await visit(link, '/content/sub/b.txt', { cookie })).status).toBe(200);
    const message = await expectError(await visit(link, '/content/a.txt', { cookie }), 410, 'E_GONE');
    expect(message).toMatch(/download limit/);
  });

  it('names nothing outside its folder', async () => {
    // Sent as written: fetch would resolve the dot segments before the node saw them.
    for (const escape of ['/content/%2e%2e/photo.jpg', '/content/sub/%2e%2e/%2e%2e/photo.jpg', '/content/..%2Fphoto.jpg', '/files/%2e%2e']) {
      const res = await rawGet(`/api/v1/s/${link.token}${escape}`, cookie);
      expect(res.status, `${escape}: ${res.status}`).toBe(400);
      expect(res.body).toMatch(/E_BAD_NAME/);
      expect(res.body).not.toContain('not really a jpeg');
    }
  });
});

describe('a file drop link', () => {
  let link: LinkJson;

  beforeAll(async () => {
    link = await createLink({ path: 'inbox', kind: 'drop', maxUploadBytes: 1000 });
  });

  it('takes uploads from anyone, never over an existing file', async () => {
    for (const expected of ['note.txt', 'note (2).txt']) {
      const res = await visit(link, '/drop/note.txt', { method: 'PUT', body: 'a note' });
      expect(res.status).toBe(201);
      expect(await res.json()).toEqual({ name: expected, size: 6 });
    }
    const inbox = (await (await t.api('/pools/team/files/inbox', { token: alice })).json()) as { children: { items: { name: string }[] } };
    expect(inbox.children.items.map((e) => e.name)).toEqual(['note (2).txt', 'note.txt']);
  });

  it('refuses a file over its limit, declared or not, and keeps nothing of it', async () => {
    await expectError(await visit(link, '/drop/big.bin', { method: 'PUT', body: Buffer.alloc(2000) }), 413, 'E_TOO_LARGE');
    const undeclared = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 4; i++) controller.enqueue(new Uint8Array(400));
        controller.close();
      },
    });
    await expectError(await visit(link, '/drop/big.bin', { method: 'PUT', body: undeclared }), 413, 'E_TOO_LARGE');
    await expectError(await t.api('/pools/team/files/inbox/big.bin', { token: alice }), 404, 'E_NOT_FOUND');
  });

  it('shows nothing: no listing, no download, no item', async () => {
    const info = await (await visit(link, '')).json();
    expect(info).toEqual({ kind: 'drop', needsPassword: false, maxUploadBytes: 1000 });
    await expectError(await visit(link, '/files'), 403, 'E_FORBIDDEN');
    await expectError(await visit(link, '/content/note.txt'), 403, 'E_FORBIDDEN');
  });
});

describe('a feed link', () => {
  it("gives a feed reader the folder's latest changes, newest first, and nothing from elsewhere", async () => {
    const link = await createLink({ path: 'docs', kind: 'feed' });
    expect((await t.api('/pools/team/content/docs/c.txt', { method: 'PUT', body: 'charlie', token: alice })).status).toBe(201);
    expect((await t.api('/pools/team/files/docs/a.txt', { method: 'DELETE', token: alice })).status).toBe(200);
    expect((await t.api('/pools/team/content/elsewhere.txt', { method: 'PUT', body: 'x', token: alice })).status).toBe(201);
    const res = await visit(link, '/feed');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const atom = await res.text();
    expect(atom).toMatch(/^<\?xml[^>]*\?>\s*<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
    const titles = [...atom.matchAll(/<entry>[\s\S]*?<title type="html"><!\[CDATA\[(.*?)\]\]><\/title>/g)].map((m) => m[1]);
    expect(titles.slice(0, 2)).toEqual(['alice deleted docs/a.txt', 'alice wrote docs/c.txt']);
    expect(titles).not.toContain('alice wrote elsewhere.txt');
    expect(atom).toMatch(/<id>tag:kith,2026:[^:]+:\d+<\/id>/);
    // A feed link opens nothing else, and other links have no feed.
    await expectError(await visit(link, '/files'), 403, 'E_FORBIDDEN');
    await expectError(await t.api('/pools/team/links', { method: 'POST', json: { path: 'docs', kind: 'feed', password: 'feeds have none' }, token: alice }), 400, 'E_INVALID');
  });
});

describe('the link manager and bad inputs', () => {
  it('lists the creator\'s links with their use counts; others neither see nor revoke them', async () => {
    const mine = (await (await t.api('/links', { token: alice })).json()) as { items: LinkJson[] };
    expect(mine.items.length).toBeGreaterThanOrEqual(2);
    expect(mine.items.find((l) => l.kind === 'drop')).toMatchObject({ uploads: 2 });
    expect(mine.items.find((l) => l.kind === 'download')).toMatchObject({ downloads: 2 });
    expect(((await (await t.api('/links', { token: bob })).json()) as { items: unknown[] }).items).toEqual([]);
    await expectError(await t.api(`/links/${mine.items[0]!.id}`, { method: 'DELETE', token: bob }), 404, 'E_NOT_FOUND');
  });

  it('stops a revoked link at once', async () => {
    const link = await createLink({ path: 'photo.jpg' });
    expect((await visit(link, '/content')).status).toBe(200);
    expect((await t.api(`/links/${link.id}`, { method: 'DELETE', token: alice })).status).toBe(204);
    await expectError(await visit(link, ''), 404, 'E_NOT_FOUND');
    await expectError(await visit(link, '/content'), 404, 'E_NOT_FOUND');
  });

  it('expires', async () => {
    const link = await createLink({ path: 'photo.jpg', expiresAt: new Date(Date.now() + 1500).toISOString() });
    expect((await visit(link, '/content')).status).toBe(200);
    await eventually('the link expired', async () => (await visit(link, '')).status === 410, 50);
    const message = await expectError(await visit(link, '/content'), 410, 'E_GONE');
    expect(message).toMatch(/expired/);
  });

  it('refuses links it cannot honour, with a reason', async () => {
    const refused = [
      [{ path: 'photo.jpg', kind: 'drop' }, 400, 'E_INVALID'],
      [{ path: 'docs', password: 'short' }, 400, 'E_INVALID'],
      [{ path: 'docs', expiresAt: new Date(Date.now() - 1000).toISOString() }, 400, 'E_INVALID'],
      [{ path: 'docs', kind: 'drop', maxDownloads: 3 }, 400, 'E_INVALID'],
      [{ path: 'missing.txt' }, 404, 'E_NOT_FOUND'],
      [{ path: '../etc' }, 400, 'E_BAD_NAME'],
    ] as const;
    for (const [json, status, code] of refused) {
      await expectError(await t.api('/pools/team/links', { method: 'POST', json, token: alice }), status, code);
    }
    // Bob is no member of the pool: to him it does not exist.
    await expectError(await t.api('/pools/team/links', { method: 'POST', json: { path: 'docs' }, token: bob }), 404, 'E_NOT_FOUND');
    await expectError(await t.api('/s/AAAAAAAAAAAAAAAAAAAAAAAA', { token: null }), 404, 'E_NOT_FOUND');
    await expectError(await t.api('/s/not-a-token', { token: null }), 400, 'E_INVALID');
  });
});

/** A GET whose path goes out exactly as written. */
function rawGet(path: string, cookie: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(t.url);
    const req = request({ hostname, port, path, headers: { cookie } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (piece: string) => (body += piece));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
