/** `kith link create|ls|rm`: share links for people without an account. */
import type { Command } from 'commander';
import { splitPoolPath } from '../../core/names.js';
import { clientFor, flagsOf, passwordFromStdin } from '../context.js';
import { printJson, printTable } from '../output.js';
import { parseDuration, parseSize } from './network.js';

interface LinkJson {
  id: number;
  url: string;
  kind: 'download' | 'drop';
  pool?: string;
  path: string;
  expiresAt?: string;
  hasPassword: boolean;
  maxDownloads?: number;
  downloads: number;
  uploads: number;
}

interface CreateOptions {
  drop?: boolean;
  passwordStdin?: boolean;
  expires?: string;
  maxDownloads?: number;
  maxSize?: string;
}

export function registerLinkCommands(program: Command): void {
  const link = program.command('link').description('share links: a file or folder for people without an account');

  link
    .command('create <remote>')
    .description('share POOL/PATH by link (printed alone on the last line); --drop: a folder anyone may upload into')
    .option('--drop', 'a file drop link: uploads only, nothing shown')
    .option('--password-stdin', 'read a password for the link from standard input')
    .option('--expires <duration>', 'valid for 30m, 12h, 7d, 2w … (default: never)')
    .option('--max-downloads <n>', 'stop after this many downloads', (v) => Number(v))
    .option('--max-size <size>', 'file drop links: the largest file one upload may bring, e.g. 100MB')
    .action(async (remote: string, opts: CreateOptions, cmd: Command) => {
      const { pool, path } = splitPoolPath(remote);
      const client = await clientFor(cmd);
      const body = {
        path,
        kind: opts.drop ? 'drop' : 'download',
        password: opts.passwordStdin ? await passwordFromStdin(true) : undefined,
        expiresAt: opts.expires === undefined ? undefined : new Date(Date.now() + parseDuration(opts.expires) * 1000).toISOString(),
        maxDownloads: opts.maxDownloads,
        maxUploadBytes: opts.maxSize === undefined ? undefined : parseSize(opts.maxSize),
      };
      const { link: created } = await client.json<{ link: LinkJson }>('POST', `/pools/${encodeURIComponent(pool)}/links`, body);
      if (flagsOf(cmd).json) return printJson(created);
      process.stdout.write(`${created.kind === 'drop' ? 'file drop link' : 'share link'} ${created.id} for ${pool}/${created.path}\n${new URL(created.url, client.baseUrl).href}\n`);
    });

  link
    .command('ls')
    .description('your share links and how often they were used (an administrator sees all)')
    .action(async (_opts, cmd: Command) => {
      const { items } = await (await clientFor(cmd)).json<{ items: LinkJson[] }>('GET', '/links');
      if (flagsOf(cmd).json) return printJson(items);
      printTable([['ID', 'KIND', 'ITEM', 'USED', 'EXPIRES', 'PASSWORD'], ...items.map((l) => [String(l.id), l.kind, `${l.pool ?? '?'}/${l.path}`, usage(l), l.expiresAt ?? 'never', l.hasPassword ? 'yes' : 'no'])]);
    });

  link
    .command('rm <id>')
    .description('revoke a share link: it stops working at once')
    .action(async (id: string, _opts, cmd: Command) => {
      await (await clientFor(cmd)).json('DELETE', `/links/${encodeURIComponent(id)}`);
      if (!flagsOf(cmd).json) process.stdout.write(`revoked link ${id}\n`);
    });
}

function usage(link: LinkJson): string {
  if (link.kind === 'drop') return `${link.uploads} upload(s)`;
  return `${link.downloads}${link.maxDownloads === undefined ? '' : ` of ${link.maxDownloads}`} download(s)`;
}

