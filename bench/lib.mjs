/**
 * What bench/run.mjs and bench/sync.mjs share: the cleanup registry of child processes and temp
 * dirs (released in `finally` or on Ctrl-C, so an interrupted run leaves nothing behind), progress
 * logging, reading /proc, and the table both print. Node built-ins only.
 */
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearTimeout, setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const KITH_BIN = join(ROOT, 'bin', 'kith.js');
export const MiB = 1024 * 1024;
export const NODE_STOP_TIMEOUT_MS = 20_000;
const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ of /proc/<pid>/stat: 100 on every Linux we run on

// ---------------------------------------------------------------------------------------------
// Progress: on stderr, so that stdout holds only the table.

/** A progress logger whose lines start with `prefix` (each bench says which one is talking). */
export function makeProgress(prefix) {
  return (message) => process.stderr.write(`${prefix} ${message}\n`);
}

// ---------------------------------------------------------------------------------------------
// Cleanup: every child process and temp dir is registered here and released by `cleanup()`.

const children = new Set();
// Children started in their own process group (detached): stopped by signalling the whole group,
// so that what they started goes too, and Ctrl-C in the terminal reaches only the bench script.
const groupLeaders = new WeakSet();
export const tempDirs = new Set();
let cleaningUp;

/** Stops every registered child and removes every temp dir; once, however often it is called. */
export function cleanup() {
  cleaningUp ??= (async () => {
    await Promise.all([...children].map((child) => stopProcess(child, 5_000)));
    for (const dir of tempDirs) await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  })();
  return cleaningUp;
}

/** True once cleanup began: failures after that are the interruption, not worth a report. */
export const isCleaningUp = () => cleaningUp !== undefined;

/** On SIGINT or SIGTERM: clean up, then exit 130. */
export function cleanupOnSignals(progress) {
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      progress(`${signal}: stopping processes and removing temp files`);
      cleanup().finally(() => process.exit(130));
    });
  }
}

/**
 * A fresh temp dir `<prefix>XXXXXX` under $KITH_BENCH_DIR (or the OS temp dir), registered so that
 * it is removed at the end.
 */
export async function makeWorkDir(prefix) {
  const benchRoot = process.env.KITH_BENCH_DIR || os.tmpdir();
  await mkdir(benchRoot, { recursive: true });
  const dir = await mkdtemp(join(benchRoot, prefix));
  tempDirs.add(dir);
  return dir;
}

/**
 * Runs the bench's `main`, reports a failure as `<name> failed` with exit code 1, and cleans up
 * in any case. With `quietWhenInterrupted`, a failure after Ctrl-C (the measurement in flight
 * failing as its nodes go away) is not reported.
 */
export async function runMain(main, name, { quietWhenInterrupted = false } = {}) {
  try {
    await main();
  } catch (err) {
    if (!(quietWhenInterrupted && isCleaningUp())) process.stderr.write(`${name} failed: ${err?.stack ?? err}\n`);
    process.exitCode = 1;
  } finally {
    await cleanup();
  }
}

/** Spawns a child in ROOT with piped stdout/stderr and registers it until it exits. */
export function spawnChild(cmd, args, options = {}) {
  const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], ...options });
  children.add(child);
  if (options.detached) groupLeaders.add(child);
  for (const event of ['exit', 'error']) child.on(event, () => children.delete(child));
  return child;
}

