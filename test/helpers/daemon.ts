/**
 * The built `kith` binary as real processes: a daemon started with `kith start` on an ephemeral
 * loopback port, and CLI commands run against it. Used where only real processes prove the point
 * (kill -9, the CLI's exit codes and output).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expect } from 'vitest';

export const KITH_BIN = join(import.meta.dirname, '..', '..', 'bin', 'kith.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `kith …` to completion (bounded by a deadline). */
export function kith(args: string[], opts: { stdin?: string | Buffer; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [KITH_BIN, ...args], { env: { ...process.env, KITH_URL: '', KITH_TOKEN: '', ...opts.env } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() });
    });
    child.stdin.end(opts.stdin);
  });
}

export interface Daemon {
  dataDir: string;
  url: string;
  /** The S3 API's base URL. */
  s3Url: string;
  process: ChildProcess;
  output(): string;
  /** SIGTERM and wait for a clean exit. */
  stop(): Promise<number | null>;
  kill9(): Promise<void>;
}

/** Starts `kith start` on a free port and waits (with a deadline) until it says where it listens. */
export async function startDaemon(dataDir?: string, opts: { p2pPort?: number; env?: NodeJS.ProcessEnv } = {}): Promise<Daemon> {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'kith-daemon-')));
  const args = ['start', '--data', dir, '--port', '0', '--s3-port', '0', '--p2p-host', '127.0.0.1', '--p2p-port', String(opts.p2pPort ?? 0), '--log-level', 'warn'];
  // No multicast or router traffic from tests: everything stays on loopback.
  const env = { ...process.env, KITH_P2P_MDNS: 'off', KITH_P2P_UPNP: 'off', ...opts.env };
  const child = spawn(process.execPath, [KITH_BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const deadline = setTimeout(() => reject(new Error(`daemon did not start within 20 s:\n${output}`)), 20_000);
    const poll = setInterval(() => {
      const m = /listening on (http:\/\/\S+)/.exec(output);
      if (m) {
        clearInterval(poll);
        clearTimeout(deadline);
        resolve(m[1]!);
      }
    }, 20);
    child.on('exit', () => {
      clearInterval(poll);
      clearTimeout(deadline);
      reject(new Error(`daemon exited early:\n${output}`));
    });
  });
  const s3Url = /s3 api on (http:\/\/\S+)/.exec(output)?.[1] ?? '';
  return {
    dataDir: dir,
    url,
    s3Url,
    process: child,
    output: () => output,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** A TCP port free on loopback right now, for a daemon that must keep its port across restarts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** `kith --data DIR ARGS…`, which must succeed; resolves with its stdout. */
export async function kithOk(dataDir: string, ...args: string[]): Promise<string> {
  const result = await kith(['--data', dataDir, ...args]);
  expect(result.code, `kith ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

/** Polls every 200 ms, at most `attempts` times (30 s by default), until `check` passes. */
export async function eventually(what: string, check: () => boolean | Promise<boolean>, attempts = 150): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting until ${what}`);
}
