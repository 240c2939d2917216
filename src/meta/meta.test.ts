import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeManifest, manifestHash } from '../store/index.js';
import { openMeta, type Meta } from './index.js';

let dir: string;
let meta: Meta;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kith-meta-'));
  meta = openMeta(join(dir, 'kith.db'));
});
afterEach(async () => {
  await meta.close();
  await rm(dir, { recursive: true, force: true });
});

const h = (c: string) => c.repeat(64);

describe('database', () => {
  it('applies migrations once and records the schema version; WAL is on', async () => {
    const files = readdirSync(join(import.meta.dirname, 'migrations')).filter((name) => name.endsWith('.sql'));
    expect(files.length).toBeGreaterThanOrEqual(3);
    const latest = Math.max(...files.map((name) => Number(name.slice(0, 3))));
    expect(meta.db.pragma('user_version', { simple: true })).toBe(latest);
    expect(meta.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(meta.db.pragma('synchronous', { simple: true })).toBe(1);
    await meta.close();
    meta = openMeta(join(dir, 'kith.db'));
    expect(meta.db.pragma('user_version', { simple: true })).toBe(latest);
  });

  it('applies a migration numbered below ones already applied, once', async () => {
    // As if the share links migration had been merged after the favorites one was applied.
    meta.db.exec("DROP TABLE share_links; DELETE FROM schema_migrations WHERE name = '008-share-links.sql'");
    const version = meta.db.pragma('user_version', { simple: true });
    await meta.close();
    meta = openMeta(join(dir, 'kith.db'));
    expect(meta.shareLinks.list()).toEqual([]);
    expect(meta.db.pragma('user_version', { simple: true })).toBe(version);
    const names = (meta.db.prepare('SELECT name FROM schema_migrations ORDER BY version').all() as { name: string }[]).map((r) => r.name);
    expect(names).toEqual(readdirSync(join(import.meta.dirname, 'migrations')).filter((name) => name.endsWith('.sql')).sort());
  });

  it('takes a database from before the record of migrations as having every one up to its version', async () => {
    meta.db.exec('DROP TABLE schema_migrations');
    await meta.close();
    meta = openMeta(join(dir, 'kith.db'));
    expect((meta.db.prepare('SELECT count(*) AS n FROM schema_migrations').get() as { n: number }).n).toBeGreaterThanOrEqual(9);
  });

  it('refuses a database from a newer version of Kith', async () => {
    meta.db.pragma('user_version = 99');
    await meta.close();
    expect(() => (meta = openMeta(join(dir, 'kith.db')))).toThrow(/newer than this program knows/);
    meta = openMeta(':memory:');
  });
});

describe('group commit', () => {
  it('commits concurrent writes together; one that throws rolls back alone', async () => {
    const results = await Promise.allSettled([
      meta.commit(() => meta.settings.set('a', '1')),
      meta.commit(() => {
        meta.settings.set('b', '2');
        throw new Error('nope');
      }),
      meta.commit(() => meta.settings.set('c', '3')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect([meta.settings.get('a'), meta.settings.get('b'), meta.settings.get('c')]).toEqual(['1', undefined, '3']);
  });

  it('resolves with the value of the work', async () => {
    expect(await meta.commit(() => 42)).toBe(42);
  });
});

describe('reference counts', () => {
  const chunks = [
    { hash: h('a'), size: 10 },
    { hash: h('b'), size: 20 },
    { hash: h('a'), size: 10 },
  ];
  const encoded = encodeManifest(chunks);
  const m = manifestHash(encoded);
  const chunkRefs = () => Object.fromEntries([...meta.integrity.knownChunks()].map((c) => [c.hash[0], c.refs]));

  it('counts a chunk once per listing in a manifest, and a manifest once per reference', async () => {
    await meta.commit(() => {
      meta.content.ref(m, 40, encoded, chunks);
      meta.content.ref(m, 40, encoded, chunks);
    });
    expect(meta.content.getManifest(m)?.refs).toBe(2);
    expect(chunkRefs()).toEqual({ a: 2, b: 1 });
    await meta.commit(() => meta.content.unref(m, 1000));
    expect(chunkRefs()).toEqual({ a: 2, b: 1 });
    await meta.commit(() => meta.content.unref(m, 1000));
    expect(meta.content.getManifest(m)).toBeUndefined();
    expect(chunkRefs()).toEqual({ a: 0, b: 0 });
    expect(meta.content.unreferencedSince(999, 10)).toEqual([]);
    expect(meta.content.unreferencedSince(1000, 10).map((c) => c.hash).sort()).toEqual([h('a'), h('b')]);
  });

  it('a chunk referenced again leaves the garbage list', async () => {
    await meta.commit(() => meta.content.ref(m, 40, encoded, chunks));
    await meta.commit(() => meta.content.unref(m, 5));
    await meta.commit(() => meta.content.ref(m, 40, encoded, chunks));
    expect(meta.content.unreferencedSince(Number.MAX_SAFE_INTEGER, 10)).toEqual([]);
    expect(meta.content.forgetUnreferenced(h('a'))).toBe(false);
  });
});
