/**
 * Members that cannot accept connections still take part: "parents" and "friend" do not listen at
 * all (as behind NATs without UPnP), so neither can dial the other directly; each keeps a
 * reservation on the gateway "home", which relays for members. They learn each other's relayed
 * address from home's network map, connect through home, and replicate a pool that home never
 * holds.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, freePort, kith, kithOk, removeDir, startDaemon, type Daemon } from './helpers/daemon.js';

interface PeerView {
  node: string;
  connected: boolean;
  addrs: string[];
}

const peersOf = async (node: Daemon): Promise<PeerView[]> => (JSON.parse(await kithOk(node.dataDir, 'network', 'status', '--json')) as { network: { peers: PeerView[] } }).network.peers;
const nodeIdOf = async (node: Daemon): Promise<string> => (JSON.parse(await kithOk(node.dataDir, 'status', '--json')) as { nodeId: string }).nodeId;

/** Three processes on two cores next to other test files: generous, but bounded. */
const STEP_MS = 150_000;
/** Polls of 200 ms: a failed dial is tried again at the 15 s reconnect, so allow a few. */
const ATTEMPTS = 300;

describe('members without an open port', { timeout: STEP_MS }, () => {
  let home: Daemon;
  let parents: Daemon;
  let friend: Daemon;
  let work: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'kith-relay-'));
    home = await startDaemon(undefined, { p2pPort: await freePort() });
    parents = await startDaemon(undefined, { env: { KITH_P2P_LISTEN: 'off' } });
    friend = await startDaemon(undefined, { env: { KITH_P2P_LISTEN: 'off' } });
  });
  afterAll(async () => {
    for (const node of [home, parents, friend]) {
      await node?.stop();
      if (node !== undefined) await removeDir(node.dataDir);
    }
    if (work !== undefined) await removeDir(work);
  });

  it('reach each other through the gateway relay and replicate a pool the gateway does not hold', async () => {
    await kithOk(home.dataDir, 'network', 'create', 'family');
    for (const node of [parents, friend]) await kithOk(node.dataDir, 'join', (await kithOk(home.dataDir, 'invite')).trim().split('\n').at(-1)!);
    const [homeId, friendId] = [await nodeIdOf(home), await nodeIdOf(friend)];

    // Both listen nowhere but through home: the addresses members learn say so.
    await eventually('parents knows friend at a relayed address, and is connected to it', async () => {
      const view = (await peersOf(parents)).find((p) => p.node === friendId);
      return view !== undefined && view.connected && view.addrs.length > 0 && view.addrs.every((a) => a.includes(`/p2p/${homeId}/p2p-circuit/`));
    }, ATTEMPTS);

    const content = randomBytes(300_000);
    await writeFile(join(work, 'map.bin'), content);
    await kithOk(friend.dataDir, 'pool', 'create', 'cabin', '--copies', '2');
    await kithOk(friend.dataDir, 'put', join(work, 'map.bin'), 'cabin/map.bin');
    await eventually('parents knows the pool', async () => (await kithOk(parents.dataDir, 'pool', 'ls', '--network')).includes('cabin'));
    await kithOk(parents.dataDir, 'pool', 'subscribe', 'cabin');
    // home never held the pool: the bytes can only have come from friend, through the relay.
    await eventually('parents holds the file', async () => (await kith(['--data', parents.dataDir, 'get', 'cabin/map.bin', join(work, 'copy.bin')])).code === 0, ATTEMPTS);
    expect((await readFile(join(work, 'copy.bin'))).equals(content)).toBe(true);
    expect(await kithOk(home.dataDir, 'pool', 'ls')).not.toContain('cabin');
  });
});
