#!/usr/bin/env node
/**
 * `npm run bench`: Kith measured through its real HTTP API, as a separate process, beside the
 * physical floor of this machine (cp, sync, openssl, cat of the same data on the same disk), in
 * one run. Absolute times on shared machines are noisy; the ratios to the floor measured minutes
 * earlier on the same disk are what we compare across runs.
 *
 *   node bench/run.mjs            full run (1 GiB file, 10,000 small files, 100,000 indexed)
 *   node bench/run.mjs --quick    smoke run (256 MiB, 2,000 small files, 10,000 indexed)
 *
 * Every ratio is "Kith time / comparison time" (1.0 = as fast as the floor, 2.0 = twice as slow).
 * Memory is in MiB (from /proc/<pid>/status, which reports KiB).
 * Work happens in a temp dir under $KITH_BENCH_DIR (or the OS temp dir); it is removed at the end
 * and every process started here is stopped, also on Ctrl-C.
 * Output: a table on stdout, progress on stderr, the same figures in bench/results/latest.json.
 */
import { Buffer } from 'node:buffer';
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomFillSync } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { cleanupOnSignals, encodePath, formatTable as formatTableOf, KITH_BIN, machineInfo, makeProgress, makeWorkDir, median, MiB, procCpuSeconds, procStatusKiB, ROOT, runMain, seconds, startKithNode, stopProcess, writeResultsFile } from './lib.mjs';

const RESULTS_FILE = join(ROOT, 'bench', 'results', 'latest.json');

const QUICK = process.argv.includes('--quick');
const SIZES = QUICK
  ? { bigMiB: 256, smallFiles: 2_000, indexedFiles: 10_000, indexBudgetSeconds: 60, storeBenchMiB: 64 }
  : { bigMiB: 1024, smallFiles: 10_000, indexedFiles: 100_000, indexBudgetSeconds: 180, storeBenchMiB: 256 };
const SMALL_FILE_BYTES = 4096;
const FILES_PER_DIR = 100; // small files are spread over folders, as real trees are
const SMALL_CONCURRENCY = 8; // a sync client or browser uploading a folder: a handful of connections
const INDEX_CONCURRENCY = 16; // bulk import: we only want the index filled, as fast as the node takes it
const FLOOR_RUNS = 3; // the floor is cheap: median of 3 takes the edge off the noise
const GOALS = { putRatio: 1.5, peakRssMiB: 150, smallFilesPerSecond: 2000, indexedRssMiB: 120 };
const NODE_START_TIMEOUT_MS = 30_000;
const REQUEST_TIMEOUT_MS = 300_000; // one request may move 1 GiB on a slow disk, but never hangs forever

// Every child process and temp dir is registered in lib.mjs and released in `finally` (or on a
// signal), so an interrupted run leaves nothing behind.
const progress = makeProgress('[bench]');
cleanupOnSignals(progress);

// ---------------------------------------------------------------------------------------------
// Small helpers.

const mibps = (bytes, secs) => bytes / MiB / secs;

