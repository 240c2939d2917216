/** Favorites follow their files; recent files are the latest writes each user may read. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, startWithAliceAndBob, type TestNode } from './helpers/in-process-node.js';

let t: TestNode;
let alice: string;
let bob: string;

beforeAll(async () => {
  ({ node: t, alice, bob } = await startWithAliceAndBob('office'));
  for (const path of ['plans/a.txt', 'plans/b.txt', 'notes.txt']) {
    expect((await t.api(`/pools/office/content/${path}`, { method: 'PUT', body: path, token: alice })).status).toBe(201);
  }
  expect((await t.api('/pools/office/content/plans/a.txt', { method: 'PUT', body: 'a, edited', token: alice })).status).toBe(200);
});
afterAll(() => t.stop());

type Items = { items: { pool: string; entry: { path: string } }[] };
const list = async (path: string, token: string) => ((await (await t.api(path, { token })).json()) as Items).items.map((i) => `${i.pool}/${i.entry.path}`);

describe('favorites', () => {
  it('follow a file when it moves, and drop out when it is deleted', async () => {
    for (const path of ['plans', 'notes.txt']) expect((await t.api(`/favorites/office/${path}`, { method: 'PUT', token: alice })).status).toBe(200);
    // Added in the same millisecond, two favorites may come in either order.
    expect((await list('/favorites', alice)).sort()).toEqual(['office/notes.txt', 'office/plans']);
    expect((await t.api('/pools/office/move', { method: 'POST', json: { from: 'notes.txt', to: 'plans/notes.txt' }, token: alice })).status).toBe(200);
    expect((await list('/favorites', alice)).sort()).toEqual(['office/plans', 'office/plans/notes.txt']);
    expect((await t.api('/pools/office/files/plans/notes.txt', { method: 'DELETE', token: alice })).status).toBe(200);
    expect(await list('/favorites', alice)).toEqual(['office/plans']);
    expect((await t.api('/favorites/office/plans', { method: 'DELETE', token: alice })).status).toBe(204);
    expect(await list('/favorites', alice)).toEqual([]);
  });

  it("are each user's own, and only of what they can read", async () => {
    await expectError(await t.api('/favorites/office/plans', { method: 'PUT', token: bob }), 404, 'E_NOT_FOUND');
    expect(await list('/favorites', bob)).toEqual([]);
    await expectError(await t.api('/favorites/office/nothing.txt', { method: 'PUT', token: alice }), 404, 'E_NOT_FOUND');
  });
});

describe('recent files', () => {
  it('lists the latest writes once each, newest first, and nothing a user cannot read', async () => {
    expect(await list('/recent', alice)).toEqual(['office/plans/a.txt', 'office/plans/b.txt']);
    expect(await list('/recent?limit=1', alice)).toEqual(['office/plans/a.txt']);
    expect(await list('/recent', bob)).toEqual([]);
    await expectError(await t.api('/recent?limit=0', { token: alice }), 400, 'E_INVALID');
  });
});
