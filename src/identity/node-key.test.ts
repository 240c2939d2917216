import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrCreateNodeKey, verifyBySigner } from './index.js';

describe('node key', () => {
  let dir: string;
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('is created once with mode 0600 and reloaded with the same node id', async () => {
    dir = await mkdtemp(join(tmpdir(), 'kith-key-'));
    const first = await loadOrCreateNodeKey(dir);
    const again = await loadOrCreateNodeKey(dir);
    expect(again.nodeId).toBe(first.nodeId);
    expect(first.nodeId).toMatch(/^12D3KooW[1-9A-HJ-NP-Za-km-z]{44}$/);
    expect((await stat(join(dir, 'node.key'))).mode & 0o777).toBe(0o600);
  });

  it('signs with a key that verifies, and a forged signature fails', async () => {
    dir = await mkdtemp(join(tmpdir(), 'kith-key-'));
    const key = await loadOrCreateNodeKey(dir);
    const data = Buffer.from('record');
    const sig = key.sign(data);
    expect(verifyBySigner(key.nodeId, data, sig)).toBe(true);
    sig[0]! ^= 1;
    expect(verifyBySigner(key.nodeId, data, sig)).toBe(false);
    // Another node's key does not verify it, and a signer that is not a node id verifies nothing.
    const other = await loadOrCreateNodeKey(await mkdtemp(join(dir, 'other-')));
    expect(verifyBySigner(other.nodeId, data, key.sign(data))).toBe(false);
    expect(verifyBySigner('not-a-node-id', data, key.sign(data))).toBe(false);
  });
});
