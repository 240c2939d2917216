#!/usr/bin/env node
/**
 * `npm run bench:sync`: Kith replication A -> B on loopback, two real nodes started with
 * `kith start` as separate processes, beside Syncthing measured in the same run by
 * ../shared/anchors/syncthing_bench.sh. Absolute times on shared machines are noisy; the ratios to
 * Syncthing measured minutes apart on the same machine are what we compare across runs.
 *
 *   node bench/sync.mjs            full run (1 GiB file, 10,000 small files; 3 repetitions each)
 *   node bench/sync.mjs --quick    smoke run (256 MiB, 2,000 small files; once, Syncthing once)
 *
 * Figure (d), three seeders capped at 2 MB/s upload each and a fresh node fetching a 60 MiB file from
 * them, has no Syncthing counterpart in the anchor script: it is compared with the time perfect
 * aggregation of the three uplinks would take.
 *
 * Every ratio is "Kith / Syncthing" (lower is better). In --quick mode Kith moves less data than
 * Syncthing (whose script has fixed sizes), so ratios compare time per byte or per file.
 * Work happens in a temp dir under $KITH_BENCH_DIR (or the OS temp dir); it is removed at the end
 * and every process started here is stopped, also on Ctrl-C.
 * Output: a table on stdout, progress on stderr, the same figures in bench/results/sync-latest.json.
 */
import { Buffer } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { clearTimeout, setTimeout } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import { cleanupOnSignals, encodePath, formatTable as formatTableOf, isCleaningUp, KITH_BIN, machineInfo, makeProgress, makeWorkDir, median, MiB, procCpuSeconds, procStatusKiB, ROOT, runMain, seconds, spawnChild as spawnTracked, startKithNode, stopProcess, writeResultsFile } from './lib.mjs';

const SYNCTHING_SCRIPT = join(ROOT, '..', 'shared', 'anchors', 'syncthing_bench.sh');
const RESULTS_FILE = join(ROOT, 'bench', 'results', 'sync-latest.json');

const QUICK = process.argv.includes('--quick');
const SIZES = QUICK ? { bigMiB: 256, smallFiles: 2_000, reps: 1, idleSeconds: 20 } : { bigMiB: 1024, smallFiles: 10_000, reps: 3, idleSeconds: 60 };
const EDIT_FILE_MiB = 100;
const SMALL_FILE_BYTES = 4096;
const FILES_PER_DIR = 100;
const UPLOAD_CONCURRENCY = 8; // as bench/run.mjs: a sync client uploading a folder
// Syncthing's script has fixed sizes: 1 GiB, 10,000 files, 100 MiB. Quick ratios scale to these.
const SYNCTHING_SIZES = { bigMiB: 1024, smallFiles: 10_000 };
const GOALS = { bigRatio: 0.8, smallRatio: 0.5, smallFilesPerSecond: 2000, editSeconds: 0.5, editBytesRatio: 1, rssBytes: 120e6, swarmSeconds: 12 };
const SWARM = { seeders: 3, uploadBytesPerSecond: 2e6, fileMiB: 60 };

const POLL_MS = 50; // as Syncthing's helper polls B
const CLI_TIMEOUT_MS = 60_000;
const NODE_START_TIMEOUT_MS = 30_000;
const SETUP_TIMEOUT_MS = 30_000; // B connected, B knows a pool
const REPLICATION_TIMEOUT_MS = 600_000; // generous (1 GiB on a slow disk), but never forever
const REQUEST_TIMEOUT_MS = 300_000;
const SYNCTHING_TIMEOUT_MS = QUICK ? 10 * 60_000 : 30 * 60_000;
const APT_TIMEOUT_MS = 300_000;

// ---------------------------------------------------------------------------------------------
// Cleanup: every child runs in its own process group (so Ctrl-C reaches only this script, which
// then stops each child gracefully) and is stopped in `finally` or on a signal, as are temp dirs.

const progress = makeProgress('[bench:sync]');
cleanupOnSignals(progress);

const spawnChild = (cmd, args, options = {}) => spawnTracked(cmd, args, { detached: true, ...options });