/** Runs a command to completion and times it; the first `[stdout]` text is returned for digests. */
function timeCommand(cmd, args, { captureStdout = false } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // 'ignore' gives the child /dev/null: `cat` without capture is "read the file, discard it".
    const child = spawn(cmd, args, { stdio: ['ignore', captureStdout ? 'pipe' : 'ignore', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-2000)));
    child.on('error', reject);
    child.on('close', (code) => {
      const secs = seconds(started);
      if (code !== 0) reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${stderr.trim()}`));
      else resolve({ seconds: secs, stdout });
    });
  });
}

async function opensslSha256(file) {
  const { seconds: secs, stdout } = await timeCommand('openssl', ['dgst', '-sha256', '-r', file], { captureStdout: true });
  return { seconds: secs, digest: stdout.trim().split(/\s+/)[0] };
}

/** The kernel's own accounting of a process's memory: VmRSS (now) or VmHWM (peak), in MiB. */
const procMemoryMiB = async (pid, field) => (await procStatusKiB(pid, field)) / 1024;

/** Runs `task(i)` for i in [0, count) on `concurrency` workers, stopping early at the deadline. */
async function runConcurrently(count, concurrency, deadlineMs, task) {
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < count && performance.now() < deadlineMs) {
      const i = next++;
      await task(i);
      done++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return done;
}

const smallPath = (prefix, i, digits) =>
  `${prefix}/d${String(Math.floor(i / FILES_PER_DIR)).padStart(digits - 2, '0')}/f${String(i).padStart(digits, '0')}.bin`;

// ---------------------------------------------------------------------------------------------
// Test data.

/** Writes `bytes` of random content in 4 MiB blocks and fsyncs it; returns its SHA-256. */
async function makeRandomFile(file, bytes) {
  const hash = createHash('sha256');
  const block = Buffer.allocUnsafe(4 * MiB);
  const fh = await open(file, 'w');
  try {
    for (let written = 0; written < bytes; ) {
      const n = Math.min(block.length, bytes - written);
      randomFillSync(block, 0, n);
      hash.update(block.subarray(0, n));
      await fh.write(block, 0, n);
      written += n;
    }
    await fh.sync(); // no dirty pages of ours may be flushed during a measurement
  } finally {
    await fh.close();
  }
  return hash.digest('hex');
}

/** Writes the small-file tree (for `cp -r`) and keeps the contents in memory (for the PUTs). */
async function makeSmallTree(dir, count) {
  const files = [];
  for (let i = 0; i < count; i++) {
    const rel = smallPath('small', i, 5);
    const content = randomFillSync(Buffer.allocUnsafe(SMALL_FILE_BYTES));
    if (i % FILES_PER_DIR === 0) await mkdir(join(dir, dirname(rel)), { recursive: true });
    await writeFile(join(dir, rel), content);
    files.push({ rel, content });
  }
  await timeCommand('sync', []);
  return files;
}

// ---------------------------------------------------------------------------------------------
// The floor: what the machine itself does with the same bytes.

/** cp, cp + sync of the copy, openssl dgst, cat: median of FLOOR_RUNS each. */
async function measureBigFloor(dir, big) {
  const copy = join(dir, 'floor-copy.bin');
  const runs = { cp: [], sync: [], cpSync: [], openssl: [], cat: [] };
  for (let run = 0; run < FLOOR_RUNS; run++) {
    await rm(copy, { force: true });
    await timeCommand('sync', []); // start with clean page cache state: nothing dirty
    // --reflink=never: a copy-on-write clone would copy nothing and be no floor at all.
    const cp = await timeCommand('cp', ['--reflink=never', big.file, copy]);
    // `sync FILE` fsyncs just that file, as Kith fsyncs just what it wrote, and is not disturbed
    // by other writers on this shared machine.
    const sync = await timeCommand('sync', [copy]);
    const ossl = await opensslSha256(big.file);
    if (ossl.digest !== big.sha256) throw new Error(`openssl digest ${ossl.digest} != ${big.sha256}`);
    const cat = await timeCommand('cat', [big.file]);
    runs.cp.push(cp.seconds);
    runs.sync.push(sync.seconds);
    runs.cpSync.push(cp.seconds + sync.seconds);
    runs.openssl.push(ossl.seconds);
    runs.cat.push(cat.seconds);
  }
  await rm(copy, { force: true });
  const floor = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, median(v)]));
  return { ...floor, runs };
}

/** `cp -r` of the small-file tree, then `sync`: the floor for many small durable writes. */
async function measureSmallFloor(dir, treeDir, count) {
  const times = [];
  for (let run = 0; run < FLOOR_RUNS; run++) {
    const target = join(dir, `small-copy-${run}`);
    await timeCommand('sync', []);
    const cp = await timeCommand('cp', ['-r', '--reflink=never', treeDir, target]);
    // A whole-system sync (10,000 files in one flush; fsync per file would be slower still).
    const sync = await timeCommand('sync', []);
    times.push({ cp: cp.seconds, sync: sync.seconds, total: cp.seconds + sync.seconds });
    await rm(target, { recursive: true, force: true });
  }
  const total = median(times.map((t) => t.total));
  return { seconds: total, filesPerSecond: count / total, runs: times };
}

// ---------------------------------------------------------------------------------------------
// A real Kith node, as a separate process.

/** Starts `kith start` on `dataDir`; resolves once it printed its URL and wrote local.json. */
const startNode = (dataDir) => startKithNode(dataDir, { startTimeoutMs: NODE_START_TIMEOUT_MS, stderrChars: 10_000 });

// ---------------------------------------------------------------------------------------------
// HTTP client (node:http, so that the client costs as little as possible and streams).

/**
 * One request. `body` is a Buffer or a readable stream; with `sink`, a successful response body is
 * piped into it, otherwise the (small) body is returned as text. HTTP errors reject with the body.
 */
function httpRequest(node, method, apiPath, { agent, headers = {}, body, sink } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(`/api/v1${apiPath}`, node.url), {
      method,
      agent,
      headers: { authorization: `Bearer ${node.token}`, ...headers },
    });
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`${method} ${apiPath}: no answer in ${REQUEST_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.on('response', (res) => {
      if (sink && res.statusCode < 400) {
        pipeline(res, sink).then(() => resolve({ status: res.statusCode, headers: res.headers }), reject);
        return;
      }
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text = text.length < 100_000 ? text + d : text));
      res.on('error', reject);
      res.on('end', () => {
        if (res.statusCode >= 400) reject(new Error(`${method} ${apiPath}: HTTP ${res.statusCode} ${text.slice(0, 500)}`));
        else resolve({ status: res.statusCode, headers: res.headers, text });
      });
    });
    if (body === undefined) req.end();
    else if (Buffer.isBuffer(body)) req.end(body);
    else pipeline(body, req).catch((err) => req.destroy(err));
  });
}

