import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPoolDescriptor, hiddenPoolCommitment, loadOrCreateNodeKey, newPoolSecret, policiesOf, signPoolDescriptor, signRecord, type NodeKey } from './index.js';

const NETWORK = '0123456789abcdef0123456789abcdef';
const pool = { network: NETWORK, uid: 'u-1', name: 'photos', copies: 2, createdAt: 1000 };

describe('pool descriptors', () => {
  let dir: string;
  let creator: NodeKey;
  let mallory: NodeKey;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kith-pool-id-'));
    for (const name of ['creator', 'mallory']) await mkdir(join(dir, name));
    creator = await loadOrCreateNodeKey(join(dir, 'creator'));
    mallory = await loadOrCreateNodeKey(join(dir, 'mallory'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('carries its policies under the creator signature, leaving out the defaults', () => {
    const strict = signPoolDescriptor(creator, { ...pool, visibility: 'public', upload: 'owner' });
    expect(checkPoolDescriptor(strict, NETWORK)).toBeUndefined();
    expect(policiesOf(strict)).toEqual({ visibility: 'public', upload: 'owner' });
    const plain = signPoolDescriptor(creator, { ...pool, visibility: 'private', upload: 'members' });
    expect(Object.keys(plain.body)).not.toContain('visibility');
    expect(Object.keys(plain.body)).not.toContain('upload');
  });

  it('reads a descriptor from before policies as private, members', () => {
    const old = signRecord(creator, 'pool', { ...pool, creator: creator.nodeId });
    expect(checkPoolDescriptor(old, NETWORK)).toBeUndefined();
    expect(policiesOf(old)).toEqual({ visibility: 'private', upload: 'members' });
  });

  it('refuses a descriptor whose policy was changed after signing, or signed by another node', () => {
    const owned = signPoolDescriptor(creator, { ...pool, visibility: 'private', upload: 'owner' });
    const loosened = { ...owned, body: { ...owned.body, upload: 'anyone' as const } };
    expect(checkPoolDescriptor(loosened, NETWORK)).toBe('pool announcement signature is invalid');
    const impostor = signRecord(mallory, 'pool', { ...pool, creator: creator.nodeId });
    expect(checkPoolDescriptor(impostor, NETWORK)).toMatch(/^pool of .* announced by /);
    expect(checkPoolDescriptor(owned, 'ffffffffffffffffffffffffffffffff')).toBe('pool is announced for another network');
  });

  it('names a hidden pool only by a commitment to its name and secret', () => {
    const secret = newPoolSecret();
    const hidden = signPoolDescriptor(creator, { ...pool, visibility: 'hidden', upload: 'members', secret });
    expect(JSON.stringify(hidden)).not.toContain('photos');
    expect(hidden.body.name).toBe(hiddenPoolCommitment(NETWORK, 'photos', secret));
    expect(hidden.body.name).not.toBe(hiddenPoolCommitment(NETWORK, 'photos', newPoolSecret()));
    expect(hidden.body.name).not.toBe(hiddenPoolCommitment('ffffffffffffffffffffffffffffffff', 'photos', secret));
    expect(() => signPoolDescriptor(creator, { ...pool, visibility: 'hidden', upload: 'members' })).toThrow(/needs a secret/);
  });
});