/** Runs a command to completion within `timeoutMs`; rejects with its stderr on failure. */
function runCommand(cmd, args, { timeoutMs = CLI_TIMEOUT_MS, env, onStderrLine } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawnChild(cmd, args, { env });
    let stdout = '';
    let stderr = '';
    let pending = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr = (stderr + d).slice(-5000);
      if (!onStderrLine) return;
      const lines = (pending + d).split('\n');
      pending = lines.pop();
      for (const line of lines) onStderrLine(line);
    });
    const timer = setTimeout(() => {
      stderr += `\n(killed after ${timeoutMs} ms)`;
      void stopProcess(child, 5_000);
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${stderr.trim()}`));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Small helpers.

const hasTool = (tool) => spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0;

/** Polls `check` every POLL_MS until it returns true; the time is taken right after that poll. */
async function waitFor(what, check, timeoutMs, describe = async () => '') {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`${what}: not done after ${timeoutMs / 1000} s ${await describe()}`);
    await sleep(POLL_MS);
  }
}

const procStatusBytes = async (pid, field) => (await procStatusKiB(pid, field)) * 1024;

/** Writing 5 to clear_refs resets VmHWM to the current RSS (Linux >= 4.0): peaks per phase. */
const resetPeakRss = (pid) => writeFile(`/proc/${pid}/clear_refs`, '5');

/** Writes `bytes` of random content in 4 MiB blocks and fsyncs it. */
async function makeRandomFile(file, bytes) {
  const block = Buffer.allocUnsafe(4 * MiB);
  const fh = await open(file, 'w');
  try {
    for (let written = 0; written < bytes; written += block.length) {
      const n = Math.min(block.length, bytes - written);
      await fh.write(randomFillSync(block, 0, n), 0, n);
    }
    await fh.sync();
  } finally {
    await fh.close();
  }
  return { file, bytes };
}

/** Inverts the middle byte of `file` in place: the 1-byte change of figure (c). */
async function flipMiddleByte({ file, bytes }) {
  const fh = await open(file, 'r+');
  try {
    const one = Buffer.alloc(1);
    await fh.read(one, 0, 1, bytes / 2);
    one[0] ^= 0xff;
    await fh.write(one, 0, 1, bytes / 2);
  } finally {
    await fh.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Kith: nodes as separate processes, set up with the real CLI, driven over HTTP.

const kith = (dataDir, ...args) => runCommand(process.execPath, [KITH_BIN, '--data', dataDir, ...args]);

/** Starts `kith start` in its own process group; resolves once it printed its URL and wrote local.json. */
async function startNode(dataDir) {
  const node = await startKithNode(dataDir, { startTimeoutMs: NODE_START_TIMEOUT_MS, stderrChars: 20_000, spawnOptions: { detached: true } });
  // One keep-alive agent per node: polls every 50 ms must not cost a TCP handshake each.
  return { ...node, agent: new http.Agent({ keepAlive: true, maxSockets: UPLOAD_CONCURRENCY }) };
}

async function stopNode(node) {
  node.agent.destroy();
  await stopProcess(node.child);
}

/**
 * One request; resolves with the parsed JSON body, rejects on HTTP errors with their body and
 * status. `body` is a Buffer or a readable stream of `length` bytes (the node picks its chunk size
 * from the announced length).
 */
function api(node, method, apiPath, { json, body = json && Buffer.from(JSON.stringify(json)), length = body?.length } = {}) {
  const headers = { authorization: `Bearer ${node.token}` };
  if (body !== undefined) {
    headers['content-type'] = json === undefined ? 'application/octet-stream' : 'application/json';
    headers['content-length'] = length;
  }
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(`/api/v1${apiPath}`, node.url), { method, agent: node.agent, headers });
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`${method} ${apiPath}: no answer in ${REQUEST_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('error', reject);
      res.on('end', () => {
        if (res.statusCode >= 400) reject(Object.assign(new Error(`${method} ${apiPath}: HTTP ${res.statusCode} ${text.slice(0, 500)}`), { status: res.statusCode }));
        else resolve(text ? JSON.parse(text) : undefined);
      });
    });
    if (body === undefined) req.end();
    else if (Buffer.isBuffer(body)) req.end(body);
    else pipeline(body, req).catch((err) => req.destroy(err));
  });
}

/** Uploads a Buffer or a file ({file, bytes}); resolves with the stored entry. */
async function put(node, pool, path, content) {
  const apiPath = `/pools/${pool}/content/${encodePath(path)}`;
  const options = Buffer.isBuffer(content) ? { body: content } : { body: createReadStream(content.file, { highWaterMark: MiB }), length: content.bytes };
  return (await api(node, 'PUT', apiPath, options)).entry;
}

/** The entry at `path` on `node`, or undefined while it is not there. */
async function statEntry(node, pool, path) {
  try {
    return (await api(node, 'GET', `/pools/${pool}/files/${encodePath(path)}`)).entry;
  } catch (err) {
    if (err.status === 404) return undefined;
    throw err;
  }
}