async function apiJson(node, method, apiPath, json) {
  const body = json === undefined ? undefined : Buffer.from(JSON.stringify(json));
  const headers = body ? { 'content-type': 'application/json', 'content-length': body.length } : {};
  const { text } = await httpRequest(node, method, apiPath, { headers, body });
  return JSON.parse(text);
}

function putContent(node, remotePath, body, size, agent) {
  const headers = { 'content-type': 'application/octet-stream', 'content-length': size };
  return httpRequest(node, 'PUT', `/pools/bench/content/${encodePath(remotePath)}`, { agent, headers, body });
}

/** A sink that discards what it gets and counts it: the client side of "GET to /dev/null". */
function countingSink() {
  const sink = new Writable({
    write(chunk, _encoding, callback) {
      sink.bytes += chunk.length;
      callback();
    },
  });
  sink.bytes = 0;
  return sink;
}

// ---------------------------------------------------------------------------------------------
// Kith measurements.

async function measureBigPut(node, big) {
  const agent = new http.Agent({ keepAlive: false });
  const started = performance.now();
  // 1 MiB reads: the file comes from the page cache; the client should not be the bottleneck.
  const res = await putContent(node, 'big.bin', createReadStream(big.file, { highWaterMark: MiB }), big.bytes, agent);
  const secs = seconds(started);
  const entry = JSON.parse(res.text).entry;
  if (entry.size !== big.bytes) throw new Error(`PUT stored ${entry.size} bytes, sent ${big.bytes}`);
  return { seconds: secs, mibps: mibps(big.bytes, secs) };
}

/**
 * GETs with curl when it is installed: a node:http client reading 1 GiB costs ~1.2 s of CPU on
 * one of our two cores, next to the node, and made the node's read look ~25% slower than it is.
 * The node:http client stays as the fallback (or with KITH_BENCH_CLIENT=node, to compare).
 */
const HAVE_CURL = process.env.KITH_BENCH_CLIENT !== 'node' && spawnSync('curl', ['--version'], { stdio: 'ignore' }).status === 0;

