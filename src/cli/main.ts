/**
 * The `kith` command line. Every command but `start`, `init` and `bench` talks to a running node
 * over its REST API: on the same machine through the credential the node leaves in its data
 * directory, from elsewhere through KITH_URL and KITH_TOKEN.
 */
import { Command, CommanderError } from 'commander';
import { KithError } from '../core/errors.js';
import { VERSION } from '../version.js';
import { NodeUnreachableError } from './client.js';
import { registerAccountCommands } from './commands/accounts.js';
import { registerBenchCommand } from './commands/bench.js';
import { registerFileCommands } from './commands/files.js';
import { registerHistoryCommands } from './commands/history.js';
import { registerLinkCommands } from './commands/links.js';
import { registerNodeCommands } from './commands/node.js';
import { registerNetworkCommands } from './commands/network.js';
import { registerPoolCommands } from './commands/pools.js';
import { registerS3Commands } from './commands/s3.js';
import { EXIT, exitCodeFor } from './output.js';

function buildProgram(): Command {
  const program = new Command('kith')
    .description('Kith: a home cloud of nodes that replicate pools of files')
    .version(VERSION)
    .option('--data <dir>', 'data directory (default: $KITH_DATA or ./data)')
    .option('--port <n>', 'HTTP port (default 8080)', (v) => Number(v))
    .option('--host <addr>', 'HTTP listen address (default 127.0.0.1)')
    .option('--s3-port <n>', 'S3 API port (default 9000; 0 picks a free one)', (v) => Number(v))
    .option('--p2p-port <n>', 'peer-to-peer port (default 4100; 0 picks a free one)', (v) => Number(v))
    .option('--p2p-host <addr>', 'peer-to-peer listen address (default 0.0.0.0)')
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent')
    .option('--log-requests', 'log every HTTP request: method, URL, status, duration (default: $KITH_LOG_REQUESTS)')
    .option('--json', 'machine-readable output')
    .exitOverride()
    .showHelpAfterError();
  registerNodeCommands(program);
  registerAccountCommands(program);
  registerNetworkCommands(program);
  registerPoolCommands(program);
  registerFileCommands(program);
  registerHistoryCommands(program);
  registerS3Commands(program);
  registerLinkCommands(program);
  registerBenchCommand(program);
  return program;
}

/** Runs the CLI; resolves with the process exit code. */
export async function run(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    const message = err instanceof KithError || err instanceof Error ? err.message : String(err);
    process.stderr.write(`kith: ${message}\n`);
    if (err instanceof NodeUnreachableError) return EXIT.unavailable;
    if (!(err instanceof KithError) && process.env.KITH_DEBUG) console.error(err);
    return exitCodeFor(err);
  }
}