/** Two fresh nodes: A founds a network, invites B, B joins; resolves once they are connected. */
async function startPair(dir) {
  const [a, b] = await Promise.all([startNode(join(dir, 'A')), startNode(join(dir, 'B'))]);
  const pair = { a, b };
  try {
    await kith(a.dataDir, 'network', 'create', 'bench');
    const code = (await kith(a.dataDir, 'invite')).trim().split('\n').pop();
    await kith(b.dataDir, 'join', code);
    const connected = async () => (await api(b, 'GET', '/network')).network?.peers.some((p) => p.connected) ?? false;
    await waitFor('B connected to A', connected, SETUP_TIMEOUT_MS);
    const p2pPort = async (node) => Number(/\/tcp\/(\d+)\//.exec((await api(node, 'GET', '/network')).listen[0])[1]);
    pair.p2pPorts = [await p2pPort(a), await p2pPort(b)];
    return pair;
  } catch (err) {
    await stopPair(pair);
    throw err;
  }
}

const stopPair = (pair) => Promise.all([stopNode(pair.a), stopNode(pair.b)]);

/** Members of the pair's network: each joins with its own invite from A; resolves once it is connected to `peers` members. */
async function addMember(pair, dir, peers) {
  const node = await startNode(dir);
  try {
    const code = (await kith(pair.a.dataDir, 'invite')).trim().split('\n').pop();
    await kith(node.dataDir, 'join', code);
    const connected = async () => ((await api(node, 'GET', '/network')).network?.peers.filter((p) => p.connected).length ?? 0) >= peers;
    await waitFor(`${dir} connected to ${peers} members`, connected, SETUP_TIMEOUT_MS);
    return node;
  } catch (err) {
    await stopNode(node);
    throw err;
  }
}

/** `kith pool create NAME --copies 2` on A; resolves once B has heard of the pool. */
async function sharePool(pair, name) {
  await kith(pair.a.dataDir, 'pool', 'create', name, '--copies', '2');
  const known = async () => (await api(pair.b, 'GET', '/network/pools')).pools.some((p) => p.name === name);
  await waitFor(`B learning of pool ${name}`, known, SETUP_TIMEOUT_MS);
}

/**
 * Times B catching up with a pool A already holds: from B's subscription until B's pool holds all
 * the bytes. B is subscribed only now, so that it cannot pull while A is still taking the upload
 * (the time would then be only the tail of the upload); this is Syncthing's "A has scanned, B
 * pulls". B's subscription tells A, which answers with what it has, and B pulls.
 */
async function catchUp(pair, pool, dataBytes) {
  const { a, b } = pair;
  const cpu = await cpuOf(pair);
  const wire = await peerBytesReceived(pair);
  const started = performance.now();
  await api(b, 'POST', `/network/pools/${pool}/subscribe`, { json: { mode: 'mirror' } });
  const held = async () => (await api(b, 'GET', `/pools/${pool}`)).pool.usage.files;
  await waitFor(`B catching up with pool ${pool}`, async () => (await held()) === dataBytes, REPLICATION_TIMEOUT_MS,
    async () => `(B holds ${await held()} of ${dataBytes} bytes)\n--- A stderr:\n${a.stderr()}\n--- B stderr:\n${b.stderr()}`);
  return { seconds: seconds(started), ...(await cpuDelta(pair, cpu)), ...(await wireDelta(pair, wire)) };
}

const HAVE_SS = hasTool('ss');

const cpuOf = async ({ a, b }) => [await procCpuSeconds(a.pid), await procCpuSeconds(b.pid)];
const cpuDelta = async (pair, [a0, b0]) => {
  const [a1, b1] = await cpuOf(pair);
  return { cpuA: a1 - a0, cpuB: b1 - b0 };
};

/**
 * TCP payload bytes each node has received on the connections between the two nodes, from the
 * kernel's per-socket counters (`ss -ti`: bytes_received). These are the bytes on the wire, after
 * Noise encryption and yamux framing, without TCP/IP headers. A connection closed between two
 * readings loses its count, so the peers must stay connected (they do: one long-lived connection).
 * Without `ss` (iproute2) the counts are NaN and reported as not measured.
 */
async function peerBytesReceived({ a, b, p2pPorts }) {
  if (!HAVE_SS) return { a: NaN, b: NaN };
  const ports = p2pPorts.flatMap((p) => [`sport = :${p}`, `dport = :${p}`]).join(' or ');
  const out = await runCommand('ss', ['-tinpH', 'state', 'established', `( ${ports} )`]);
  const received = { a: 0, b: 0 };
  // Each socket is a line with its owner (users:(("node",pid=N,...))), then a line of counters.
  const lines = out.split('\n');
  for (let i = 0; i + 1 < lines.length; i++) {
    const pid = Number(/pid=(\d+)/.exec(lines[i])?.[1]);
    const owner = pid === a.pid ? 'a' : pid === b.pid ? 'b' : undefined;
    if (owner) received[owner] += Number(/bytes_received:(\d+)/.exec(lines[i + 1])?.[1] ?? 0);
  }
  return received;
}

const wireDelta = async (pair, before) => {
  const after = await peerBytesReceived(pair);
  return { wireToA: after.a - before.a, wireToB: after.b - before.b };
};

/** Chunk files of a node's store (chunks/xx/yy/<hash>): hash -> size. */
async function chunkFiles(dataDir) {
  const root = join(dataDir, 'chunks');
  const sizes = new Map();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    // Temp and quarantined files carry a suffix after the hash: only published chunks match.
    if (entry.isFile() && /^[0-9a-f]{64}$/.test(entry.name)) sizes.set(entry.name, (await stat(join(entry.parentPath, entry.name))).size);
  }
  return sizes;
}

