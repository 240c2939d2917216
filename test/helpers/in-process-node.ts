/**
 * A real node in the test process: temp data directory, real SQLite, real chunk files, real HTTP
 * on an ephemeral loopback port. Tests talk to it with fetch, as any client would.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig, type ConfigInput } from '../../src/core/config.js';
import { createLogger } from '../../src/core/log.js';
import { startNode, type NodeOptions, type RunningNode } from '../../src/node.js';

export const STRONG_PASSWORD = 'correct horse battery staple 42';

export interface TestNode {
  node: RunningNode;
  dataDir: string;
  url: string;
  /** The node-local administrator secret, as the CLI would use it. */
  adminToken: string;
  api(path: string, init?: RequestInit & { token?: string | null; json?: unknown }): Promise<Response>;
  stop(): Promise<void>;
}

export async function startTestNode(config: ConfigInput = {}, options: NodeOptions = {}): Promise<TestNode> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kith-node-'));
  const resolved = resolveConfig({ dataDir, http: { port: 0 }, s3: { port: 0 }, p2p: { host: '127.0.0.1', port: 0, mdns: false, upnp: false }, log: { level: process.env.KITH_TEST_LOG ?? 'silent' } }, config);
  const node = await startNode(resolved, createLogger({ level: resolved.log.level }), options);
  const adminToken = node.auth.credentials.issueLocalAdminSecret();
  const api: TestNode['api'] = (path, init = {}) => {
    const headers = new Headers(init.headers);
    const token = init.token === undefined ? adminToken : init.token;
    if (token !== null) headers.set('authorization', `Bearer ${token}`);
    let body = init.body;
    if (init.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(init.json);
    }
    return fetch(`${node.url}/api/v1${path}`, { ...init, headers, body, duplex: 'half' } as RequestInit);
  };
  return {
    node,
    dataDir,
    url: node.url,
    adminToken,
    api,
    async stop() {
      await node.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Creates a user with a token; returns the token. */
export async function addUser(t: TestNode, name: string, opts: { admin?: boolean; quotaBytes?: number } = {}): Promise<string> {
  const created = await t.api('/users', { method: 'POST', json: { name, password: STRONG_PASSWORD, role: opts.admin ? 'admin' : 'user', quotaBytes: opts.quotaBytes } });
  if (created.status !== 201) throw new Error(`creating ${name}: ${created.status} ${await created.text()}`);
  const token = await t.api(`/users/${name}/tokens`, { method: 'POST', json: { label: 'test' } });
  return ((await token.json()) as { secret: string }).secret;
}

/** A node where alice and bob each have a token, and alice made the pool `pool` (so bob cannot see it). */
export async function startWithAliceAndBob(pool: string): Promise<{ node: TestNode; alice: string; bob: string }> {
  const node = await startTestNode();
  const alice = await addUser(node, 'alice');
  const bob = await addUser(node, 'bob');
  const created = await node.api('/pools', { method: 'POST', json: { name: pool }, token: alice });
  if (created.status !== 201) throw new Error(`creating pool ${pool}: ${created.status} ${await created.text()}`);
  return { node, alice, bob };
}

export async function expectError(res: Response, status: number, code: string): Promise<string> {
  const body = (await res.json()) as { error?: { code: string; message: string } };
  if (res.status !== status || body.error?.code !== code) {
    throw new Error(`expected ${status} ${code}, got ${res.status} ${JSON.stringify(body)}`);
  }
  return body.error.message;
}
