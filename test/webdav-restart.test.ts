/**
 * WebDAV locks outlive a restart of the node, even an unclean one: the built daemon is killed
 * (SIGKILL) and started again on the same data directory, and the client's lock token still guards
 * the file and still lets its owner write. (A lock is stored durably before LOCK is answered.)
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { kith, kithOk, removeDir, startDaemon, type Daemon } from './helpers/daemon.js';
import { STRONG_PASSWORD } from './helpers/in-process-node.js';

let d: Daemon;
let basic: string;
beforeAll(async () => {
  d = await startDaemon();
  const added = await kith(['--data', d.dataDir, 'user', 'add', 'rita', '--admin', '--password-stdin'], { stdin: `${STRONG_PASSWORD}\n` });
  expect(added.code, added.stderr).toBe(0);
  const { token } = JSON.parse(await kithOk(d.dataDir, 'token', 'create', 'laptop', '--user', 'rita', '--json')) as { token: string };
  basic = `Basic ${Buffer.from(`rita:${token}`).toString('base64')}`;
});
afterAll(async () => {
  await d.kill9();
  await removeDir(d.dataDir);
});

const dav = (method: string, path: string, headers: Record<string, string> = {}, body?: string) =>
  fetch(`${d.url}/dav/home-rita${path}`, { method, headers: { authorization: basic, ...headers }, body });

it('keeps a lock, and its token, across a restart', async () => {
  expect((await dav('PUT', '/doc.txt', {}, 'v1')).status).toBe(201);
  const lock = await dav('LOCK', '/doc.txt', { timeout: 'Second-600' }, '<D:lockinfo xmlns:D="DAV:"><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype><D:owner>rita</D:owner></D:lockinfo>');
  expect(lock.status).toBe(200);
  const token = lock.headers.get('lock-token')!;

  await d.kill9();
  d = await startDaemon(d.dataDir);

  expect((await dav('PUT', '/doc.txt', {}, 'v2')).status).toBe(423);
  const discovery = await dav('PROPFIND', '/doc.txt', { depth: '0' }, '<D:propfind xmlns:D="DAV:"><D:prop><D:lockdiscovery/></D:prop></D:propfind>');
  expect(await discovery.text()).toContain(`<D:href>${token.slice(1, -1)}</D:href>`);
  expect((await dav('PUT', '/doc.txt', { if: `(${token})` }, 'v2')).status).toBe(204);
  expect((await dav('UNLOCK', '/doc.txt', { 'lock-token': token })).status).toBe(204);
  expect((await dav('PUT', '/doc.txt', {}, 'v3')).status).toBe(204);
});
