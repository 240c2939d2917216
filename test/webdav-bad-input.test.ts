/**
 * WebDAV under bad or hostile input: path traversal in every spelling, malformed XML, a DTD with
 * an entity bomb, oversized bodies, impossible writes, writes to locked resources; and names that
 * must survive the round trip exactly, seen the same through the REST API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from './helpers/in-process-node.js';
import { davFixture, hrefsOf, rawRequest, type DavFixture, type RawResponse } from './helpers/webdav.js';

let d: DavFixture;
beforeAll(async () => {
  d = await davFixture('box');
});
afterAll(() => d.stop());

const dav = (method: string, path: string, opts: { headers?: Record<string, string>; body?: string | Buffer; auth?: string | null } = {}): Promise<RawResponse> => {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.auth !== null) headers.authorization = opts.auth ?? d.basic;
  return rawRequest(d.t.url, method, `/dav${path}`, { headers, body: opts.body });
};
const propfind0 = (path: string, body?: string) => dav('PROPFIND', path, { headers: { depth: '0' }, body });

describe('authentication', () => {
  it('asks for Basic credentials with the Kith realm, and answers OPTIONS without them', async () => {
    const res = await dav('PROPFIND', '/', { auth: null });
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Basic realm="Kith"/);
    expect((await dav('PROPFIND', '/', { auth: `Basic ${Buffer.from(`${d.user}:wrong`).toString('base64')}` })).status).toBe(401);
    const options = await dav('OPTIONS', '/box/', { auth: null });
    expect(options.status).toBe(200);
    expect(options.headers.dav).toBe('1, 2');
  });

  it("shows each user only the pools they may see", async () => {
    const other = await addUser(d.t, 'olaf');
    const asOlaf = `Basic ${Buffer.from(`olaf:${other}`).toString('base64')}`;
    const root = await dav('PROPFIND', '/', { headers: { depth: '1' }, auth: asOlaf });
    expect(root.status).toBe(207);
    expect(hrefsOf(root.body)).toEqual(['/dav/', '/dav/home-olaf/']);
    expect((await dav('PROPFIND', '/box/', { headers: { depth: '0' }, auth: asOlaf })).status).toBe(404);
    // The same answer as for a pool that does not exist: no parent collection.
    expect((await dav('PUT', '/box/intruder.txt', { body: 'x', auth: asOlaf })).status).toBe(409);
    expect((await dav('PUT', '/nopool/intruder.txt', { body: 'x', auth: asOlaf })).status).toBe(409);
    // As a reader, olaf sees the pool but may neither write nor lock (a lock would keep writers out).
    const { meta } = d.t.node;
    meta.pools.addMember(meta.pools.byName('box')!.id, meta.users.byName('olaf')!.id, 'reader');
    expect((await dav('PROPFIND', '/box/', { headers: { depth: '0' }, auth: asOlaf })).status).toBe(207);
    expect((await dav('PUT', '/box/intruder.txt', { body: 'x', auth: asOlaf })).status).toBe(403);
    const lockinfo = '<D:lockinfo xmlns:D="DAV:"><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype></D:lockinfo>';
    expect((await dav('LOCK', '/box/', { body: lockinfo, auth: asOlaf })).status).toBe(403);
  });
});

describe('paths', () => {
  it('refuses traversal however it is spelled', async () => {
    for (const path of ['/box/../home-dora/', '/box/%2e%2e/home-dora/', '/box/%2E%2E', '/box/a%2Fb.txt', '/box/x/..', '/box/%00.txt']) {
      expect((await propfind0(path)).status, path).toBe(400);
      expect((await dav('PUT', path, { body: 'x' })).status, path).toBe(400);
    }
    expect((await dav('COPY', '/box/', { headers: { destination: `${d.t.url}/dav/box/%2e%2e/x` } })).status).toBe(400);
    expect((await dav('COPY', '/box/', { headers: { destination: 'http://elsewhere.example/dav/box/x' } })).status).toBe(502);
  });

  it('keeps names with spaces, Unicode, "%" and "+" exactly, as the REST API sees them too', async () => {
    const names = ['with space.txt', 'ünïcødé 😀.txt', '100% sure.txt', 'a+b=c.txt', 'é-nfc.txt'];
    for (const name of names) expect((await dav('PUT', `/box/names/${encodeURIComponent(name)}`, { body: name })).status, name).toBe(409);
    expect((await dav('MKCOL', '/box/names')).status).toBe(201);
    for (const name of names) expect((await dav('PUT', `/box/names/${encodeURIComponent(name)}`, { body: name })).status, name).toBe(201);
    const listing = await dav('PROPFIND', '/box/names/', { headers: { depth: '1' } });
    expect(hrefsOf(listing.body).slice(1).sort()).toEqual(names.map((n) => `/dav/box/names/${n}`).sort());
    const rest = (await (await d.t.api('/pools/box/files/names', { token: d.token })).json()) as { children: { items: { name: string }[] } };
    expect(rest.children.items.map((i) => i.name).sort()).toEqual([...names].sort());
    for (const name of names) expect((await dav('GET', `/box/names/${encodeURIComponent(name)}`)).body).toBe(name);
  });
});

describe('XML bodies', () => {
  it('answers malformed XML with 400', async () => {
    for (const body of ['<D:propfind xmlns:D="DAV:">', '<foo', 'not xml', '<D:propfind xmlns:D="DAV:"><x:y/></D:propfind>']) {
      expect((await propfind0('/box/', body)).status, body).toBe(400);
    }
    expect((await dav('PROPPATCH', '/box/', { body: '<D:propertyupdate xmlns:D="DAV:"><D:set>' })).status).toBe(400);
  });

  it('refuses a DTD, an entity bomb and an external entity with 400, and stays well', async () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]><D:propfind xmlns:D="DAV:"><D:prop>&lol9;</D:prop></D:propfind>`;
    const xxe = '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><D:propfind xmlns:D="DAV:"><D:prop><D:displayname>&x;</D:displayname></D:prop></D:propfind>';
    for (const body of [bomb, xxe]) {
      const res = await propfind0('/box/', body);
      expect(res.status).toBe(400);
      expect(res.body).not.toMatch(/root:/);
    }
    expect((await propfind0('/box/')).status).toBe(207);
  });

  it('answers an oversized XML body with 413', async () => {
    const huge = `<D:propfind xmlns:D="DAV:"><D:prop>${'<D:displayname/>'.repeat(40_000)}</D:prop></D:propfind>`;
    expect((await propfind0('/box/', huge)).status).toBe(413);
    expect((await propfind0('/box/')).status).toBe(207);
  });

  it('refuses Depth infinity with propfind-finite-depth', async () => {
    const res = await dav('PROPFIND', '/box/', { headers: { depth: 'infinity' } });
    expect(res.status).toBe(403);
    expect(res.body).toContain('<D:propfind-finite-depth/>');
  });
});

describe('writes that cannot happen', () => {
  it('PUT to a missing parent is 409, MKCOL with a body is 415, on an existing name 405', async () => {
    expect((await dav('PUT', '/box/missing/file.txt', { body: 'x' })).status).toBe(409);
    expect((await dav('MKCOL', '/box/withbody', { body: '<x/>' })).status).toBe(415);
    const again = await dav('MKCOL', '/box/names');
    expect(again.status).toBe(405);
    expect(again.headers.allow).not.toMatch(/PUT|GET/);
    expect((await dav('GET', '/box/names/')).status).toBe(405);
    expect((await dav('PUT', '/box/names', { body: 'x' })).status).toBe(405);
  });

  it('honours If-Match and If-None-Match', async () => {
    const put = await dav('PUT', '/box/cond.txt', { body: 'one' });
    const etag = put.headers.etag as string;
    expect((await dav('PUT', '/box/cond.txt', { body: 'two', headers: { 'if-match': '"stale"' } })).status).toBe(412);
    expect((await dav('PUT', '/box/cond.txt', { body: 'two', headers: { 'if-none-match': '*' } })).status).toBe(412);
    expect((await dav('PUT', '/box/cond.txt', { body: 'two', headers: { 'if-match': etag } })).status).toBe(204);
  });

  it('dates a file by X-OC-Mtime, and refuses one that is no time without storing anything', async () => {
    const put = await dav('PUT', '/box/dated.txt', { body: 'old', headers: { 'x-oc-mtime': '1577934245' } });
    expect(put.status).toBe(201);
    expect(put.headers['x-oc-mtime']).toBe('accepted');
    expect((await propfind0('/box/dated.txt')).body).toContain('<D:getlastmodified>Thu, 02 Jan 2020 03:04:05 GMT</D:getlastmodified>');
    for (const bad of ['yesterday', '-5', '1e9', String(Math.round(Date.now() / 1000) + 7 * 86400)]) {
      const refused = await dav('PUT', '/box/undated.txt', { body: 'x', headers: { 'x-oc-mtime': bad } });
      expect(refused.status, bad).toBe(400);
      expect(refused.body).toMatch(/X-OC-Mtime/);
    }
    expect((await propfind0('/box/undated.txt')).status).toBe(404);
  });

  it('refuses a write to a locked resource without its token (423), accepts it with the token', async () => {
    await dav('PUT', '/box/locked.txt', { body: 'v1' });
    const lock = await dav('LOCK', '/box/locked.txt', {
      headers: { timeout: 'Second-60' },
      body: '<D:lockinfo xmlns:D="DAV:"><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype><D:owner>tests</D:owner></D:lockinfo>',
    });
    expect(lock.status).toBe(200);
    const token = lock.headers['lock-token'] as string;
    expect((await dav('PUT', '/box/locked.txt', { body: 'v2' })).status).toBe(423);
    expect((await dav('DELETE', '/box/locked.txt')).status).toBe(423);
    expect((await dav('PUT', '/box/locked.txt', { body: 'v2', headers: { if: `(${token})` } })).status).toBe(204);
    expect((await dav('UNLOCK', '/box/locked.txt', { headers: { 'lock-token': token } })).status).toBe(204);
    expect((await dav('DELETE', '/box/locked.txt')).status).toBe(204);
    // Deleted means in the trash, as everywhere else.
    const trash = (await (await d.t.api('/pools/box/trash', { token: d.token })).json()) as { items: { originalPath: string }[] };
    expect(trash.items.map((i) => i.originalPath)).toContain('locked.txt');
  });

  it('answers a malformed If header with 400, and one about a foreign resource with 412', async () => {
    expect((await dav('PUT', '/box/cond.txt', { body: 'x', headers: { if: '(<unclosed' } })).status).toBe(400);
    const etag = (await dav('HEAD', '/box/cond.txt')).headers.etag as string;
    for (const tag of ['http://elsewhere.example/dav/box/cond.txt', '/not-dav/box/cond.txt', '/dav/box/x/%2e%2e/cond.txt']) {
      expect((await dav('PUT', '/box/cond.txt', { body: 'x', headers: { if: `<${tag}> ([${etag}])` } })).status, tag).toBe(412);
    }
    expect((await dav('PUT', '/box/cond.txt', { body: 'x', headers: { if: `<${d.t.url}/dav/box/cond.txt> ([${etag}])` } })).status).toBe(204);
  });
});
