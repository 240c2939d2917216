/**
 * WebDAV tests: a real node in the test process with a user and an app token, raw HTTP requests
 * (which, unlike fetch, send a path exactly as written: "..", "%2e%2e"), and third-party clients
 * (litmus, rclone, cadaver) run as processes with a deadline.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigInput } from '../../src/core/config.js';
import { addUser, startTestNode, type TestNode } from './in-process-node.js';

export interface DavNode {
  t: TestNode;
  user: string;
  token: string;
  /** `/dav/` on this node, without the trailing slash. */
  davUrl: string;
  basic: string;
}

export async function startDavNode(user = 'dora', config: ConfigInput = {}): Promise<DavNode> {
  const t = await startTestNode(config);
  const token = await addUser(t, user);
  const basic = `Basic ${Buffer.from(`${user}:${token}`).toString('base64')}`;
  return { t, user, token, davUrl: `${t.url}/dav`, basic };
}

export interface DavFixture extends DavNode {
  /** A temp directory for the clients' files. */
  work: string;
  /** Stops the node and removes both directories. */
  stop(): Promise<void>;
}

/** A node, a user owning `pool`, and a work directory. */
export async function davFixture(pool: string, config: ConfigInput = {}): Promise<DavFixture> {
  const d = await startDavNode('dora', config);
  const created = await d.t.api('/pools', { method: 'POST', json: { name: pool }, token: d.token });
  if (created.status !== 201) throw new Error(`creating pool ${pool}: ${created.status} ${await created.text()}`);
  const work = await mkdtemp(join(tmpdir(), 'kith-dav-'));
  return {
    ...d,
    work,
    async stop() {
      await d.t.stop();
      await rm(work, { recursive: true, force: true });
    },
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request with the path sent verbatim. */
export function rawRequest(base: string, method: string, path: string, opts: { headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<RawResponse> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path, headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${path}: no answer within 30 s`)));
    req.on('error', reject);
    req.end(opts.body);
  });
}

export interface ClientRun {
  code: number;
  output: string;
}

/** Runs a client to completion, killed after `timeoutMs`; stdout and stderr together. */
export function runClient(command: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; stdin?: string; timeoutMs?: number } = {}): Promise<ClientRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, output });
    });
    child.stdin.end(opts.stdin);
  });
}

/** The hrefs of a multistatus answer, percent-decoded. */
export function hrefsOf(multistatus: string): string[] {
  return [...multistatus.matchAll(/<D:href>([^<]*)<\/D:href>/g)].map((m) => decodeURIComponent(m[1]!));
}
