/** Networks of daemons, seen through the CLI: status, waiting for members, invites. */
import { expect } from 'vitest';
import { kith, type Daemon } from './daemon.js';

export interface StatusJson {
  nodeId: string;
  p2p: { listen: string[] };
  network: { id: string; role: string; admin: boolean; peers: { node: string; role: string; connected: boolean }[] } | null;
}

export async function status(daemon: Daemon): Promise<StatusJson> {
  const result = await kith(['--data', daemon.dataDir, 'status', '--json']);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as StatusJson;
}

/** Polls (bounded) until `daemon` sees `node` as a connected member. */
export async function untilConnected(daemon: Daemon, node: string): Promise<StatusJson> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const current = await status(daemon);
    if (current.network?.peers.some((peer) => peer.node === node && peer.connected)) return current;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${daemon.dataDir} never saw ${node} connected:\n${daemon.output()}`);
}

/** Waits (bounded) until the daemon has logged a line matching `pattern`: its output arrives through a pipe. */
export async function untilLogged(daemon: Daemon, pattern: RegExp): Promise<void> {
  for (let turn = 0; turn < 500 && !pattern.test(daemon.output()); turn++) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(daemon.output()).toMatch(pattern);
}

/** `kith invite …` on `daemon`; the code is the last line of its output. */
export async function invite(daemon: Daemon, ...args: string[]): Promise<string> {
  const result = await kith(['--data', daemon.dataDir, 'invite', ...args]);
  expect(result.code, result.stderr).toBe(0);
  return result.stdout.trim().split('\n').at(-1)!;
}
