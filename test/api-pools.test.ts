import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, expectError, startTestNode, type TestNode } from './helpers/in-process-node.js';

let t: TestNode;
beforeAll(async () => {
  t = await startTestNode({ store: { gcGraceSeconds: 0 } });
});
afterAll(() => t.stop());

interface PoolJson {
  id: string;
  name: string;
  usage: { files: number; versions: number; trash: number };
}

const pool = async (name: string) => ((await (await t.api(`/pools/${name}`)).json()) as { pool: PoolJson }).pool;

describe('pool lifecycle', () => {
  it('renames, deletes (name freed), restores, and refuses a restore onto a taken name', async () => {
    expect((await t.api('/pools', { method: 'POST', json: { name: 'family' } })).status).toBe(201);
    await t.api('/pools/family/content/photo.jpg', { method: 'PUT', body: 'jpeg bytes' });
    const renamed = await t.api('/pools/family', { method: 'PATCH', json: { name: 'family-photos' } });
    expect(((await renamed.json()) as { pool: PoolJson }).pool.name).toBe('family-photos');
    await expectError(await t.api('/pools/family/files'), 404, 'E_NOT_FOUND');
    const deleted = ((await (await t.api('/pools/family-photos', { method: 'DELETE' })).json()) as { pool: PoolJson }).pool;
    await expectError(await t.api('/pools/family-photos/files'), 404, 'E_NOT_FOUND');
    const listed = (await (await t.api('/deleted-pools')).json()) as { pools: PoolJson[] };
    expect(listed.pools.map((p) => p.id)).toContain(deleted.id);
    expect((await t.api('/pools', { method: 'POST', json: { name: 'family-photos' } })).status).toBe(201);
    await expectError(await t.api(`/deleted-pools/${deleted.id}/restore`, { method: 'POST' }), 409, 'E_CONFLICT');
    await t.api('/pools/family-photos', { method: 'DELETE' });
    const restored = await t.api(`/deleted-pools/${deleted.id}/restore`, { method: 'POST' });
    expect(restored.status).toBe(200);
    expect(await (await t.api('/pools/family-photos/content/photo.jpg')).text()).toBe('jpeg bytes');
  });

  it('purges a deleted pool and its content goes to the garbage collector', async () => {
    await t.api('/pools', { method: 'POST', json: { name: 'scratch' } });
    await t.api('/pools/scratch/content/a.bin', { method: 'PUT', body: Buffer.alloc(200_000, 3) });
    await t.api('/pools/scratch/content/a.bin', { method: 'PUT', body: Buffer.alloc(200_000, 4) });
    await t.api('/pools/scratch/content/b.bin', { method: 'PUT', body: 'trash me' });
    await t.api('/pools/scratch/files/b.bin', { method: 'DELETE' });
    const { id } = ((await (await t.api('/pools/scratch', { method: 'DELETE' })).json()) as { pool: PoolJson }).pool;
    expect((await t.api(`/deleted-pools/${id}`, { method: 'DELETE' })).status).toBe(204);
    const report = (await (await t.api('/node/maintenance', { method: 'POST' })).json()) as { gc: { chunksDeleted: number } };
    expect(report.gc.chunksDeleted).toBeGreaterThanOrEqual(3);
    const check = (await (await t.api('/node/check', { method: 'POST', json: {} })).json()) as { ok: boolean };
    expect(check.ok).toBe(true);
  });

  it('keeps byte counters in step with files, versions and trash', async () => {
    await t.api('/pools', { method: 'POST', json: { name: 'counted' } });
    await t.api('/pools/counted/content/x', { method: 'PUT', body: Buffer.alloc(1000) });
    await t.api('/pools/counted/content/x', { method: 'PUT', body: Buffer.alloc(300, 1) });
    expect((await pool('counted')).usage).toEqual({ files: 300, versions: 1000, trash: 0 });
    await t.api('/pools/counted/files/x', { method: 'DELETE' });
    expect((await pool('counted')).usage).toEqual({ files: 0, versions: 1000, trash: 300 });
    await t.api('/pools/counted/trash', { method: 'DELETE' });
    expect((await pool('counted')).usage).toEqual({ files: 0, versions: 0, trash: 0 });
  });

  it('lets a user manage their own pools but not delete their home pool', async () => {
    const token = await addUser(t, 'ivy');
    await expectError(await t.api('/pools/home-ivy', { method: 'DELETE', token }), 403, 'E_FORBIDDEN');
    expect((await t.api('/pools', { method: 'POST', token, json: { name: 'ivy-music' } })).status).toBe(201);
    expect((await t.api('/pools/ivy-music', { method: 'DELETE', token })).status).toBe(200);
  });
});

describe('users and events', () => {
  it('disables a user (their tokens stop working) and records the change log', async () => {
    const token = await addUser(t, 'jack');
    expect((await t.api('/me', { token })).status).toBe(200);
    const patched = await t.api('/users/jack', { method: 'PATCH', json: { disabled: true, quotaBytes: 5000 } });
    expect(((await patched.json()) as { user: { disabled: boolean; quotaBytes: number } }).user).toMatchObject({ disabled: true, quotaBytes: 5000 });
    await expectError(await t.api('/me', { token }), 401, 'E_UNAUTHORIZED');
    const { events } = (await (await t.api('/events?limit=1000')).json()) as { events: { seq: number; type: string; actor: string }[] };
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['user.created', 'user.updated', 'pool.created', 'file.written', 'entry.trashed']));
    const seqs = events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const after = (await (await t.api(`/events?after=${seqs.at(-2)}`)).json()) as { events: unknown[] };
    expect(after.events).toHaveLength(1);
  });

  it('deletes a user and moves their home pool to the deleted pools', async () => {
    await addUser(t, 'kate');
    expect((await t.api('/users/kate', { method: 'DELETE' })).status).toBe(204);
    await expectError(await t.api('/users/kate'), 404, 'E_NOT_FOUND');
    const { pools } = (await (await t.api('/deleted-pools')).json()) as { pools: PoolJson[] };
    expect(pools.map((p) => p.name)).toContain('home-kate');
  });
});

describe('pool policies', () => {
  it('refuses policies for a pool that is not shared, and an unknown policy, creating nothing', async () => {
    const unshared = await t.api('/pools', { method: 'POST', json: { name: 'secrets', visibility: 'hidden' } });
    expect(await expectError(unshared, 400, 'E_INVALID')).toMatch(/visibility and upload apply to a pool shared on the network: give copies too/);
    await expectError(await t.api('/pools', { method: 'POST', json: { name: 'secrets', copies: 2, upload: 'strangers' } }), 400, 'E_INVALID');
    await expectError(await t.api('/pools/secrets'), 404, 'E_NOT_FOUND');
  });
});