/** GET to `output` (a path, /dev/null included); resolves with the number of bytes received. */
async function getContent(node, apiPath, output) {
  const url = new URL(`/api/v1${apiPath}`, node.url).href;
  if (!HAVE_CURL) {
    const sink = output === '/dev/null' ? countingSink() : createWriteStream(output);
    await httpRequest(node, 'GET', apiPath, { sink });
    return sink.bytes ?? sink.bytesWritten;
  }
  return new Promise((resolve, reject) => {
    // The token goes in through curl's config on stdin, not on its command line.
    const child = spawn('curl', ['-sS', '--fail', '--max-time', String(REQUEST_TIMEOUT_MS / 1000), '-K', '-', '-o', output, '-w', '%{size_download}', url], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-2000)));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Number(stdout)) : reject(new Error(`curl GET ${apiPath} exited ${code}: ${stderr.trim()}`))));
    child.stdin.end(`header = "Authorization: Bearer ${node.token}"\n`);
  });
}

async function measureBigGet(node, big, dir) {
  const apiPath = `/pools/bench/content/big.bin`;
  // GET to /dev/null: the node's verified read + HTTP, nothing else.
  let started = performance.now();
  const received = await getContent(node, apiPath, '/dev/null');
  const toSink = seconds(started);
  if (received !== big.bytes) throw new Error(`GET returned ${received} bytes, expected ${big.bytes}`);

  // GET into a file, then fsync it (`sync FILE`, as after `cp`): a download that survives a power cut.
  const target = join(dir, 'downloaded.bin');
  started = performance.now();
  await getContent(node, apiPath, target);
  await timeCommand('sync', [target]);
  const toFile = seconds(started);
  // Outside the timing: the downloaded bytes are the uploaded ones.
  const { digest } = await opensslSha256(target);
  if (digest !== big.sha256) throw new Error(`downloaded content differs: ${digest} != ${big.sha256}`);
  await rm(target, { force: true });
  return {
    client: HAVE_CURL ? 'curl' : 'node:http',
    toSinkSeconds: toSink,
    toSinkMiBps: mibps(big.bytes, toSink),
    toFileSeconds: toFile,
    toFileMiBps: mibps(big.bytes, toFile),
  };
}

async function measureSmallPuts(node, files) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: SMALL_CONCURRENCY });
  try {
    const started = performance.now();
    const done = await runConcurrently(files.length, SMALL_CONCURRENCY, Infinity, (i) =>
      putContent(node, files[i].rel, files[i].content, files[i].content.length, agent),
    );
    const secs = seconds(started);
    return { files: done, seconds: secs, filesPerSecond: done / secs };
  } finally {
    agent.destroy();
  }
}

/** Fills the index with up to `target` small files within the time budget. */
async function fillIndex(node, target, budgetSeconds) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: INDEX_CONCURRENCY });
  try {
    const started = performance.now();
    let lastReport = started;
    const done = await runConcurrently(target, INDEX_CONCURRENCY, started + budgetSeconds * 1000, async (i) => {
      const content = randomFillSync(Buffer.allocUnsafe(SMALL_FILE_BYTES));
      await putContent(node, smallPath('idx', i, 6), content, content.length, agent);
      if (performance.now() - lastReport > 15_000) {
        lastReport = performance.now();
        progress(`  … ${i + 1} files so far (${((i + 1) / seconds(started)).toFixed(0)}/s)`);
      }
    });
    const secs = seconds(started);
    return { files: done, target, seconds: secs, filesPerSecond: done / secs, complete: done === target };
  } finally {
    agent.destroy();
  }
}

/** Restarts the node on the same data, warms one folder listing, then reads its resident memory. */
async function measureIndexedIdleRss(node) {
  await stopProcess(node.child);
  const restarted = await startNode(node.dataDir);
  const listing = await apiJson(restarted, 'GET', `/pools/bench/files/${encodePath(smallPath('idx', 0, 6).split('/').slice(0, 2).join('/'))}?limit=100`);
  if (!listing.children || listing.children.items.length === 0) throw new Error('the warm-up listing came back empty');
  await sleep(2000); // let startup garbage be collected: idle means idle
  return { node: restarted, rssMiB: await procMemoryMiB(restarted.pid, 'VmRSS'), hwmMiB: await procMemoryMiB(restarted.pid, 'VmHWM') };
}