/** SIGTERM (a node's graceful stop) to the child, or its group; SIGKILL if it has not exited in time. */
export async function stopProcess(child, timeoutMs = NODE_STOP_TIMEOUT_MS) {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const signal = (name) => {
    if (!groupLeaders.has(child)) return child.kill(name);
    try {
      process.kill(-child.pid, name);
    } catch {
      // the group is already gone
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}

// ---------------------------------------------------------------------------------------------
// A real Kith node, as a separate process.

/**
 * Starts `kith start` on `dataDir` (a fresh port each, p2p on loopback); resolves once it printed
 * its URL and wrote local.json. `stderrChars` is how much of its stderr is kept for error reports;
 * `spawnOptions` go to spawnChild (`detached` for a process group of its own).
 */
/**
 * Flags for node when it runs a Kith node: those of bin/kith.js's first line (how `kith` and
 * `npm start` run it), then KITH_BENCH_NODE_FLAGS, e.g. '--cpu-prof --cpu-prof-dir=/tmp/prof'.
 */
const NODE_FLAGS = [/^#!.*\bnode\b(.*)$/.exec(readFileSync(KITH_BIN, 'utf8').split('\n')[0])?.[1], process.env.KITH_BENCH_NODE_FLAGS]
  .join(' ')
  .split(' ')
  .filter(Boolean);

export async function startKithNode(dataDir, { startTimeoutMs, stderrChars, spawnOptions = {} }) {
  // On loopback only: no multicast (mDNS) or router (UPnP) traffic leaves the machine.
  const env = { ...process.env, KITH_P2P_MDNS: 'off', KITH_P2P_UPNP: 'off', ...spawnOptions.env };
  const args = [...NODE_FLAGS, KITH_BIN, 'start', '--data', dataDir, '--port', '0', '--s3-port', '0', '--p2p-host', '127.0.0.1', '--p2p-port', '0', '--log-level', 'warn'];
  const child = spawnChild(process.execPath, args, { ...spawnOptions, env });
  let stdout = '';
  let stderr = '';
  // Keep draining both pipes for the node's whole life: a full pipe would block its writes.
  child.stdout.on('data', (d) => (stdout = (stdout + d).slice(-10_000)));
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-stderrChars)));

  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`node did not start within ${startTimeoutMs} ms`)), startTimeoutMs);
    const onData = () => {
      const match = /listening on (\S+)/.exec(stdout);
      if (match) done(match[1]);
    };
    const onExit = (code) => fail(new Error(`node exited (${code}) before listening: ${stderr.trim() || stdout.trim()}`));
    function cleanupListeners() {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.off('exit', onExit);
    }
    function done(value) {
      cleanupListeners();
      resolve(value);
    }
    function fail(err) {
      cleanupListeners();
      reject(err);
    }
    child.stdout.on('data', onData);
    child.once('exit', onExit);
  });
  // The node writes local.json before it prints its URL; the pid check proves it is this node's.
  const local = JSON.parse(await readFile(join(dataDir, 'local.json'), 'utf8'));
  if (local.pid !== undefined && local.pid !== child.pid) throw new Error(`local.json belongs to pid ${local.pid}, not ${child.pid}`);
  const s3Url = /s3 api on (\S+)/.exec(stdout)?.[1];
  return { child, pid: child.pid, url, s3Url, token: local.token, dataDir, stderr: () => stderr };
}

/**
 * Seconds for `count` writes of `bytes` each, one after the other, each followed by an fsync, on
 * the disk holding `dir`: the least any server that acknowledges a write only once it is durable
 * must spend on `count` sequential small writes.
 */
export async function fsyncFloorSeconds(dir, count, bytes) {
  const file = join(dir, 'fsync-floor.bin');
  const handle = await open(file, 'w');
  const block = Buffer.alloc(bytes, 1);
  const started = performance.now();
  try {
    for (let i = 0; i < count; i++) {
      await handle.write(block, 0, bytes, 0);
      await handle.datasync();
    }
  } finally {
    await handle.close();
    await rm(file, { force: true });
  }
  return seconds(started);
}

/** A call to a node's REST API with its admin token; throws on an error status. */
export async function callNode(node, method, path, body, headers = {}) {
  const res = await fetch(`${node.url}/api/v1${path}`, { method, body, headers: { authorization: `Bearer ${node.token}`, ...headers } });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res;
}

// ---------------------------------------------------------------------------------------------
// Small helpers.

export const seconds = (startMs) => (performance.now() - startMs) / 1000;
export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
export const encodePath = (path) => path.split('/').map(encodeURIComponent).join('/');

/** The kernel's own accounting of a process's memory (VmRSS now, VmHWM peak), in KiB. */
export async function procStatusKiB(pid, field) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  if (!match) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(match[1]);
}

/**
 * CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. Fields 14 and 15
 * count clock ticks; the command name (field 2) may hold spaces, so fields are counted after ')'.
 */
export async function procCpuSeconds(pid) {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** What the results file records about the machine: figures from different machines do not compare. */
export const machineInfo = () => ({
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model,
  memoryMiB: Math.round(os.totalmem() / MiB),
  node: process.version,
  kernel: os.release(),
});

// ---------------------------------------------------------------------------------------------
// Report.

/** Writes the results file (creating bench/results if need be) and says where it went. */
export async function writeResultsFile(file, json, progress) {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(json, null, 2)}\n`);
  progress(`results written to ${file}`);
}

/**
 * The result table: one line per row ({figure, kith, <comparison>, ratio, goal, ok}), columns
 * padded to their widest cell. `comparison` names the column Kith is compared with.
 */
export function formatTable(rows, comparison, fmtRatio) {
  const header = ['figure', 'kith', comparison, 'ratio', 'goal', 'ok?'];
  const cells = rows.map((r) => [r.figure, r.kith, r[comparison], fmtRatio(r.ratio), r.goal, r.ok === undefined ? '-' : r.ok ? 'yes' : 'NO']);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) => c.map((v, i) => v.padEnd(widths[i])).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...cells.map(line)].join('\n');
}
