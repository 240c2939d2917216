/**
 * Real WebDAV clients against /dav/: rclone (webdav backend, vendor "other") copies, checks, syncs
 * and deletes a tree whose names have spaces, Unicode, "%" and "+", and (vendor "owncloud") keeps
 * modification times so that a second sync sends nothing; cadaver, driven by a script
 * on stdin with credentials from a netrc, does what a person would. Results are checked through
 * the REST API, not only by exit codes.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { davFixture, runClient, type DavFixture } from './helpers/webdav.js';

let d: DavFixture;
let work: string;
beforeAll(async () => {
  d = await davFixture('sync');
  work = d.work;
});
afterAll(() => d.stop());

const ODD_NAME = 'ünï cødé 100% a+b.txt';

async function restNames(pool: string, dir: string): Promise<string[]> {
  const res = await d.t.api(`/pools/${pool}/files/${dir.split('/').map(encodeURIComponent).join('/')}`, { token: d.token });
  expect(res.status).toBe(200);
  return ((await res.json()) as { children: { items: { name: string }[] } }).children.items.map((i) => i.name).sort();
}

async function restContent(pool: string, path: string): Promise<Buffer> {
  const res = await d.t.api(`/pools/${pool}/content/${path.split('/').map(encodeURIComponent).join('/')}`, { token: d.token });
  expect(res.status, path).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

describe('rclone', () => {
  const rcloneAs = (vendor: string) => async (...args: string[]) => {
    const obscured = await runClient('rclone', ['obscure', d.token]);
    const env = {
      RCLONE_CONFIG: '/dev/null',
      RCLONE_WEBDAV_URL: `${d.davUrl}/`,
      RCLONE_WEBDAV_VENDOR: vendor,
      // rclone lists times in local time.
      TZ: 'UTC',
      RCLONE_WEBDAV_USER: d.user,
      RCLONE_WEBDAV_PASS: obscured.output.trim(),
    };
    return runClient('rclone', args, { env });
  };
  const rclone = rcloneAs('other');

  it('copies, checks, syncs and deletes a tree', async () => {
    const src = join(work, 'src');
    await mkdir(join(src, 'sub', 'deeper'), { recursive: true });
    const big = randomBytes(3 * 1024 * 1024 + 5);
    await writeFile(join(src, 'sub', 'big.bin'), big);
    await writeFile(join(src, 'sub', 'deeper', ODD_NAME), 'odd');
    await writeFile(join(src, 'a.txt'), 'first');

    const copy = await rclone('copy', src, ':webdav:sync/tree');
    expect(copy.code, copy.output).toBe(0);
    const check = await rclone('check', src, ':webdav:sync/tree');
    expect(check.code, check.output).toBe(0);
    expect(check.output).toMatch(/0 differences found/);
    expect(await restNames('sync', 'tree/sub/deeper')).toEqual([ODD_NAME]);
    expect((await restContent('sync', 'tree/sub/big.bin')).equals(big)).toBe(true);

    await writeFile(join(src, 'a.txt'), 'second, longer');
    await rm(join(src, 'sub', 'big.bin'));
    const sync = await rclone('sync', src, ':webdav:sync/tree');
    expect(sync.code, sync.output).toBe(0);
    expect((await rclone('check', src, ':webdav:sync/tree')).code).toBe(0);
    expect(await restNames('sync', 'tree/sub')).toEqual(['deeper']);
    expect((await restContent('sync', 'tree/a.txt')).toString()).toBe('second, longer');

    // Through the pool layer: the overwrite kept a version, the removal went to the trash.
    const versions = await d.t.api('/pools/sync/versions/tree/a.txt', { token: d.token });
    expect(((await versions.json()) as { versions: unknown[] }).versions).toHaveLength(1);
    const trash = (await (await d.t.api('/pools/sync/trash', { token: d.token })).json()) as { items: { originalPath: string }[] };
    expect(trash.items.map((i) => i.originalPath)).toContain('tree/sub/big.bin');

    const del = await rclone('delete', ':webdav:sync/tree');
    expect(del.code, del.output).toBe(0);
    expect(await restNames('sync', 'tree/sub/deeper')).toEqual([]);
  });

  it('keeps modification times as an ownCloud server does, so a second sync sends nothing', async () => {
    const owncloud = rcloneAs('owncloud');
    const src = join(work, 'dated');
    await mkdir(src, { recursive: true });
    await writeFile(join(src, 'old.txt'), 'written long ago');
    const longAgo = new Date('2021-03-04T05:06:07Z');
    await utimes(join(src, 'old.txt'), longAgo, longAgo);

    const copy = await owncloud('copy', src, ':webdav:sync/dated');
    expect(copy.code, copy.output).toBe(0);
    const listed = await owncloud('lsl', ':webdav:sync/dated');
    expect(listed.output).toMatch(/ 2021-03-04 05:06:07\.0+ old\.txt/);
    const again = await owncloud('sync', src, ':webdav:sync/dated', '-v', '--stats-one-line');
    expect(again.code, again.output).toBe(0);
    expect(again.output).not.toMatch(/Copied|Updated modification time/);
    const versions = await d.t.api('/pools/sync/versions/dated/old.txt', { token: d.token });
    expect(((await versions.json()) as { versions: unknown[] }).versions).toHaveLength(0);
  });
});

describe('cadaver', () => {
  it('runs a script of commands with credentials from a netrc', async () => {
    const home = join(work, 'home');
    await mkdir(home, { recursive: true });
    await writeFile(join(home, '.netrc'), `machine 127.0.0.1\nlogin ${d.user}\npassword ${d.token}\n`, { mode: 0o600 });
    await writeFile(join(work, 'note.txt'), 'cadaver was here');
    const script = [
      'mkcol docs',
      'put note.txt docs/note.txt',
      'copy docs/note.txt docs/copy.txt',
      'move docs/copy.txt docs/moved.txt',
      'propset docs/note.txt colour blue',
      'propget docs/note.txt colour',
      'lock docs/note.txt',
      'discover docs/note.txt',
      'unlock docs/note.txt',
      'get docs/moved.txt back.txt',
      'delete docs/note.txt',
      'ls docs',
      'quit',
    ].join('\n');
    const run = await runClient('cadaver', [`${d.davUrl}/sync/`], { cwd: work, env: { HOME: home }, stdin: `${script}\n`, timeoutMs: 60_000 });
    expect(run.output).not.toMatch(/failed/i);
    expect(run.output).toMatch(/Value of colou?r is: blue/);
    expect(run.output).toMatch(/Lock token <urn:x-kith:lock:/);
    expect((await readFile(join(work, 'back.txt'), 'utf8'))).toBe('cadaver was here');
    expect(await restNames('sync', 'docs')).toEqual(['moved.txt']);
  });
});