// ---------------------------------------------------------------------------------------------
// The figures. Each runs on its own pool of a fresh pair; uploads are timed apart from replication.

/** (a) one big random file: A ingests it, then B catches up. */
async function measureBigFile(pair, big) {
  await sharePool(pair, 'bench-big');
  const started = performance.now();
  const entry = await put(pair.a, 'bench-big', 'big.bin', big);
  const uploadSeconds = seconds(started);
  const replication = await catchUp(pair, 'bench-big', big.bytes);
  const onB = await statEntry(pair.b, 'bench-big', 'big.bin');
  if (onB?.etag !== entry.etag) throw new Error(`B holds big.bin as ${onB?.etag}, A as ${entry.etag}`);
  return { uploadSeconds, ...replication };
}

const smallPath = (i) => `d${String(Math.floor(i / FILES_PER_DIR)).padStart(3, '0')}/f${String(i).padStart(5, '0')}.bin`;

/** (b) many small files: A ingests them over 8 connections, then B catches up; (e) peak RSS of both. */
async function measureSmallFiles(pair, files) {
  await sharePool(pair, 'bench-small');
  await Promise.all([resetPeakRss(pair.a.pid), resetPeakRss(pair.b.pid)]);
  const startRssA = await procStatusBytes(pair.a.pid, 'VmRSS');
  const startRssB = await procStatusBytes(pair.b.pid, 'VmRSS');
  const etags = new Map();
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < files.length; i = next++) etags.set(smallPath(i), (await put(pair.a, 'bench-small', smallPath(i), files[i])).etag);
  };
  await Promise.all(Array.from({ length: UPLOAD_CONCURRENCY }, worker));
  const uploadSeconds = seconds(started);
  const replication = await catchUp(pair, 'bench-small', files.length * SMALL_FILE_BYTES);
  const peakRssA = await procStatusBytes(pair.a.pid, 'VmHWM');
  const peakRssB = await procStatusBytes(pair.b.pid, 'VmHWM');
  await verifySmallFiles(pair.b, etags);
  return { uploadSeconds, ...replication, filesPerSecond: files.length / replication.seconds, startRssA, startRssB, peakRssA, peakRssB };
}

/** Outside the timing: every folder on B lists exactly the files A acknowledged, same content. */
async function verifySmallFiles(node, etags) {
  const seen = new Map();
  for (const dir of new Set([...etags.keys()].map((p) => p.split('/')[0]))) {
    const listing = await api(node, 'GET', `/pools/bench-small/files/${dir}?limit=1000`);
    for (const item of listing.children.items) seen.set(item.path, item.etag);
  }
  const wrong = [...etags].filter(([path, etag]) => seen.get(path) !== etag);
  if (wrong.length > 0 || seen.size !== etags.size) throw new Error(`B lists ${seen.size} small files, ${wrong.length} differ from A's (e.g. ${wrong[0]?.[0]})`);
}

/** (c) a 1-byte change in the middle of a synced file: time until B has it, and what it cost. */
async function measureEdit(pair, file) {
  await sharePool(pair, 'bench-edit');
  await put(pair.a, 'bench-edit', 'edit.bin', file);
  const initial = await catchUp(pair, 'bench-edit', file.bytes);
  await flipMiddleByte(file);
  const chunksBefore = await chunkFiles(pair.b.dataDir);
  const wire = await peerBytesReceived(pair);
  const cpu = await cpuOf(pair);

  let started = performance.now();
  const entry = await put(pair.a, 'bench-edit', 'edit.bin', file);
  const uploadSeconds = seconds(started);
  // The change is announced only once committed, after which A answers the PUT: from here on
  // the change is "in A", and B can only learn of it from A.
  started = performance.now();
  await waitFor('B getting the 1-byte change', async () => (await statEntry(pair.b, 'bench-edit', 'edit.bin'))?.etag === entry.etag, REPLICATION_TIMEOUT_MS,
    async () => `\n--- A stderr:\n${pair.a.stderr()}\n--- B stderr:\n${pair.b.stderr()}`);
  const propagateSeconds = seconds(started);

  const chunksAfter = await chunkFiles(pair.b.dataDir);
  const newChunks = [...chunksAfter].filter(([hash]) => !chunksBefore.has(hash));
  return {
    initialSeconds: initial.seconds,
    uploadSeconds,
    propagateSeconds,
    newChunks: newChunks.length,
    newChunkBytes: newChunks.reduce((sum, [, size]) => sum + size, 0),
    ...(await cpuDelta(pair, cpu)),
    ...(await wireDelta(pair, wire)),
  };
}