/** `kith bench --json`: the store alone (chunk + hash + durable write, verified read), no HTTP. */
async function runStoreBench(dataDir) {
  const { stdout } = await timeCommand(process.execPath, [KITH_BIN, 'bench', '--json', '--data', dataDir, '--mib', String(SIZES.storeBenchMiB)], {
    captureStdout: true,
  });
  return JSON.parse(stdout);
}

// ---------------------------------------------------------------------------------------------
// Report.

const fmtS = (s) => `${s.toFixed(2)} s`;
const fmtMiB = (m) => `${m.toFixed(1)} MiB`;
const fmtRatio = (r) => (r === undefined ? '-' : `${r.toFixed(2)}x`);

/** One table row; `ok` is undefined when the figure has no goal. */
function row(figure, kith, comparison, ratio, goal, ok) {
  return { figure, kith, comparison: comparison ?? '-', ratio, goal: goal ?? '-', ok };
}

function buildRows(r) {
  const { big, floor, put, get, small, smallFloor, index, store } = r;
  const mb = big.bytes / MiB;
  const cpOssl = floor.cp + floor.openssl;
  const cpSyncOssl = floor.cpSync + floor.openssl;
  const putRatio = put.seconds / cpOssl;
  const label = `${mb >= 1024 ? `${mb / 1024} GiB` : `${mb} MiB`}`;
  return [
    row(`put ${label} (vs cp + openssl)`, `${fmtS(put.seconds)} (${put.mibps.toFixed(0)} MiB/s)`, `${fmtS(cpOssl)}`, putRatio,
      `<= ${GOALS.putRatio}x`, putRatio <= GOALS.putRatio),
    row(`put ${label} (vs cp + sync + openssl)`, fmtS(put.seconds), fmtS(cpSyncOssl), put.seconds / cpSyncOssl),
    // A verified read reads every byte once and hashes it (openssl dgst is exactly that) and then
    // hands the bytes to a client; `cat > /dev/null` stands for that second pass over the data.
    row(`get ${label} -> /dev/null (vs openssl + cat)`, `${fmtS(get.toSinkSeconds)} (${get.toSinkMiBps.toFixed(0)} MiB/s)`,
      fmtS(floor.openssl + floor.cat), get.toSinkSeconds / (floor.openssl + floor.cat)),
    row(`get ${label} -> file + fsync (vs cp + sync)`, `${fmtS(get.toFileSeconds)} (${get.toFileMiBps.toFixed(0)} MiB/s)`,
      fmtS(floor.cpSync), get.toFileSeconds / floor.cpSync),
    row('node RSS idle after start', fmtMiB(r.idleRssMiB)),
    row(`node peak RSS during put ${label} (VmHWM)`, fmtMiB(r.putPeakRssMiB), undefined, undefined,
      `<= ${GOALS.peakRssMiB} MiB`, r.putPeakRssMiB <= GOALS.peakRssMiB),
    row(`put ${small.files} x 4 KiB, ${SMALL_CONCURRENCY} conns (vs cp -r + sync)`,
      `${small.filesPerSecond.toFixed(0)} files/s (${fmtS(small.seconds)})`,
      `${smallFloor.filesPerSecond.toFixed(0)} files/s (${fmtS(smallFloor.seconds)})`, small.seconds / smallFloor.seconds,
      `>= ${GOALS.smallFilesPerSecond} files/s`, small.filesPerSecond >= GOALS.smallFilesPerSecond),
    row(`fill index: ${index.fill.files} x 4 KiB, ${INDEX_CONCURRENCY} conns`,
      `${index.fill.filesPerSecond.toFixed(0)} files/s (${fmtS(index.fill.seconds)})`),
    row(`node RSS idle, ${index.totalFiles} files indexed (vs empty node)`, fmtMiB(index.rssMiB), fmtMiB(r.idleRssMiB),
      index.rssMiB / r.idleRssMiB, `<= ${GOALS.indexedRssMiB} MiB`, index.rssMiB <= GOALS.indexedRssMiB),
    // The store alone does what put does minus HTTP: hash, chunk, write, fsync.
    row(`kith bench write, ${store.mib} MiB (vs cp + sync + openssl)`, `${store.writeMiBps.toFixed(0)} MiB/s`,
      `${(mb / cpSyncOssl).toFixed(0)} MiB/s`, (mb / cpSyncOssl) / store.writeMiBps),
    row(`kith bench read, ${store.mib} MiB (vs openssl)`, `${store.readMiBps.toFixed(0)} MiB/s`,
      `${(mb / floor.openssl).toFixed(0)} MiB/s`, (mb / floor.openssl) / store.readMiBps),
  ];
}

