/** `kith versions`, `kith restore`, `kith trash …`, `kith activity`. */
import type { Command } from 'commander';
import { splitPoolPath } from '../../core/names.js';
import { encodePath } from '../client.js';
import { clientFor, flagsOf } from '../context.js';
import { humanBytes, printJson, printTable } from '../output.js';

interface VersionJson {
  id: number;
  size: number;
  modifiedAt: string;
  author: { user?: string };
}

interface TrashJson {
  id: number;
  originalPath: string;
  type: string;
  size: number;
  deletedAt: string;
  deletedBy?: string;
}

interface ChangeJson {
  at: string;
  pool: string;
  verb: string;
  path?: string;
  actor?: string;
}

export function registerHistoryCommands(program: Command): void {
  program
    .command('activity')
    .description('the latest changes across the pools you read, newest first: when, who, what, where')
    .option('--limit <n>', 'how many (1 to 500)', (v) => Number(v), 20)
    .action(async (opts: { limit: number }, cmd: Command) => {
      const { items } = await (await clientFor(cmd)).json<{ items: ChangeJson[] }>('GET', `/activity?limit=${opts.limit}`);
      if (flagsOf(cmd).json) return printJson(items);
      printTable([['WHEN', 'WHO', 'WHAT', 'WHERE'], ...items.map((c) => [c.at, c.actor ?? '-', c.verb, c.path ? `${c.pool}/${c.path}` : c.pool])]);
    });

  program
    .command('versions <remote>')
    .description('list earlier versions of a file')
    .action(async (remote: string, _opts, cmd: Command) => {
      const { pool, path } = splitPoolPath(remote);
      const { versions } = await (await clientFor(cmd)).json<{ versions: VersionJson[] }>('GET', `/pools/${pool}/versions/${encodePath(path)}`);
      if (flagsOf(cmd).json) return printJson(versions);
      printTable([['ID', 'SIZE', 'MODIFIED', 'BY'], ...versions.map((v) => [String(v.id), humanBytes(v.size), v.modifiedAt, v.author.user ?? '-'])]);
    });

  program
    .command('restore <remote> <versionId>')
    .description('make an earlier version of a file current again (ids from `kith versions`)')
    .action(async (remote: string, versionId: string, _opts, cmd: Command) => {
      const { pool, path } = splitPoolPath(remote);
      const res = await (await clientFor(cmd)).json('POST', `/pools/${pool}/versions/restore`, { path, id: Number(versionId) });
      if (flagsOf(cmd).json) printJson(res);
    });

  const trash = program.command('trash').description("a pool's trash");

  trash
    .command('ls <pool>')
    .description('list the trash')
    .action(async (pool: string, _opts, cmd: Command) => {
      const { items } = await (await clientFor(cmd)).json<{ items: TrashJson[] }>('GET', `/pools/${encodeURIComponent(pool)}/trash`);
      if (flagsOf(cmd).json) return printJson(items);
      printTable([['ID', 'DELETED', 'SIZE', 'PATH'], ...items.map((t) => [String(t.id), t.deletedAt, humanBytes(t.size), t.type === 'dir' ? `${t.originalPath}/` : t.originalPath])]);
    });

  trash
    .command('restore <pool> <id>')
    .description('restore an item (to its original path, or beside it if taken)')
    .action(async (pool: string, id: string, _opts, cmd: Command) => {
      const res = await (await clientFor(cmd)).json<{ entry: { path: string } }>('POST', `/pools/${encodeURIComponent(pool)}/trash/${encodeURIComponent(id)}/restore`);
      if (flagsOf(cmd).json) printJson(res.entry);
      else process.stdout.write(`restored to ${res.entry.path}\n`);
    });

  trash
    .command('purge <pool> [id]')
    .description('purge one item, or the whole trash, for good')
    .action(async (pool: string, id: string | undefined, _opts, cmd: Command) => {
      const base = `/pools/${encodeURIComponent(pool)}/trash`;
      await (await clientFor(cmd)).json('DELETE', id === undefined ? base : `${base}/${encodeURIComponent(id)}`);
    });
}
