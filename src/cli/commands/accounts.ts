/** `kith user …` and `kith token …`. */
import type { Command } from 'commander';
import { clientFor, flagsOf, passwordFromStdin } from '../context.js';
import { humanBytes, printJson, printTable } from '../output.js';

interface UserJson {
  name: string;
  role: string;
  disabled: boolean;
  quotaBytes?: number;
  usedBytes: number;
  homePool?: string;
}

interface TokenJson {
  id: number;
  label: string;
  createdAt: string;
  lastUsedAt?: string;
}

export function registerAccountCommands(program: Command): void {
  const user = program.command('user').description('manage user accounts');

  user
    .command('add <name>')
    .description('create a user (and their home pool)')
    .option('--admin', 'make them an administrator')
    .option('--password-stdin', 'read the password from standard input')
    .option('--quota <bytes>', 'quota in bytes', (v) => Number(v))
    .action(async (name: string, opts: { admin?: boolean; passwordStdin?: boolean; quota?: number }, cmd: Command) => {
      const password = await passwordFromStdin(opts.passwordStdin);
      const client = await clientFor(cmd);
      const res = await client.json<{ user: UserJson }>('POST', '/users', { name, password, role: opts.admin ? 'admin' : 'user', quotaBytes: opts.quota });
      if (flagsOf(cmd).json) printJson(res.user);
      else process.stdout.write(`created ${res.user.role} ${res.user.name} (home pool ${res.user.homePool})\n`);
    });

  user
    .command('passwd <name>')
    .description("set a user's password")
    .option('--password-stdin', 'read the password from standard input')
    .action(async (name: string, opts: { passwordStdin?: boolean }, cmd: Command) => {
      const password = await passwordFromStdin(opts.passwordStdin);
      const client = await clientFor(cmd);
      await client.json('PUT', `/users/${encodeURIComponent(name)}/password`, { password });
    });

  user
    .command('ls')
    .description('list users')
    .action(async (_opts, cmd: Command) => {
      const { users } = await (await clientFor(cmd)).json<{ users: UserJson[] }>('GET', '/users');
      if (flagsOf(cmd).json) return printJson(users);
      printTable([
        ['NAME', 'ROLE', 'USED', 'QUOTA', 'STATE'],
        ...users.map((u) => [u.name, u.role, humanBytes(u.usedBytes), u.quotaBytes === undefined ? '-' : humanBytes(u.quotaBytes), u.disabled ? 'disabled' : 'active']),
      ]);
    });

  user
    .command('rm <name>')
    .description('delete a user (their home pool goes to deleted pools)')
    .action(async (name: string, _opts, cmd: Command) => {
      await (await clientFor(cmd)).json('DELETE', `/users/${encodeURIComponent(name)}`);
    });

  const token = program.command('token').description('manage API tokens and app passwords');

  const tokensPath = (userName: string | undefined) => (userName ? `/users/${encodeURIComponent(userName)}/tokens` : '/me/tokens');

  token
    .command('create <label>')
    .description('create a token (shown once); usable as a Bearer token, or as a Basic-auth password with the user name')
    .option('--user <name>', 'for this user (administrators)')
    .action(async (label: string, opts: { user?: string }, cmd: Command) => {
      const res = await (await clientFor(cmd)).json<{ user: string; secret: string; token: TokenJson }>('POST', tokensPath(opts.user), { label });
      if (flagsOf(cmd).json) printJson({ user: res.user, token: res.secret, id: res.token.id, label: res.token.label });
      else process.stdout.write(`${res.secret}\n`);
    });

  token
    .command('ls')
    .description('list tokens')
    .option('--user <name>', 'of this user (administrators)')
    .action(async (opts: { user?: string }, cmd: Command) => {
      const { tokens } = await (await clientFor(cmd)).json<{ tokens: TokenJson[] }>('GET', tokensPath(opts.user));
      if (flagsOf(cmd).json) return printJson(tokens);
      printTable([['ID', 'LABEL', 'CREATED', 'LAST USED'], ...tokens.map((t) => [String(t.id), t.label, t.createdAt, t.lastUsedAt ?? 'never'])]);
    });

  token
    .command('revoke <id>')
    .description('revoke a token')
    .option('--user <name>', 'of this user (administrators)')
    .action(async (id: string, opts: { user?: string }, cmd: Command) => {
      await (await clientFor(cmd)).json('DELETE', `${tokensPath(opts.user)}/${encodeURIComponent(id)}`);
    });
}
