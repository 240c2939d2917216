/** Whose records a shared pool accepts: the rule itself, and the replica sink that applies it. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bytesOf, openTestPools, type TestPools } from '../../test/helpers/pool-context.js';
import { LOCAL_ADMIN } from '../core/actor.js';
import { loadOrCreateNodeKey, signFileRecord, signPoolDescriptor, type FileRecord, type NodeKey, type UploadPolicy } from '../identity/index.js';
import { uploadRefusal, type SharedPoolPolicy } from './upload-policy.js';

const OWNER = '12D3KooWowner';
const MEMBER = '12D3KooWmember';

describe('uploadRefusal', () => {
  const policy = (upload: UploadPolicy): SharedPoolPolicy => ({ visibility: 'private', upload, creator: OWNER });
  const by = (origin: string, authorUser: string | null) => ({ origin, authorUser });

  it('lets only the owner node change an owner-only pool, and never anonymously', () => {
    expect(uploadRefusal('vault', policy('owner'), by(OWNER, 'alice'), true)).toBeUndefined();
    expect(uploadRefusal('vault', policy('owner'), by(MEMBER, 'bob'), true)).toBe(`pool vault accepts uploads from its owner only, signer ${MEMBER}`);
    expect(uploadRefusal('vault', policy('owner'), by(OWNER, null), true)).toBe('pool vault accepts uploads from its owner only, and the record is anonymous');
  });

  it('lets every member change a members pool, but no anonymous record in', () => {
    expect(uploadRefusal('family', policy('members'), by(MEMBER, 'bob'), true)).toBeUndefined();
    expect(uploadRefusal('family', policy('members'), by(MEMBER, null), true)).toMatch(/^pool family accepts uploads from members only, and the record is anonymous/);
  });

  it('takes anonymous records into an "anyone" pool only where the node opted in', () => {
    expect(uploadRefusal('inbox', policy('anyone'), by(MEMBER, null), true)).toBeUndefined();
    expect(uploadRefusal('inbox', policy('anyone'), by(MEMBER, null), false)).toMatch(/^this node does not accept anonymous uploads \(sync\.acceptAnonymous is off/);
    expect(uploadRefusal('inbox', policy('anyone'), by(MEMBER, 'bob'), false)).toBeUndefined();
  });
});

describe('the replica sink', () => {
  let pools: TestPools | undefined;
  let keyDir: string | undefined;

  afterEach(async () => {
    await pools?.close();
    if (keyDir !== undefined) await rm(keyDir, { recursive: true, force: true });
    pools = keyDir = undefined;
  });

  /** A pool "drop" announced by another node with this upload policy, held here as a mirror. */
  async function sharedDrop(upload: UploadPolicy, acceptAnonymous: boolean): Promise<NodeKey> {
    pools = await openTestPools(Date.now, { acceptAnonymous });
    keyDir = await mkdtemp(join(tmpdir(), 'kith-creator-'));
    const creator = await loadOrCreateNodeKey(keyDir);
    const { meta } = pools.ctx;
    const pool = await pools.services.pools.create('drop', LOCAL_ADMIN);
    const descriptor = signPoolDescriptor(creator, { network: '0123456789abcdef0123456789abcdef', uid: pool.uid, name: 'drop', copies: 2, createdAt: 1, visibility: 'private', upload });
    await meta.commit(() => {
      meta.sync.recordNetworkPool(pool.uid, 'drop', JSON.stringify(descriptor));
      meta.pools.setSharing(pool.id, 'mirror', 2);
    });
    return creator;
  }

  function folderRecord(signer: NodeKey, path: string, authorUser: string | null): FileRecord {
    const uid = pools!.ctx.meta.pools.byName('drop')!.uid;
    const body = { pool: uid, path, fileUid: `f-${path}`, kind: 'dir' as const, size: 0, mtime: 1, manifest: null, vv: { [signer.nodeId]: 1 }, deleted: false, origin: signer.nodeId, seq: 1, authorUser, at: 1 };
    return signFileRecord(signer, body);
  }

  it('wants an anonymous record in an "anyone" pool where the node opted in', async () => {
    const creator = await sharedDrop('anyone', true);
    const drop = pools!.ctx.meta.pools.byName('drop')!;
    expect(pools!.services.replica.wants(drop, folderRecord(creator, 'gift', null))).toBe(true);
  });

  it('refuses an anonymous record in an "anyone" pool where the node did not opt in', async () => {
    const creator = await sharedDrop('anyone', false);
    const drop = pools!.ctx.meta.pools.byName('drop')!;
    expect(pools!.services.replica.wants(drop, folderRecord(creator, 'gift', null))).toBe(false);
    expect(pools!.services.replica.wants(drop, folderRecord(creator, 'signed', 'alice'))).toBe(true);
  });

  it('refuses records of other nodes, and local writes, in a pool owned by another node', async () => {
    await sharedDrop('owner', true);
    const drop = pools!.ctx.meta.pools.byName('drop')!;
    expect(pools!.services.replica.wants(drop, folderRecord(pools!.ctx.key, 'mine', 'alice'))).toBe(false);
    await expect(pools!.services.files.put('drop', 'note.txt', bytesOf('hello'), LOCAL_ADMIN)).rejects.toThrow(/accepts uploads from its owner only/);
  });

  it('makes missing parents in an owner-only pool as unsigned placeholders, which the owner\'s records replace', async () => {
    const creator = await sharedDrop('owner', false);
    const { meta } = pools!.ctx;
    const drop = meta.pools.byName('drop')!;
    const apply = (record: FileRecord) => meta.commit(() => pools!.services.replica.apply(drop, [{ record }], 'a peer'));
    await apply(folderRecord(creator, 'a/b', 'alice'));
    const parent = meta.entries.get(drop.id, 'a')!;
    expect({ signature: parent.signature, vv: parent.vv, originSeq: parent.originSeq }).toEqual({ signature: undefined, vv: {}, originSeq: 0 });
    const owners = folderRecord(creator, 'a', 'alice');
    await apply(owners);
    expect(meta.entries.get(drop.id, 'a')).toMatchObject({ authorNode: creator.nodeId, signature: owners.signature });
  });
});