/** (f) two idle nodes in step: the bytes they exchange (TCP payload, both ways) over a window. */
async function measureIdle(pair) {
  await sleep(5000); // let the last announcements of the edit settle
  const before = await peerBytesReceived(pair);
  await sleep(SIZES.idleSeconds * 1000);
  const { wireToA, wireToB } = await wireDelta(pair, before);
  return { seconds: SIZES.idleSeconds, bytesPerMinute: ((wireToA + wireToB) * 60) / SIZES.idleSeconds };
}

/**
 * (d) three seeders (A, B, C), each capped at 2 MB/s upload, and a fresh node D: the time until D
 * holds a 60 MiB file. Perfect aggregation of the three uplinks takes size / (3 x 2 MB/s).
 */
async function measureSwarm(dir, file) {
  const pair = await startPair(dir);
  const others = [];
  try {
    await sharePool(pair, 'bench-swarm');
    await put(pair.a, 'bench-swarm', 'swarm.bin', file);
    for (const name of ['C', 'D']) others.push(await addMember(pair, join(dir, name), others.length + 2));
    const [c, d] = others;
    for (const seeder of [pair.b, c]) {
      await api(seeder, 'POST', '/network/pools/bench-swarm/subscribe', { json: { mode: 'mirror' } });
      await waitFor('a seeder holding the file', async () => (await api(seeder, 'GET', '/pools/bench-swarm')).pool.usage.files === file.bytes, REPLICATION_TIMEOUT_MS);
    }
    for (const seeder of [pair.a, pair.b, c]) await api(seeder, 'PATCH', '/network/limits', { json: { uploadBytesPerSecond: SWARM.uploadBytesPerSecond } });
    const started = performance.now();
    await api(d, 'POST', '/network/pools/bench-swarm/subscribe', { json: { mode: 'mirror' } });
    const held = async () => (await api(d, 'GET', '/pools/bench-swarm')).pool.usage.files;
    await waitFor('D fetching from three capped seeders', async () => (await held()) === file.bytes, REPLICATION_TIMEOUT_MS,
      async () => `(D holds ${await held()} of ${file.bytes} bytes)\n--- D stderr:\n${d.stderr()}`);
    const swarmSeconds = seconds(started);
    const onD = await statEntry(d, 'bench-swarm', 'swarm.bin');
    const onA = await statEntry(pair.a, 'bench-swarm', 'swarm.bin');
    if (onD?.etag !== onA?.etag) throw new Error(`D holds swarm.bin as ${onD?.etag}, A as ${onA?.etag}`);
    return { seconds: swarmSeconds, idealSeconds: file.bytes / (SWARM.seeders * SWARM.uploadBytesPerSecond) };
  } finally {
    await Promise.all([stopPair(pair), ...others.map(stopNode)]);
  }
}

/** One repetition of every figure on a fresh pair of nodes; (b) first, so that its memory peak is not inflated by what (a) left behind. */
async function runKithRep(dir, data, withIdle) {
  const pair = await startPair(dir);
  try {
    progress(`  (b) ${data.small.length} x 4 KiB files`);
    const small = await measureSmallFiles(pair, data.small);
    progress(`  (a) ${SIZES.bigMiB} MiB file`);
    const big = await measureBigFile(pair, data.big);
    progress(`  (c) 1-byte change in a ${EDIT_FILE_MiB} MiB file`);
    const edit = await measureEdit(pair, data.edit);
    if (withIdle && HAVE_SS) progress(`  (f) idle for ${SIZES.idleSeconds} s`);
    const idle = withIdle && HAVE_SS ? await measureIdle(pair) : undefined;
    return { big, small, edit, idle };
  } finally {
    await stopPair(pair);
  }
}

/** Every repetition, then (d) once: its time is set by the rate limits, not by the machine. */
async function runKith(dir, data) {
  const reps = [];
  for (let rep = 1; rep <= SIZES.reps; rep++) {
    progress(`kith: run ${rep} of ${SIZES.reps}`);
    reps.push(await runKithRep(join(dir, `kith-${rep}`), data, rep === SIZES.reps));
  }
  progress(`kith: (d) ${SWARM.fileMiB} MiB from ${SWARM.seeders} seeders capped at ${SWARM.uploadBytesPerSecond / 1e6} MB/s each`);
  return { reps, swarm: await measureSwarm(join(dir, 'kith-swarm'), data.swarm) };
}

// ---------------------------------------------------------------------------------------------
// Syncthing, through the shared anchor script, in the same run.

const SYNCTHING_TOOLS = ['syncthing', 'xmlstarlet', 'jq', 'unshare'];

