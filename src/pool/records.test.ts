/** Every change a node makes leaves a record its origin signed, numbered after the ones before. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bytesOf as bytes, openTestPools, type TestPools } from '../../test/helpers/pool-context.js';
import { LOCAL_ADMIN } from '../core/actor.js';
import { checkFileRecord, signFileRecord, type FileRecord } from '../identity/index.js';
import type { Entry } from '../meta/index.js';
import { toRecordBody } from '../sync/index.js';

let pools: TestPools;

beforeEach(async () => {
  pools = await openTestPools(Date.now);
  await pools.services.pools.create('photos', LOCAL_ADMIN);
});
afterEach(() => pools.close());

function poolUid(): string {
  return pools.ctx.meta.pools.byName('photos')!.uid;
}

function recordOf(entry: Entry): FileRecord {
  return { body: toRecordBody(poolUid(), entry), signer: entry.authorNode, signature: entry.signature! };
}

function entry(path: string): Entry {
  const poolId = pools.ctx.meta.pools.byName('photos')!.id;
  return pools.ctx.meta.entries.get(poolId, path)!;
}

describe('file records', () => {
  it('are signed by this node for writes, folders, moves and deletions, each numbered higher than the last', async () => {
    const { files, tree } = pools.services;
    await files.put('photos', 'a/one.jpg', bytes('one'), LOCAL_ADMIN);
    await files.put('photos', 'a/one.jpg', bytes('one, edited'), LOCAL_ADMIN);
    await tree.move('photos', 'a/one.jpg', 'a/two.jpg', LOCAL_ADMIN);
    await tree.delete('photos', 'a/two.jpg', LOCAL_ADMIN);
    const paths = ['a', 'a/one.jpg', 'a/two.jpg'];
    const seqs = paths.map((path) => entry(path).originSeq);
    for (const path of paths) {
      const e = entry(path);
      expect(e.authorNode).toBe(pools.ctx.nodeId);
      expect(checkFileRecord(recordOf(e), poolUid()), path).toBeUndefined();
    }
    expect(entry('a/two.jpg').deleted).toBe(true);
    // The folder came first; the move's tombstone of one.jpg, then two.jpg's deletion, after it.
    expect(seqs[0]).toBeLessThan(seqs[1]!);
    expect(seqs[1]).toBeLessThan(seqs[2]!);
  });

  it('refuse a record changed after signing, one signed by another node, and one for another pool', async () => {
    await pools.services.files.put('photos', 'b.txt', bytes('bee'), LOCAL_ADMIN);
    const honest = recordOf(entry('b.txt'));
    expect(checkFileRecord({ ...honest, body: { ...honest.body, size: 1 } }, poolUid())).toMatch(/signature is invalid/);
    expect(checkFileRecord(honest, 'another-pool')).toMatch(/another pool/);
    const other = await openTestPools(Date.now);
    try {
      const forged = signFileRecord(other.ctx.key, honest.body);
      expect(checkFileRecord(forged, poolUid())).toMatch(/signed by/);
    } finally {
      await other.close();
    }
  });
});