const formatTable = (rows) => formatTableOf(rows, 'comparison', fmtRatio);

function formatFloor(floor, bigBytes, smallFloor) {
  const mb = bigBytes / MiB;
  const f = (name, s) => `  ${name.padEnd(24)} ${fmtS(s).padStart(9)}  ${mibps(bigBytes, s).toFixed(0).padStart(5)} MiB/s`;
  return [
    `Floor on this disk, ${mb} MiB file, median of ${FLOOR_RUNS}:`,
    f('cp', floor.cp),
    f('sync of the copy', floor.sync),
    f('cp + sync', floor.cpSync),
    f('openssl dgst -sha256', floor.openssl),
    f('cat > /dev/null', floor.cat),
    `  cp -r + sync of ${SIZES.smallFiles} x 4 KiB: ${fmtS(smallFloor.seconds)} (${smallFloor.filesPerSecond.toFixed(0)} files/s)`,
  ].join('\n');
}

function formatPhases(phases) {
  const lines = [`Where the time went (node CPU = user + system seconds of the node process, client CPU = this script's, curl not included; ${os.cpus().length} cores):`];
  for (const [name, p] of Object.entries(phases)) {
    let line = `  ${name.padEnd(62)} ${fmtS(p.wallSeconds).padStart(9)}`;
    if (p.nodeCpuSeconds !== undefined) {
      const share = (100 * p.nodeCpuSeconds) / p.wallSeconds;
      line += `   node CPU ${fmtS(p.nodeCpuSeconds)} (${share.toFixed(0)}% of wall), client CPU ${fmtS(p.clientCpuSeconds)}`;
    }
    lines.push(line);
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const dir = await makeWorkDir('kith-bench-');
  const startedAt = new Date();
  // Wall time of every phase; for Kith phases also the CPU the node and this client used, which
  // tells a CPU-bound phase (node CPU close to wall time) from one waiting on the disk.
  const phases = {};
  const phase = async (name, fn, node) => {
    progress(name);
    const t = performance.now();
    const nodeCpu = node && (await procCpuSeconds(node.pid));
    const clientCpu = process.cpuUsage();
    try {
      return await fn();
    } finally {
      const client = process.cpuUsage(clientCpu);
      phases[name] = { wallSeconds: seconds(t) };
      if (node) {
        phases[name].nodeCpuSeconds = (await procCpuSeconds(node.pid)) - nodeCpu;
        phases[name].clientCpuSeconds = (client.user + client.system) / 1e6;
      }
    }
  };
  // Other work on a shared machine skews everything; the load average says how much there was.
  const loadBefore = os.loadavg();
  progress(`${QUICK ? 'quick' : 'full'} run in ${dir} (load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')})`);

  const big = { file: join(dir, 'big.bin'), bytes: SIZES.bigMiB * MiB };
  big.sha256 = await phase(`generating ${SIZES.bigMiB} MiB random file`, () => makeRandomFile(big.file, big.bytes));
  const floor = await phase('floor: cp, sync, openssl, cat', () => measureBigFloor(dir, big));
  const treeDir = join(dir, 'tree');
  const files = await phase(`generating ${SIZES.smallFiles} x 4 KiB files`, () => makeSmallTree(treeDir, SIZES.smallFiles));
  const smallFloor = await phase('floor: cp -r + sync of the small files', () => measureSmallFloor(dir, join(treeDir, 'small'), files.length));

  let node = await phase('starting the node', () => startNode(join(dir, 'node')));
  try {
    await sleep(2000); // same settling time as the indexed measurement, so the two compare
    const idleRssMiB = await procMemoryMiB(node.pid, 'VmRSS');
    await apiJson(node, 'POST', '/pools', { name: 'bench' });

    const put = await phase(`kith: PUT ${SIZES.bigMiB} MiB`, () => measureBigPut(node, big), node);
    // VmHWM is the process's lifetime peak; nothing before the put came close to this much data.
    const putPeakRssMiB = await procMemoryMiB(node.pid, 'VmHWM');
    const get = await phase(`kith: GET ${SIZES.bigMiB} MiB (${HAVE_CURL ? 'curl' : 'node:http'}; /dev/null, then file + sync)`, () => measureBigGet(node, big, dir), node);
    const getPeakRssMiB = await procMemoryMiB(node.pid, 'VmHWM');
    const small = await phase(`kith: PUT ${files.length} x 4 KiB`, () => measureSmallPuts(node, files), node);
    files.length = 0; // the contents are no longer needed; keep the client's memory small

    const fill = await phase(`kith: filling the index to ${SIZES.indexedFiles} files (budget ${SIZES.indexBudgetSeconds} s)`, () =>
      fillIndex(node, SIZES.indexedFiles, SIZES.indexBudgetSeconds), node,
    );
    const indexed = await phase('kith: restart, list one folder, idle RSS', () => measureIndexedIdleRss(node));
    node = indexed.node;
    const index = { fill, rssMiB: indexed.rssMiB, startupPeakMiB: indexed.hwmMiB, totalFiles: fill.files + small.files + 1 };
    await stopProcess(node.child);

    const store = await phase(`kith bench --json (${SIZES.storeBenchMiB} MiB)`, () => runStoreBench(join(dir, 'store-bench')));

    const results = { big, floor, put, get, small, smallFloor, index, store, idleRssMiB, putPeakRssMiB, getPeakRssMiB };
    const rows = buildRows(results);
    const notes = [];
    if (!fill.complete) {
      notes.push(`only ${fill.files} of ${fill.target} index files fit in the ${SIZES.indexBudgetSeconds} s budget ` +
        `(${fill.filesPerSecond.toFixed(0)} files/s; ${fill.target} would take ~${(fill.target / fill.filesPerSecond).toFixed(0)} s)`);
    }
    const loadAfter = os.loadavg();
    notes.push(`load average (1/5/15 min) before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadAfter.map((l) => l.toFixed(2)).join(' ')} on ${os.cpus().length} cores`);
    notes.push(`peak RSS after the GETs too: ${fmtMiB(getPeakRssMiB)}; restarted node's startup peak: ${fmtMiB(index.startupPeakMiB)}`);

    process.stdout.write(`\n${formatFloor(floor, big.bytes, smallFloor)}\n\n${formatTable(rows)}\n\n`);
    for (const n of notes) process.stdout.write(`note: ${n}\n`);
    process.stdout.write(`\n${formatPhases(phases)}\n`);

    await writeResults({ startedAt, rows, notes, phases, results });
  } finally {
    await stopProcess(node.child);
  }
}

async function writeResults({ startedAt, rows, notes, phases, results }) {
  const { big, ...rest } = results;
  const json = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    mode: QUICK ? 'quick' : 'full',
    machine: machineInfo(),
    sizes: { ...SIZES, smallFileBytes: SMALL_FILE_BYTES, smallConcurrency: SMALL_CONCURRENCY, indexConcurrency: INDEX_CONCURRENCY, floorRuns: FLOOR_RUNS },
    goals: GOALS,
    ratioMeaning: 'kith time / comparison time (lower is better; 1.0 = as fast as the floor)',
    rows,
    notes,
    phases,
    raw: { bigFileBytes: big.bytes, ...rest },
  };
  await writeResultsFile(RESULTS_FILE, json, progress);
}

await runMain(main, 'bench');