/** Installs the script's Debian packages if one is missing (root only); resolves to a reason if not available. */
async function ensureSyncthing() {
  if (!existsSync(SYNCTHING_SCRIPT)) return `no ${SYNCTHING_SCRIPT}`;
  if (SYNCTHING_TOOLS.every(hasTool)) return undefined;
  if (process.getuid?.() !== 0) return `missing ${SYNCTHING_TOOLS.filter((t) => !hasTool(t)).join(', ')} (install as root: apt-get install syncthing xmlstarlet jq)`;
  progress('installing syncthing, xmlstarlet, jq with apt-get');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => runCommand('apt-get', ['install', '-y', '--no-install-recommends', 'syncthing', 'xmlstarlet', 'jq'], { env, timeoutMs: APT_TIMEOUT_MS });
  try {
    await install().catch(async () => {
      // A fresh machine may have no package lists yet.
      await runCommand('apt-get', ['update'], { env, timeoutMs: APT_TIMEOUT_MS });
      await install();
    });
  } catch (err) {
    return `apt-get failed: ${err.message.slice(0, 300)}`;
  }
  return SYNCTHING_TOOLS.every(hasTool) ? undefined : 'still missing after apt-get';
}

/** Runs scenarios a, b, c of the anchor script; resolves to its rows by name ({unit, median, note}). */
async function runSyncthing(dir) {
  const work = join(dir, 'anchors');
  const env = {
    ...process.env,
    WORK: work, // data sets, homes and results all in our temp dir, removed at the end
    // As many runs as Kith gets, under the same conditions: the script would otherwise retry
    // (and first wait for a quiet machine) until other jobs leave it alone, which on a shared
    // machine may take long and would give Syncthing a quieter machine than Kith had.
    REPS: String(SIZES.reps),
    MAX_REPS: String(SIZES.reps),
    QUIET_MAX_WAIT: '0',
  };
  await runCommand('bash', [SYNCTHING_SCRIPT, 'a', 'b', 'c'], { env, timeoutMs: SYNCTHING_TIMEOUT_MS, onStderrLine: (line) => progress(`  syncthing: ${line}`) });
  const rows = new Map();
  for (const line of (await readFile(join(work, 'results', 'syncthing.tsv'), 'utf8')).trim().split('\n')) {
    const [name, unit, , med, , note] = line.split('\t');
    rows.set(name, { unit, median: Number(med), note });
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Report.

const fmtS = (s) => `${s.toFixed(2)} s`;
const fmtMiB = (bytes) => (Number.isNaN(bytes) ? 'not measured (no ss)' : `${(bytes / MiB).toFixed(1)} MiB`);
const fmtKiB = (bytes) => (Number.isNaN(bytes) ? 'not measured (no ss)' : `${(bytes / 1024).toFixed(0)} KiB`);
const fmtRatio = (r) => (r === undefined || Number.isNaN(r) ? '-' : `${r.toFixed(2)}x`);

function row(figure, kith, syncthing, ratio, goal, ok) {
  return { figure, kith, syncthing: syncthing ?? '-', ratio, goal: goal ?? '-', ok };
}

/**
 * The table. `st(name)` is Syncthing's median (undefined when it did not run); `scale` turns a
 * Syncthing time into one for the amount of data Kith moved (1 in full mode: the same amount).
 */
function buildRows(k, st, unavailable) {
  const bigLabel = SIZES.bigMiB >= 1024 ? `${SIZES.bigMiB / 1024} GiB` : `${SIZES.bigMiB} MiB`;
  // A Syncthing time, with the amount it was measured on when Kith moved a different one.
  const stCell = (name, scale = 1, amount = '') => {
    const v = st(name);
    if (v === undefined) return unavailable;
    return scale === 1 ? fmtS(v) : `${fmtS(v)} for ${amount}`;
  };
  const ratio = (kith, name, scale = 1) => (st(name) === undefined ? undefined : kith / (st(name) * scale));
  const timeRows = (label, r, names, { scale, amount, goal }) => {
    const total = r.uploadSeconds + r.seconds;
    const repRatio = ratio(r.seconds, names.pull, scale);
    const totalRatio = ratio(total, names.total, scale);
    const ok = (x) => (x === undefined ? undefined : x <= goal);
    return [
      row(`${label}: upload to A (vs Syncthing scan on A)`, fmtS(r.uploadSeconds), stCell(names.scan, scale, amount), ratio(r.uploadSeconds, names.scan, scale)),
      row(`${label}: in A -> all on B (vs pull after scan)`, `${fmtS(r.seconds)}${r.filesPerSecond ? ` (${r.filesPerSecond.toFixed(0)} files/s)` : ''}`,
        stCell(names.pull, scale, amount), repRatio, `<= ${goal}x`, ok(repRatio)),
      row(`${label}: upload + replication (vs scan + pull)`, fmtS(total), stCell(names.total, scale, amount), totalRatio, `<= ${goal}x`, ok(totalRatio)),
    ];
  };
  const stBytes = st('st_c_1byte_bytes_in_B') === undefined ? undefined : st('st_c_1byte_bytes_in_B') * 1024; // the script reports KiB
  const bytesRatio = (b) => (stBytes === undefined ? undefined : b / stBytes);
  const okBytes = (b) => (stBytes === undefined || Number.isNaN(b) ? undefined : b <= stBytes * GOALS.editBytesRatio);
  const rssGoal = `<= ${GOALS.rssBytes / 1e6} MB (${fmtMiB(GOALS.rssBytes)})`;
  return [
    ...timeRows(`(a) ${bigLabel} file`, k.big, { scan: 'st_a_1GiB_scanA', pull: 'st_a_1GiB_pullB', total: 'st_a_1GiB_total' },
      { scale: SIZES.bigMiB / SYNCTHING_SIZES.bigMiB, amount: '1 GiB', goal: GOALS.bigRatio }),
    ...timeRows(`(b) ${SIZES.smallFiles} x 4 KiB`, k.small, { scan: 'st_b_10k_scanA', pull: 'st_b_10k_pullB', total: 'st_b_10k_total' },
      { scale: SIZES.smallFiles / SYNCTHING_SIZES.smallFiles, amount: '10,000', goal: GOALS.smallRatio }),
    row(`(b) replication rate`, `${k.small.filesPerSecond.toFixed(0)} files/s`, st('st_b_10k_pullB') === undefined ? unavailable : `${(10_000 / st('st_b_10k_pullB')).toFixed(0)} files/s`,
      undefined, `>= ${GOALS.smallFilesPerSecond} files/s`, k.small.filesPerSecond >= GOALS.smallFilesPerSecond),
    row(`(c) 1-byte change, ${EDIT_FILE_MiB} MiB file: upload to A (vs rescan)`, fmtS(k.edit.uploadSeconds), stCell('st_c_1byte_scanA'), ratio(k.edit.uploadSeconds, 'st_c_1byte_scanA')),
    row(`(c) change in A -> on B (vs pull after rescan)`, fmtS(k.edit.propagateSeconds), stCell('st_c_1byte_pullB'), ratio(k.edit.propagateSeconds, 'st_c_1byte_pullB'),
      `<= ${GOALS.editSeconds} s`, k.edit.propagateSeconds <= GOALS.editSeconds),
    row(`(c) new chunk bytes stored on B (vs bytes B received)`, fmtKiB(k.edit.newChunkBytes), stBytes === undefined ? unavailable : fmtKiB(stBytes),
      bytesRatio(k.edit.newChunkBytes), `<= ${GOALS.editBytesRatio}x`, okBytes(k.edit.newChunkBytes)),
    row(`(c) TCP bytes B received from A (vs bytes B received)`, fmtKiB(k.edit.wireToB), stBytes === undefined ? unavailable : fmtKiB(stBytes),
      bytesRatio(k.edit.wireToB), `<= ${GOALS.editBytesRatio}x`, okBytes(k.edit.wireToB)),
    row(`(d) ${SWARM.fileMiB} MiB from ${SWARM.seeders} seeders at ${SWARM.uploadBytesPerSecond / 1e6} MB/s up each (vs perfect aggregation)`, fmtS(k.swarm.seconds),
      `${fmtS(k.swarm.idealSeconds)} (ideal)`, k.swarm.seconds / k.swarm.idealSeconds, `<= ${GOALS.swarmSeconds} s`, k.swarm.seconds <= GOALS.swarmSeconds),
    row(`(e) peak RSS of A during (b) (VmHWM)`, fmtMiB(k.small.peakRssA), undefined, undefined, rssGoal, k.small.peakRssA <= GOALS.rssBytes),
    row(`(e) peak RSS of B during (b) (VmHWM)`, fmtMiB(k.small.peakRssB), undefined, undefined, rssGoal, k.small.peakRssB <= GOALS.rssBytes),
    k.idle === undefined
      ? row('(f) bytes per minute, idle nodes in step', 'not measured (no ss)')
      : row(`(f) TCP bytes per minute, idle nodes in step (${k.idle.seconds} s)`, `${fmtKiB(k.idle.bytesPerMinute)}/min`, 'not measured'),
  ];
}

const formatTable = (rows) => formatTableOf(rows, 'syncthing', fmtRatio);

/** The median of each figure over the repetitions. */
function summarise(reps) {
  const medians = (key) => Object.fromEntries(Object.keys(reps[0][key]).map((f) => [f, median(reps.map((r) => r[key][f]))]));
  return { big: medians('big'), small: medians('small'), edit: medians('edit'), idle: reps.at(-1).idle };
}

function formatNotes(k, stRows, stUnavailable, loadAtStart) {
  const cpu = (label, r) => `${label}: node CPU during replication A ${fmtS(r.cpuA)}, B ${fmtS(r.cpuB)}; TCP bytes to B ${fmtMiB(r.wireToB)}, to A ${fmtMiB(r.wireToA)}`;
  const notes = [
    `${SIZES.reps === 1 ? 'one run each' : `median of ${SIZES.reps} runs each, Kith on a fresh pair of nodes every run`}; Syncthing: ${stUnavailable ? `not available (${stUnavailable})` : 'its script, "CONTENDED" = other jobs used the CPU during its runs'}`,
    cpu('(a)', k.big),
    `${cpu('(b)', k.small)}; RSS when (b) began A ${fmtMiB(k.small.startRssA)}, B ${fmtMiB(k.small.startRssB)}`,
    `${cpu('(c)', k.edit)}; ${k.edit.newChunks} new chunk file(s); initial sync of the ${EDIT_FILE_MiB} MiB file ${fmtS(k.edit.initialSeconds)}`,
  ];
  if (QUICK) notes.push(`quick: Kith moved ${SIZES.bigMiB} MiB and ${SIZES.smallFiles} files, Syncthing 1 GiB and 10,000; ratios compare time per byte / per file`);
  for (const [name, r] of stRows ?? []) if (/total|bytes_in_B|cpu/.test(name)) notes.push(`syncthing ${name}: ${r.median} ${r.unit} (${r.note})`);
  const load = (l) => l.map((x) => x.toFixed(2)).join(' ');
  notes.push(`load average (1/5/15 min) at the start ${load(loadAtStart)}, at the end ${load(os.loadavg())}, on ${os.cpus().length} cores`);
  return notes;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const dir = await makeWorkDir('kith-bench-sync-');
  const startedAt = new Date();
  // Other work on a shared machine skews everything; the load average says how much there was.
  const loadAtStart = os.loadavg();
  progress(`${QUICK ? 'quick' : 'full'} run in ${dir} (load average ${loadAtStart.map((l) => l.toFixed(2)).join(' ')})`);

  progress(`generating ${SIZES.bigMiB} MiB, ${EDIT_FILE_MiB} MiB and ${SIZES.smallFiles} x 4 KiB of random data`);
  const data = {
    big: await makeRandomFile(join(dir, 'big.bin'), SIZES.bigMiB * MiB),
    edit: await makeRandomFile(join(dir, 'edit.bin'), EDIT_FILE_MiB * MiB),
    small: Array.from({ length: SIZES.smallFiles }, () => randomFillSync(Buffer.allocUnsafe(SMALL_FILE_BYTES))),
    swarm: await makeRandomFile(join(dir, 'swarm.bin'), SWARM.fileMiB * MiB),
  };
  const { reps, swarm } = await runKith(dir, data);
  await rm(data.big.file, { force: true }); // free the disk for Syncthing's own copies

  let stRows;
  let stUnavailable = await ensureSyncthing();
  if (stUnavailable === undefined) {
    progress('syncthing: running ../shared/anchors/syncthing_bench.sh a b c');
    stRows = await runSyncthing(dir).catch((err) => {
      if (isCleaningUp()) throw err; // interrupted: no report
      stUnavailable = `the anchor script failed: ${err.message.split('\n').slice(-3).join(' ').slice(0, 300)}`;
      return undefined;
    });
  }
  if (stUnavailable) progress(`Syncthing: not available (${stUnavailable})`);

  const kith = { ...summarise(reps), swarm };
  const rows = buildRows(kith, (name) => stRows?.get(name)?.median, 'not available');
  const notes = formatNotes(kith, stRows, stUnavailable, loadAtStart);
  process.stdout.write(`\n${formatTable(rows)}\n\n`);
  for (const n of notes) process.stdout.write(`note: ${n}\n`);
  await writeResults({ startedAt, rows, notes, kith, reps, syncthing: stRows && Object.fromEntries(stRows) });
}

async function writeResults(results) {
  const json = {
    startedAt: results.startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    mode: QUICK ? 'quick' : 'full',
    // The build measured: a working tree with uncommitted changes says "-dirty".
    commit: spawnSync('git', ['describe', '--always', '--dirty'], { cwd: ROOT, encoding: 'utf8' }).stdout?.trim(),
    machine: machineInfo(),
    sizes: { ...SIZES, swarm: SWARM, editFileMiB: EDIT_FILE_MiB, smallFileBytes: SMALL_FILE_BYTES, uploadConcurrency: UPLOAD_CONCURRENCY, syncthing: SYNCTHING_SIZES },
    goals: GOALS,
    ratioMeaning: 'kith / syncthing (lower is better); in quick mode per byte or per file; for (d) kith / perfect aggregation',
    rows: results.rows,
    notes: results.notes,
    kith: results.kith,
    kithRuns: results.reps,
    syncthing: results.syncthing ?? null,
  };
  await writeResultsFile(RESULTS_FILE, json, progress);
}

// After Ctrl-C, the measurement in flight fails as its nodes go away: not worth a report.
await runMain(main, 'bench:sync', { quietWhenInterrupted: true });
