/**
 * Dead properties and listings over time: they follow a move, are duplicated by a copy, come back
 * with a file restored from the trash, and are gone once the trash or the pool is purged. And
 * listings: a folder of several pages, PROPFIND Depth infinity where the configuration allows it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_ADMIN } from '../src/core/actor.js';
import { davFixture, hrefsOf, rawRequest, type DavFixture } from './helpers/webdav.js';

let d: DavFixture;
beforeAll(async () => {
  d = await davFixture('props', { webdav: { infiniteDepthMaxEntries: 4 } });
});
afterAll(() => d.stop());

const dav = (method: string, path: string, headers: Record<string, string> = {}, body?: string) =>
  rawRequest(d.t.url, method, `/dav/props${path}`, { headers: { authorization: d.basic, ...headers }, body });
const setColour = (path: string, colour: string) =>
  dav('PROPPATCH', path, {}, `<D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><c:colour xmlns:c="urn:c">${colour}</c:colour></D:prop></D:set></D:propertyupdate>`);
const colourOf = async (path: string): Promise<string | undefined> => {
  const res = await dav('PROPFIND', path, { depth: '0' }, '<D:propfind xmlns:D="DAV:"><D:prop><c:colour xmlns:c="urn:c"/></D:prop></D:propfind>');
  expect(res.status).toBe(207);
  return /<colour xmlns="urn:c">([^<]*)<\/colour>/.exec(res.body)?.[1];
};
const deadRows = () => (d.t.node.meta.db.prepare('SELECT count(*) AS n FROM dead_properties').get() as { n: number }).n;

describe('dead properties', () => {
  it('follow a move, are duplicated by a copy, and refuse changes to live properties whole', async () => {
    expect((await dav('PUT', '/a.txt', {}, 'a')).status).toBe(201);
    expect((await setColour('/a.txt', 'red')).status).toBe(207);
    expect((await dav('MOVE', '/a.txt', { destination: '/dav/props/b.txt' })).status).toBe(201);
    expect(await colourOf('/b.txt')).toBe('red');
    expect((await dav('COPY', '/b.txt', { destination: '/dav/props/c.txt' })).status).toBe(201);
    await setColour('/c.txt', 'green');
    expect([await colourOf('/b.txt'), await colourOf('/c.txt')]).toEqual(['red', 'green']);
    const refused = await dav('PROPPATCH', '/b.txt', {}, '<D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><D:getetag>x</D:getetag><c:colour xmlns:c="urn:c">blue</c:colour></D:prop></D:set></D:propertyupdate>');
    expect(refused.body).toMatch(/<D:getetag\/><\/D:prop><D:status>HTTP\/1.1 403 Forbidden/);
    expect(refused.body).toMatch(/HTTP\/1.1 424 Failed Dependency/);
    expect(await colourOf('/b.txt')).toBe('red');
  });

  it('come back from the trash with their file, and go when it is purged', async () => {
    expect((await dav('DELETE', '/b.txt')).status).toBe(204);
    expect((await dav('PROPFIND', '/b.txt', { depth: '0' })).status).toBe(404);
    const trash = (await (await d.t.api('/pools/props/trash', { token: d.token })).json()) as { items: { id: number; originalPath: string }[] };
    const item = trash.items.find((i) => i.originalPath === 'b.txt')!;
    expect((await d.t.api(`/pools/props/trash/${item.id}/restore`, { method: 'POST', token: d.token })).status).toBe(200);
    expect(await colourOf('/b.txt')).toBe('red');
    const before = deadRows();
    await dav('DELETE', '/b.txt');
    const again = (await (await d.t.api('/pools/props/trash', { token: d.token })).json()) as { items: { id: number; originalPath: string }[] };
    expect((await d.t.api(`/pools/props/trash/${again.items.find((i) => i.originalPath === 'b.txt')!.id}`, { method: 'DELETE', token: d.token })).status).toBeLessThan(300);
    expect(deadRows()).toBe(before - 1);
  });

  it('go with their pool when it is purged', async () => {
    expect((await d.t.api('/pools', { method: 'POST', json: { name: 'gone' }, token: d.token })).status).toBe(201);
    const put = await rawRequest(d.t.url, 'PUT', '/dav/gone/f.txt', { headers: { authorization: d.basic }, body: 'f' });
    expect(put.status).toBe(201);
    const patch = '<D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><c:k xmlns:c="urn:c">v</c:k></D:prop></D:set></D:propertyupdate>';
    for (const path of ['/dav/gone/', '/dav/gone/f.txt']) {
      expect((await rawRequest(d.t.url, 'PROPPATCH', path, { headers: { authorization: d.basic }, body: patch })).status).toBe(207);
    }
    const before = deadRows();
    const { pool } = (await (await d.t.api('/pools/gone', { method: 'DELETE', token: d.token })).json()) as { pool: { id: string } };
    expect((await d.t.api(`/deleted-pools/${pool.id}`, { method: 'DELETE', token: d.token })).status).toBeLessThan(300);
    expect(deadRows()).toBe(before - 2);
  });
});

describe('PROPFIND', () => {
  it('lists a folder of several pages whole, each member once', async () => {
    const names = Array.from({ length: 1234 }, (_, i) => `m${String(i).padStart(4, '0')}`);
    await d.t.node.pools.files.mkdir('props', 'many', LOCAL_ADMIN);
    await Promise.all(names.map((n) => d.t.node.pools.files.mkdir('props', `many/${n}`, LOCAL_ADMIN)));
    const res = await dav('PROPFIND', '/many/', { depth: '1' });
    expect(res.status).toBe(207);
    expect(hrefsOf(res.body)).toEqual(['/dav/props/many/', ...names.map((n) => `/dav/props/many/${n}/`)]);
  });


  it('lists a small tree whole and refuses a larger one', async () => {
    await dav('MKCOL', '/tree');
    await dav('MKCOL', '/tree/sub');
    await dav('PUT', '/tree/sub/x.txt', {}, 'x');
    const small = await dav('PROPFIND', '/tree/', { depth: 'infinity' });
    expect(small.status).toBe(207);
    expect(hrefsOf(small.body)).toEqual(['/dav/props/tree/', '/dav/props/tree/sub/', '/dav/props/tree/sub/x.txt']);
    for (const name of ['y', 'z', 'w']) await dav('PUT', `/tree/sub/${name}.txt`, {}, name);
    const large = await dav('PROPFIND', '/tree/', { depth: 'infinity' });
    expect(large.status).toBe(403);
    expect(large.body).toContain('propfind-finite-depth');
  });
});
