/** A libp2p host with its own key that belongs to no network: it says hello with whatever it is given. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Multiaddr } from '@multiformats/multiaddr';
import { expect } from 'vitest';
import { loadOrCreateNodeKey, type NodeKey } from '../../src/identity/index.js';
import { createHost, type Host } from '../../src/net/host.js';
import { HELLO, helloReply } from '../../src/net/protocols.js';
import { messageChannel } from '../../src/net/wire.js';
import { removeDir } from './daemon.js';
import { LOOPBACK_HOST } from './loopback.js';

export interface Stranger {
  key: NodeKey;
  host: Host;
  /** Says `hello` to a node, which must refuse it and hang up; resolves with its reason. */
  sayHello(addr: Multiaddr, hello: unknown): Promise<string>;
  stop(): Promise<void>;
}

export async function startStranger(): Promise<Stranger> {
  const dir = await mkdtemp(join(tmpdir(), 'kith-stranger-'));
  const key = await loadOrCreateNodeKey(dir);
  const host = await createHost({ key, ...LOOPBACK_HOST });
  await host.start();
  return {
    key,
    host,
    async sayHello(addr, hello) {
      const stream = await host.dialProtocol(addr, HELLO);
      const channel = messageChannel(stream);
      await channel.write(hello);
      const reply = await channel.read(helloReply);
      if (!('error' in reply)) throw new Error('a stranger was greeted as a member');
      // The node hangs up on a refused peer.
      for (let turn = 0; turn < 100 && host.getConnections().length > 0; turn++) await new Promise((r) => setTimeout(r, 20));
      expect(host.getConnections()).toEqual([]);
      return reply.error.message;
    },
    async stop() {
      await host.stop();
      await removeDir(dir);
    },
  };
}
