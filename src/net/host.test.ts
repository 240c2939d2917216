/**
 * Smoke test of the pinned libp2p stack on this Node: two hosts on loopback connect with Noise and
 * Yamux, ping, exchange Kith messages, and move bytes intact. It fails first when an upgrade of
 * one package breaks the stack (as @chainsafe/libp2p-gossipsub 14 did with libp2p 3).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadOrCreateNodeKey } from '../identity/index.js';
import { createHost, type Host, type HostOptions } from './host.js';
import { messageChannel } from './wire.js';

describe('libp2p host', () => {
  const dirs: string[] = [];
  let a: Host;
  let b: Host;

  async function host(options: Partial<HostOptions> = {}): Promise<Host> {
    const dir = await mkdtemp(join(tmpdir(), 'kith-host-'));
    dirs.push(dir);
    const defaults = { host: '127.0.0.1', port: 0, isDenied: () => false, mdns: false, upnp: false, listen: true, relayed: false, relaysFor: () => false };
    const created = await createHost({ key: await loadOrCreateNodeKey(dir), ...defaults, ...options });
    await created.start();
    extra.push(created);
    return created;
  }
  /** Hosts made by a single test, stopped after all. */
  const extra: Host[] = [];

  beforeAll(async () => {
    [a, b] = [await host(), await host()];
  });
  afterAll(async () => {
    await Promise.all(extra.map((h) => h.stop()));
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('has Promise.withResolvers, which libp2p needs and Node 20 lacks without the polyfill', () => {
    expect(typeof Promise.withResolvers).toBe('function');
  });

  it('uses the node key as its libp2p identity', async () => {
    const key = await loadOrCreateNodeKey(dirs[0]!);
    expect(a.peerId.toString()).toBe(key.nodeId);
  });

  it('connects over TCP + Noise + Yamux and pings', async () => {
    const rtt = await a.services.ping.ping(b.getMultiaddrs()[0]!);
    expect(rtt).toBeGreaterThanOrEqual(0);
    expect(a.getConnections(b.peerId)).toHaveLength(1);
  });

  it('exchanges schema-checked messages and refuses a malformed one', async () => {
    await b.handle('/kith/test-echo/1', async (stream) => {
      const channel = messageChannel(stream);
      const message = await channel.read(z.object({ text: z.string() }));
      await channel.write({ echo: message.text });
      await stream.close();
    });
    const channel = messageChannel(await a.dialProtocol(b.peerId, '/kith/test-echo/1'));
    await channel.write({ text: 'hello' });
    expect(await channel.read(z.object({ echo: z.string() }))).toEqual({ echo: 'hello' });
    const bad = messageChannel(await a.dialProtocol(b.peerId, '/kith/test-echo/1'));
    await bad.write({ text: 'x' });
    await expect(bad.read(z.object({ number: z.number() }))).rejects.toThrow(/malformed message/);
  });

  it('moves 16 MiB over one stream intact, with backpressure', async () => {
    const received = Promise.withResolvers<string>();
    await b.handle('/kith/test-sink/1', async (stream) => {
      const hash = createHash('sha256');
      for await (const piece of stream) hash.update(piece.subarray());
      received.resolve(hash.digest('hex'));
    });
    const data = randomBytes(16 * 1024 * 1024);
    const stream = await a.dialProtocol(b.peerId, '/kith/test-sink/1');
    for (let offset = 0; offset < data.length; offset += 256 * 1024) {
      if (!stream.send(data.subarray(offset, offset + 256 * 1024))) await stream.onDrain();
    }
    await stream.close();
    expect(await received.promise).toBe(createHash('sha256').update(data).digest('hex'));
  });

  it('relays only for the peers it agrees to, and a relayed node is then reachable through it', async () => {
    const relayedAddr = async (node: Host) => {
      for (let i = 0; i < 50 && !node.getMultiaddrs().some((m) => m.toString().includes('/p2p-circuit')); i++) await new Promise((resolve) => setTimeout(resolve, 100));
      return node.getMultiaddrs().find((m) => m.toString().includes('/p2p-circuit'));
    };
    const refusing = await host({ relaysFor: () => false });
    const hidden = await host({ listen: false, relayed: true });
    await hidden.dial(refusing.getMultiaddrs()[0]!);
    expect(await relayedAddr(hidden)).toBeUndefined();

    const relay = await host({ relaysFor: (peer) => peer.equals(hidden.peerId) || peer.equals(a.peerId) });
    await hidden.dial(relay.getMultiaddrs()[0]!);
    const addr = await relayedAddr(hidden);
    expect(addr?.toString()).toContain(`/p2p/${relay.peerId.toString()}/p2p-circuit/p2p/${hidden.peerId.toString()}`);
    expect(await a.services.ping.ping(addr!)).toBeGreaterThanOrEqual(0);
  });
});
