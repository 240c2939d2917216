import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kith, removeDir, startDaemon, type Daemon } from './helpers/daemon.js';
import { STRONG_PASSWORD } from './helpers/in-process-node.js';

let d: Daemon;
let work: string;
const k = (...args: string[]) => kith(['--data', d.dataDir, ...args]);

beforeAll(async () => {
  d = await startDaemon();
  work = await mkdtemp(join(tmpdir(), 'kith-cli-'));
});
afterAll(async () => {
  expect(await d.stop()).toBe(0);
  await removeDir(d.dataDir);
  await rm(work, { recursive: true, force: true });
});

describe('kith CLI against a running daemon', () => {
  it('prints a one-time setup URL and leaves a 0600 credential in the data directory', async () => {
    expect(d.output()).toMatch(/\/setup#token=kith_setup_/);
    expect((await stat(join(d.dataDir, 'local.json'))).mode & 0o777).toBe(0o600);
    const status = await k('status', '--json');
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ setupNeeded: true, url: d.url });
  });

  it('adds an admin before any exists, refusing a weak password with exit 6', async () => {
    const weak = await k('user', 'add', 'alice', '--admin', '--password-stdin');
    expect(weak.code).toBe(6);
    const weak2 = await kith(['--data', d.dataDir, 'user', 'add', 'alice', '--admin', '--password-stdin'], { stdin: 'alice123\n' });
    expect(weak2.code).toBe(6);
    expect(weak2.stderr).toMatch(/too weak/);
    const ok = await kith(['--data', d.dataDir, 'user', 'add', 'alice', '--admin', '--password-stdin'], { stdin: `${STRONG_PASSWORD}\n` });
    expect(ok.code, ok.stderr).toBe(0);
    const users = JSON.parse((await k('user', 'ls', '--json')).stdout) as { name: string; role: string }[];
    expect(users).toEqual([expect.objectContaining({ name: 'alice', role: 'admin' })]);
  });

  it('creates a token usable through KITH_URL + KITH_TOKEN, as Bearer and as Basic', async () => {
    const created = await k('token', 'create', 'laptop', '--user', 'alice', '--json');
    expect(created.code, created.stderr).toBe(0);
    const { user, token } = JSON.parse(created.stdout) as { user: string; token: string };
    expect(user).toBe('alice');
    const remote = await kith(['pool', 'ls', '--json'], { env: { KITH_URL: d.url, KITH_TOKEN: token } });
    expect(remote.code, remote.stderr).toBe(0);
    expect((JSON.parse(remote.stdout) as { name: string }[]).map((p) => p.name)).toEqual(['home-alice']);
    const basic = await fetch(`${d.url}/api/v1/me`, { headers: { authorization: `Basic ${Buffer.from(`alice:${token}`).toString('base64')}` } });
    expect(basic.status).toBe(200);
    const bad = await kith(['pool', 'ls'], { env: { KITH_URL: d.url, KITH_TOKEN: 'kith_t_wrong' } });
    expect(bad.code).toBe(5);
  });

  it('puts and gets files byte for byte, lists, moves, copies, removes and restores', async () => {
    expect((await k('pool', 'create', 'docs')).code).toBe(0);
    const local = join(work, 'report.bin');
    const data = randomBytes(3 * 1024 * 1024 + 11);
    await writeFile(local, data);
    const put = await k('put', local, 'docs/2026/report.bin');
    expect(put.code, put.stderr).toBe(0);
    const back = join(work, 'back.bin');
    expect((await k('get', 'docs/2026/report.bin', back)).code).toBe(0);
    expect((await readFile(back)).equals(data)).toBe(true);
    const ls = JSON.parse((await k('ls', 'docs/2026', '--json')).stdout) as { name: string; size: number }[];
    expect(ls).toEqual([expect.objectContaining({ name: 'report.bin', size: data.length })]);
    expect((await k('mv', 'docs/2026', 'docs/archive')).code).toBe(0);
    expect((await k('cp', 'docs/archive/report.bin', 'docs/copy.bin')).code).toBe(0);
    expect((await k('rm', 'docs/archive')).code).toBe(0);
    const trash = JSON.parse((await k('trash', 'ls', 'docs', '--json')).stdout) as { id: number; originalPath: string }[];
    expect(trash.map((x) => x.originalPath)).toEqual(['archive']);
    expect((await k('trash', 'restore', 'docs', String(trash[0]!.id))).stdout).toMatch(/restored to archive/);
    const root = JSON.parse((await k('ls', 'docs', '--json')).stdout) as { name: string }[];
    expect(root.map((e) => e.name)).toEqual(['archive', 'copy.bin']);
  });

  it('keeps versions and restores one', async () => {
    const local = join(work, 'note.txt');
    await writeFile(local, 'first');
    await k('put', local, 'docs/note.txt');
    await writeFile(local, 'second');
    await k('put', local, 'docs/note.txt');
    const versions = JSON.parse((await k('versions', 'docs/note.txt', '--json')).stdout) as { id: number }[];
    expect(versions).toHaveLength(1);
    expect((await k('restore', 'docs/note.txt', String(versions[0]!.id))).code).toBe(0);
    expect((await k('get', 'docs/note.txt', '-')).stdout).toBe('first');
  });

  it('shares a file by link, which works logged out until it is revoked', async () => {
    const created = await kith(['--data', d.dataDir, 'link', 'create', 'docs/note.txt', '--password-stdin', '--expires', '7d', '--max-downloads', '3'], { stdin: 'a link password\n' });
    expect(created.code, created.stderr).toBe(0);
    const url = created.stdout.trim().split('\n').at(-1)!;
    const token = new URL(url).pathname.split('/').at(-1)!;
    expect(url).toBe(`${d.url}/s/${token}`);
    const api = (rest: string, init?: RequestInit) => fetch(`${d.url}/api/v1/s/${token}${rest}`, init);
    const unlocked = await api('/unlock', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: 'a link password' }) });
    expect(unlocked.status).toBe(204);
    const content = await api('/content', { headers: { cookie: unlocked.headers.get('set-cookie')!.split(';')[0]! } });
    expect(await content.text()).toBe('first');
    const links = JSON.parse((await k('link', 'ls', '--json')).stdout) as { id: number; downloads: number; maxDownloads: number }[];
    expect(links).toEqual([expect.objectContaining({ downloads: 1, maxDownloads: 3 })]);
    expect((await k('link', 'rm', String(links[0]!.id))).code).toBe(0);
    expect((await api('')).status).toBe(404);
    expect((await k('link', 'create', 'docs/note.txt', '--drop')).code).toBe(6);
  });

  it('shows the latest changes, newest first, and refuses a limit out of range', async () => {
    const table = await k('activity', '--limit', '3');
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^WHEN\s+WHO\s+WHAT\s+WHERE$/);
    expect(lines).toHaveLength(4);
    const changes = JSON.parse((await k('activity', '--json')).stdout) as { at: string; actor: string; verb: string; pool: string }[];
    // The CLI acts with the node's local administrator credential.
    expect(changes[0]).toMatchObject({ actor: 'local-admin', pool: 'docs' });
    expect(changes.map((c) => c.at)).toEqual(changes.map((c) => c.at).sort().reverse());
    expect((await k('activity', '--limit', '0')).code).toBe(6);
  });

  it('exits with codes a script can rely on', async () => {
    expect((await k('get', 'docs/missing.txt', join(work, 'x'))).code).toBe(3);
    expect((await k('pool', 'create', 'docs')).code).toBe(4);
    expect((await k('put', join(work, 'report.bin'), 'docs/bad\\name')).code).toBe(6);
    expect((await k('frobnicate')).code).toBe(2);
    const nowhere = await kith(['--data', join(work, 'no-node'), 'status']);
    expect(nowhere.code).toBe(69);
    expect(nowhere.stderr).toMatch(/no running node/);
  });

  it('lists the invites it issued and revokes one, which it then refuses', async () => {
    expect((await k('network', 'create', 'kin')).code).toBe(0);
    const issued = await k('invite', '--uses', '2', '--expires', '1d', '--json');
    expect(issued.code, issued.stderr).toBe(0);
    const listed = JSON.parse((await k('network', 'invites', '--json')).stdout) as { id: string; state: string; usesLeft: number }[];
    expect(listed).toEqual([expect.objectContaining({ state: 'open', usesLeft: 2 })]);
    const table = await k('network', 'invites');
    expect(table.stdout).toMatch(new RegExp(`^${listed[0]!.id}\\s+node\\s+open\\s+2 of 2\\s+20\\d\\d-`, 'm'));
    const revoked = await k('network', 'revoke-invite', listed[0]!.id);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toMatch(/^revoked invite /);
    expect(JSON.parse((await k('network', 'invites', '--json')).stdout)).toEqual([expect.objectContaining({ state: 'revoked' })]);
    const unknown = await k('network', 'revoke-invite', 'no-such-invite');
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toMatch(/invite/);
  });

  it('check reports a consistent store', async () => {
    const check = await k('check', '--json');
    expect(check.code, check.stdout).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({ ok: true, damagedChunks: [] });
  });
});
