/** `kith put`, `get`, `ls`, `mkdir`, `mv`, `cp`, `rm`. Remote paths are written POOL/PATH. */
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { InvalidInputError } from '../../core/errors.js';
import { splitPoolPath } from '../../core/names.js';
import { encodePath } from '../client.js';
import { clientFor, flagsOf } from '../context.js';
import { humanBytes, printJson, printTable } from '../output.js';
import { progressMeter } from '../progress.js';

interface EntryJson {
  path: string;
  name: string;
  type: 'file' | 'dir';
  size: number;
  modifiedAt: string;
  etag?: string;
}

export function registerFileCommands(program: Command): void {
  program
    .command('put <local> <remote>')
    .description('upload a file to POOL/PATH (PATH ending in "/" or empty: keep the local name)')
    .action(async (local: string, remote: string, _opts, cmd: Command) => {
      const info = await stat(local);
      if (!info.isFile()) throw new InvalidInputError(`${local} is not a regular file`);
      const target = remote.endsWith('/') || !remote.includes('/') ? `${remote.replace(/\/$/, '')}/${basename(local)}` : remote;
      const { pool, path } = splitPoolPath(target);
      const client = await clientFor(cmd);
      const body = createReadStream(local).pipe(progressMeter(info.size, 'put'));
      const res = await client.request('PUT', `/pools/${pool}/content/${encodePath(path)}?mtime=${Math.round(info.mtimeMs)}`, {
        body,
        headers: { 'content-length': info.size, 'content-type': 'application/octet-stream' },
      });
      const { entry } = JSON.parse(await text(res)) as { entry: EntryJson };
      if (flagsOf(cmd).json) printJson(entry);
    });

  program
    .command('get <remote> <local>')
    .description('download POOL/PATH to a local file ("-" for standard output)')
    .action(async (remote: string, local: string, _opts, cmd: Command) => {
      const { pool, path } = splitPoolPath(remote);
      const client = await clientFor(cmd);
      const res = await client.request('GET', `/pools/${pool}/content/${encodePath(path)}`);
      const size = Number(res.headers['content-length']);
      if (local === '-') {
        await pipeline(res, process.stdout);
        return;
      }
      // Into a temp file first: an interrupted download never leaves a partial file under the real name.
      const tmp = `${local}.kith-partial`;
      try {
        await pipeline(res, progressMeter(Number.isFinite(size) ? size : undefined, 'get'), createWriteStream(tmp));
        await rename(tmp, local);
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
    });

  program
    .command('ls <remote>')
    .description('list a folder (POOL or POOL/PATH)')
    .option('--sort <key>', 'name, size or mtime', 'name')
    .option('--desc', 'reverse order')
    .action(async (remote: string, opts: { sort: string; desc?: boolean }, cmd: Command) => {
      const { pool, path } = splitPoolPath(remote);
      const client = await clientFor(cmd);
      const items: EntryJson[] = [];
      for (let offset = 0; ; ) {
        const res = await client.json<{ entry: EntryJson; children?: { items: EntryJson[]; total: number } }>(
          'GET',
          `/pools/${pool}/files/${encodePath(path)}?limit=1000&offset=${offset}&sort=${encodeURIComponent(opts.sort)}&order=${opts.desc ? 'desc' : 'asc'}`,
        );
        if (!res.children) {
          items.push(res.entry);
          break;
        }
        items.push(...res.children.items);
        offset += res.children.items.length;
        if (res.children.items.length === 0 || offset >= res.children.total) break;
      }
      if (flagsOf(cmd).json) return printJson(items);
      printTable(items.map((e) => [e.type === 'dir' ? 'd' : '-', e.type === 'dir' ? '' : humanBytes(e.size), e.modifiedAt, e.type === 'dir' ? `${e.name}/` : e.name]));
    });

  program
    .command('mkdir <remote>')
    .description('create a folder')
    .option('-p, --parents', 'create missing parents; no error if it exists')
    .action(async (remote: string, opts: { parents?: boolean }, cmd: Command) => {
      const { pool, path } = splitPoolPath(remote);
      await (await clientFor(cmd)).json('POST', `/pools/${pool}/mkdir`, { path, parents: opts.parents ?? false });
    });

  for (const [name, verb] of [['mv', 'move'], ['cp', 'copy']] as const) {
    program
      .command(`${name} <source> <target>`)
      .description(`${verb} a file or folder (POOL/PATH to POOL/PATH; no data is copied)`)
      .option('-f, --force', 'replace the target (it goes to the trash)')
      .action(async (source: string, target: string, opts: { force?: boolean }, cmd: Command) => {
        const from = splitPoolPath(source);
        const to = splitPoolPath(target);
        const res = await (await clientFor(cmd)).json<{ entry: EntryJson }>('POST', `/pools/${from.pool}/${verb}`, {
          from: from.path,
          to: to.path,
          overwrite: opts.force ?? false,
          toPool: to.pool === from.pool ? undefined : to.pool,
        });
        if (flagsOf(cmd).json) printJson(res.entry);
      });
  }

  program
    .command('rm <remote>')
    .description('move a file or folder to the trash')
    .action(async (remote: string, _opts, cmd: Command) => {
      const { pool, path } = splitPoolPath(remote);
      const res = await (await clientFor(cmd)).json<{ trashId: number }>('DELETE', `/pools/${pool}/files/${encodePath(path)}`);
      if (flagsOf(cmd).json) printJson(res);
    });
}

async function text(res: AsyncIterable<unknown>): Promise<string> {
  const parts: Buffer[] = [];
  for await (const p of res) parts.push(p as Buffer);
  return Buffer.concat(parts).toString('utf8');
}
