/** `kith init`, `start`, `status`, `check`. */
import type { Command } from 'commander';
import { createLogger } from '../../core/log.js';
import { loadOrCreateNodeKey } from '../../identity/index.js';
import type { NetworkStatus } from '../../net/index.js';
import type { PoolReplication } from '../../sync/index.js';
import { replicationLines } from './network.js';
import type { CheckReport } from '../../pool/index.js';
import { NodeUnreachableError } from '../client.js';
import { clientFor, flagsOf } from '../context.js';
import { EXIT, humanBytes, printJson } from '../output.js';
import { dataDirFrom, loadConfig } from '../sources.js';
import { mkdir } from 'node:fs/promises';

export function registerNodeCommands(program: Command): void {
  program
    .command('init')
    .description('create a data directory and the node key, without starting')
    .action(async (_opts, cmd: Command) => {
      const dir = dataDirFrom(flagsOf(cmd));
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const key = await loadOrCreateNodeKey(dir);
      process.stdout.write(`node ${key.nodeId}\ndata ${dir}\n`);
    });

  program
    .command('start')
    .description('run the node (HTTP API and web app) until interrupted')
    .action(async (_opts, cmd: Command) => {
      const config = loadConfig(flagsOf(cmd));
      const log = createLogger({ level: config.log.level });
      // Loaded on demand: the server and its dependencies are not needed by the other commands.
      const { startNode } = await import('../../node.js');
      const node = await startNode(config, log);
      // One write: a script that reads up to "listening on" finds the setup link there too.
      const setup = node.setupUrl ? `\nNo administrator yet. Open this one-time setup link to create one:\n  ${node.setupUrl}\n\n` : '';
      const s3 = node.s3Url ? `s3 api on ${node.s3Url}\n` : '';
      process.stdout.write(`Kith node ${node.nodeId}\nlistening on ${node.url}\n${s3}data in ${config.dataDir}\n${setup}`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          node.stop().then(resolve, resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });

  program
    .command('status')
    .description('show the running node')
    .action(async (_opts, cmd: Command) => {
      const client = await clientFor(cmd);
      const info = await client.json<Record<string, unknown> & { disk: { totalBytes: number; freeBytes: number } }>('GET', '/node');
      const network = await client.json<NetworkStatus & { pools: PoolReplication[] }>('GET', '/network');
      if (flagsOf(cmd).json) return printJson({ ...info, url: client.baseUrl, p2p: { listen: network.listen }, network: network.network ?? null, pools: network.pools });
      process.stdout.write(
        `node      ${info.nodeId}\nurl       ${client.baseUrl}\nversion   ${info.version}\nuptime    ${info.uptimeSeconds} s\n` +
          `data      ${info.dataDir}\ndisk      ${humanBytes(info.disk.freeBytes)} free of ${humanBytes(info.disk.totalBytes)}\n` +
          `setup     ${info.setupNeeded ? 'needed: no administrator yet' : 'done'}\n` +
          `p2p       ${network.listen.join(' ')}\n` +
          `network   ${network.network === undefined ? 'none' : `${network.network.name} (${network.network.role}), ${network.network.peers.filter((p) => p.connected).length} of ${network.network.peers.length} members connected`}\n`,
      );
      for (const line of replicationLines(network.pools)) process.stdout.write(`${line}\n`);
    });

  program
    .command('check')
    .description('verify every chunk and reference count (through the running node, or offline if none runs)')
    .option('--repair', 'fix reference counts and quarantine corrupt chunks')
    .action(async (opts: { repair?: boolean }, cmd: Command) => {
      const report = await runCheck(cmd, opts.repair ?? false);
      if (flagsOf(cmd).json) printJson(report);
      else printCheck(report);
      if (!report.ok) process.exitCode = EXIT.damaged;
    });
}

async function runCheck(cmd: Command, repair: boolean): Promise<CheckReport> {
  try {
    const client = await clientFor(cmd);
    return await client.json<CheckReport>('POST', '/node/check', { repair });
  } catch (err) {
    if (!(err instanceof NodeUnreachableError)) throw err;
  }
  // No node running: open the data directory directly (safe, since nobody else writes to it).
  const config = loadConfig(flagsOf(cmd));
  const [{ openNodeParts }, { checkStore }] = await Promise.all([import('../../node.js'), import('../../pool/index.js')]);
  const parts = await openNodeParts(config, createLogger({ level: 'warn' }));
  try {
    return await checkStore(parts.ctx, { repair });
  } finally {
    await parts.close();
  }
}

function printCheck(r: CheckReport): void {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`verified ${r.chunksVerified} chunks (${humanBytes(r.bytesVerified)})`);
  for (const m of r.manifestRefMismatches) out(`reference count of manifest ${m.hash}: stored ${m.stored}, actual ${m.actual}`);
  for (const c of r.chunkRefMismatches) out(`reference count of chunk ${c.hash}: stored ${c.stored}, actual ${c.actual}`);
  for (const d of r.damagedChunks) {
    out(`${d.problem} chunk ${d.hash}`);
    for (const u of d.usedBy) out(`  used by ${u.pool}/${u.path} (${u.where})`);
  }
  for (const line of r.repaired) out(`repaired: ${line}`);
  for (const line of r.unrepairable) out(`cannot repair: ${line}`);
  out(r.ok ? 'store is consistent' : 'store has problems');
}
