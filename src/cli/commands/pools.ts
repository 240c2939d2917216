/** `kith pool …`. */
import type { Command } from 'commander';
import { clientFor, flagsOf } from '../context.js';
import { humanBytes, printJson, printTable } from '../output.js';

interface PoolJson {
  id: string;
  name: string;
  kind: string;
  owner?: string;
  deletedAt?: string;
  usage: { files: number; versions: number; trash: number };
}

export function registerPoolCommands(program: Command): void {
  const pool = program.command('pool').description('manage pools');

  pool
    .command('create <name>')
    .description('create a pool')
    .option('--copies <n>', 'share it on the network, keeping this many full copies', (v) => Number(v))
    .option('--visibility <v>', 'with --copies: private (listed to every member), hidden (found only with name and secret) or public')
    .option('--upload <u>', 'with --copies: whose changes it accepts: owner (this node only), members or anyone')
    .action(async (name: string, opts: { copies?: number; visibility?: string; upload?: string }, cmd: Command) => {
      const res = await (await clientFor(cmd)).json<{ pool: PoolJson; secret?: string }>('POST', '/pools', { name, ...opts });
      if (flagsOf(cmd).json) return printJson({ ...res.pool, secret: res.secret });
      process.stdout.write(`created pool ${res.pool.name}${opts.copies === undefined ? '' : `, shared on the network (${opts.copies} copies)`}\n`);
      // The secret alone on the last line, for scripts; it is not shown again.
      if (res.secret !== undefined) process.stdout.write(`hidden: members subscribe with its name and this secret (shown only now):\n${res.secret}\n`);
    });

  pool
    .command('subscribe <name>')
    .description('hold a pool shared on the network on this node')
    .option('--mode <mode>', 'mirror (read-write, serves others) or replica (download-only)', 'mirror')
    .option('--secret <secret>', 'the secret of a hidden pool')
    .action(async (name: string, opts: { mode: string; secret?: string }, cmd: Command) => {
      const res = await (await clientFor(cmd)).json<{ pool: { name: string; subscription: string } }>('POST', `/network/pools/${encodeURIComponent(name)}/subscribe`, opts);
      if (flagsOf(cmd).json) printJson(res.pool);
      else process.stdout.write(`holding pool ${res.pool.name} as a ${res.pool.subscription}\n`);
    });

  pool
    .command('ls')
    .description('list pools')
    .option('--deleted', 'list deleted pools awaiting purge')
    .option('--network', 'list pools shared on the network')
    .action(async (opts: { deleted?: boolean; network?: boolean }, cmd: Command) => {
      if (opts.network) return listNetworkPools(cmd);
      const { pools } = await (await clientFor(cmd)).json<{ pools: PoolJson[] }>('GET', opts.deleted ? '/deleted-pools' : '/pools');
      if (flagsOf(cmd).json) return printJson(pools);
      printTable([
        ['NAME', 'KIND', 'OWNER', 'FILES', 'VERSIONS', 'TRASH', ...(opts.deleted ? ['ID'] : [])],
        ...pools.map((p) => [p.name, p.kind, p.owner ?? '-', humanBytes(p.usage.files), humanBytes(p.usage.versions), humanBytes(p.usage.trash), ...(opts.deleted ? [p.id] : [])]),
      ]);
    });

  pool
    .command('rename <name> <newName>')
    .description('rename a pool')
    .action(async (name: string, newName: string, _opts, cmd: Command) => {
      await (await clientFor(cmd)).json('PATCH', `/pools/${encodeURIComponent(name)}`, { name: newName });
    });

  pool
    .command('rm <name>')
    .description('delete a pool (restorable with `pool restore` until purged)')
    .option('--purge', 'also purge it now, for good')
    .action(async (name: string, opts: { purge?: boolean }, cmd: Command) => {
      const client = await clientFor(cmd);
      const res = await client.json<{ pool: PoolJson }>('DELETE', `/pools/${encodeURIComponent(name)}`);
      if (opts.purge) await client.json('DELETE', `/deleted-pools/${res.pool.id}`);
    });

  pool
    .command('restore <id>')
    .description('restore a deleted pool by its id (see `pool ls --deleted`)')
    .action(async (id: string, _opts, cmd: Command) => {
      await (await clientFor(cmd)).json('POST', `/deleted-pools/${encodeURIComponent(id)}/restore`);
    });
}

interface NetworkPoolJson {
  uid: string;
  name: string;
  creator: string;
  copies: number;
  visibility: string;
  upload: string;
  subscription?: string;
}

async function listNetworkPools(cmd: Command): Promise<void> {
  const { pools } = await (await clientFor(cmd)).json<{ pools: NetworkPoolJson[] }>('GET', '/network/pools');
  if (flagsOf(cmd).json) return printJson(pools);
  printTable([['NAME', 'COPIES', 'VISIBILITY', 'UPLOAD', 'HERE', 'CREATOR'], ...pools.map((p) => [p.name, String(p.copies), p.visibility, p.upload, p.subscription ?? '-', p.creator])]);
}
