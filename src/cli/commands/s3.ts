/** `kith s3 key create|ls|revoke --user U`: S3 access keys. */
import type { Command } from 'commander';
import { clientFor, flagsOf } from '../context.js';
import { printJson, printTable } from '../output.js';

interface KeyJson {
  accessKeyId: string;
  createdAt: string;
  lastUsedAt?: string;
}

const keysPath = (user: string) => `/users/${encodeURIComponent(user)}/s3-keys`;

interface OutboxJson {
  id: number;
  url: string;
  createdAt: string;
  attempts: number;
  nextAttemptAt: string;
  lastError?: string;
}

export function registerS3Commands(program: Command): void {
  const s3 = program.command('s3').description('the S3-compatible API');
  const key = s3.command('key').description('manage S3 access keys');

  s3.command('outbox')
    .description('bucket notifications waiting for delivery, and why they failed')
    .action(async (_opts, cmd: Command) => {
      const { items } = await (await clientFor(cmd)).json<{ items: OutboxJson[] }>('GET', '/s3/outbox');
      if (flagsOf(cmd).json) return printJson(items);
      printTable([['ID', 'URL', 'QUEUED', 'ATTEMPTS', 'NEXT', 'LAST ERROR'], ...items.map((i) => [String(i.id), i.url, i.createdAt, String(i.attempts), i.nextAttemptAt, i.lastError ?? '-'])]);
    });

  key
    .command('create')
    .description('create an access key (the secret is shown once)')
    .requiredOption('--user <name>', 'for this user')
    .action(async (opts: { user: string }, cmd: Command) => {
      const res = await (await clientFor(cmd)).json<{ key: KeyJson; secretAccessKey: string; user: string }>('POST', keysPath(opts.user), {});
      if (flagsOf(cmd).json) printJson({ user: res.user, accessKeyId: res.key.accessKeyId, secretAccessKey: res.secretAccessKey });
      else process.stdout.write(`access key id      ${res.key.accessKeyId}\nsecret access key  ${res.secretAccessKey}\n`);
    });

  key
    .command('ls')
    .description("list a user's access keys")
    .requiredOption('--user <name>', 'of this user')
    .action(async (opts: { user: string }, cmd: Command) => {
      const { keys } = await (await clientFor(cmd)).json<{ keys: KeyJson[] }>('GET', keysPath(opts.user));
      if (flagsOf(cmd).json) return printJson(keys);
      printTable([['ACCESS KEY ID', 'CREATED', 'LAST USED'], ...keys.map((k) => [k.accessKeyId, k.createdAt, k.lastUsedAt ?? 'never'])]);
    });

  key
    .command('revoke <accessKeyId>')
    .description('revoke an access key')
    .requiredOption('--user <name>', 'of this user')
    .action(async (accessKeyId: string, opts: { user: string }, cmd: Command) => {
      await (await clientFor(cmd)).json('DELETE', `${keysPath(opts.user)}/${encodeURIComponent(accessKeyId)}`);
    });
}
