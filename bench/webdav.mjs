#!/usr/bin/env node
/**
 * `npm run bench:webdav`: Kith's WebDAV at /dav/ beside `rclone serve webdav` of a plain folder on
 * the same disk, in the same run, both driven the same way: PUT and GET of one 1 GiB file, then
 * PUT and GET of 1,000 × 4 KiB files, sequentially over one keep-alive connection and 8 at a time
 * over 8.
 *
 *   node bench/webdav.mjs            full run (1 GiB, 1,000 small files, median of 3)
 *   node bench/webdav.mjs --quick    smoke run (128 MiB, 200 small files, once)
 *
 * Each ratio is "Kith time / rclone time" (1.0 = as fast, 2.0 = twice as slow). Every run uploads
 * content neither server has seen (one byte in every 16 KiB differs from the previous run), so
 * Kith's deduplication cannot make a repeated upload look cheaper than it is.
 * Output: a table on stdout, progress on stderr, the figures in bench/results/webdav-latest.json.
 */
import { Buffer } from 'node:buffer';
import { randomFillSync } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import http from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { cleanupOnSignals, formatTable, fsyncFloorSeconds, machineInfo, makeProgress, makeWorkDir, median, MiB, procStatusKiB, ROOT, runMain, seconds, spawnChild, startKithNode, writeResultsFile } from './lib.mjs';

const QUICK = process.argv.includes('--quick');
const SIZES = QUICK ? { bigMiB: 128, smallFiles: 200, runs: 1 } : { bigMiB: 1024, smallFiles: 1000, runs: 3 };
const SMALL_FILE_BYTES = 4096;
/** Connections of the parallel small-file figures, as a sync client uploading a folder would use. */
const PARALLEL = 8;
const MARK_EVERY = 16 * 1024; // below Kith's smallest chunk, so every chunk of a run is new
const RESULTS_FILE = join(ROOT, 'bench', 'results', 'webdav-latest.json');
const RCLONE_CREDENTIALS = 'bench:bench';
const REQUEST_TIMEOUT_MS = 300_000;

const progress = makeProgress('[bench:webdav]');
cleanupOnSignals(progress);

/** One request on the shared keep-alive agent; resolves with the status once the body is consumed. */
function request(server, method, path, body, length) {
  const headers = { authorization: server.auth, ...(length === undefined ? {} : { 'content-length': String(length) }) };
  return new Promise((resolve, reject) => {
    const req = http.request(`${server.base}${path}`, { method, agent: server.agent, headers }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => resolve(res.statusCode));
      res.on('error', reject);
    });
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on('error', reject);
    if (body === undefined || Buffer.isBuffer(body)) req.end(body);
    else pipeline(body, req).catch(reject);
  });
}

/** Clients that upload files (curl -T, rclone) send their length: the same here. */
async function expectStatus(server, method, path, body, ok, length = body?.length) {
  const status = await request(server, method, path, body, length);
  if (!ok.includes(status)) throw new Error(`${server.name}: ${method} ${path} answered ${status}`);
}

/** The big source file, with one byte in every MARK_EVERY changed by `run`. */
function markedStream(file, run) {
  return createReadStream(file, { highWaterMark: MiB }).pipe(
    new Transform({
      transform(chunk, _encoding, done) {
        for (let offset = 0; offset < chunk.length; offset += MARK_EVERY) chunk[offset] ^= run + 1;
        done(null, chunk);
      },
    }),
  );
}

async function timed(work) {
  const started = performance.now();
  await work();
  return seconds(started);
}

/** The small files one after another on one connection, or PARALLEL at a time on as many. */
async function smallRound(server, smallFiles, run, parallel) {
  const dir = parallel ? '/small-parallel/' : '/small/';
  const agent = parallel ? server.parallelAgent : server.agent;
  const at = { ...server, agent };
  await request(at, 'DELETE', dir);
  await expectStatus(at, 'MKCOL', dir, undefined, [201]);
  const name = (i) => `${dir}f_${String(i).padStart(4, '0')}`;
  const each = async (work) => {
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < smallFiles.length; i = next++) await work(i);
    };
    await Promise.all(Array.from({ length: parallel ? PARALLEL : 1 }, worker));
  };
  const label = parallel ? `, ${PARALLEL} at a time` : '';
  progress(`${server.name}: run ${run + 1}: PUT ${smallFiles.length} × 4 KiB${label}`);
  const put = await timed(() =>
    each(async (i) => {
      smallFiles[i][0] ^= run + 1;
      await expectStatus(at, 'PUT', name(i), smallFiles[i], [201]);
    }),
  );
  progress(`${server.name}: run ${run + 1}: GET ${smallFiles.length} × 4 KiB${label}`);
  const get = await timed(() => each((i) => expectStatus(at, 'GET', name(i), undefined, [200])));
  return { put, get };
}

async function measure(server, bigFile, smallFiles) {
  const times = { putBig: [], getBig: [], putSmall: [], getSmall: [], putSmallParallel: [], getSmallParallel: [] };
  for (let run = 0; run < SIZES.runs; run++) {
    await request(server, 'DELETE', '/big.bin');
    progress(`${server.name}: run ${run + 1}: PUT ${SIZES.bigMiB} MiB`);
    times.putBig.push(await timed(() => expectStatus(server, 'PUT', '/big.bin', markedStream(bigFile, run), [200, 201, 204], SIZES.bigMiB * MiB)));
    progress(`${server.name}: run ${run + 1}: GET ${SIZES.bigMiB} MiB`);
    times.getBig.push(await timed(() => expectStatus(server, 'GET', '/big.bin', undefined, [200])));
    const one = await smallRound(server, smallFiles, run, false);
    times.putSmall.push(one.put);
    times.getSmall.push(one.get);
    const many = await smallRound(server, smallFiles, run, true);
    times.putSmallParallel.push(many.put);
    times.getSmallParallel.push(many.get);
  }
  server.agent.destroy();
  server.parallelAgent.destroy();
  return Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
}

/** Keep-alive agents: one connection for the sequential figures, PARALLEL for the others. */
function agents() {
  return { agent: new http.Agent({ keepAlive: true, maxSockets: 1 }), parallelAgent: new http.Agent({ keepAlive: true, maxSockets: PARALLEL }) };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function startRclone(dir) {
  const port = await freePort();
  const [user, pass] = RCLONE_CREDENTIALS.split(':');
  spawnChild('rclone', ['--config', '/dev/null', 'serve', 'webdav', dir, '--addr', `127.0.0.1:${port}`, '--user', user, '--pass', pass, '--log-level', 'NOTICE']);
  const server = { name: 'rclone', base: `http://127.0.0.1:${port}`, auth: `Basic ${Buffer.from(RCLONE_CREDENTIALS).toString('base64')}`, ...agents() };
  for (let attempt = 0; attempt < 100; attempt++) {
    if ((await request(server, 'PROPFIND', '/').catch(() => 0)) === 207) return server;
    await sleep(100);
  }
  throw new Error('rclone serve webdav did not answer within 10 s');
}

async function startKith(dataDir) {
  const node = await startKithNode(dataDir, { startTimeoutMs: 30_000, stderrChars: 10_000 });
  const created = await globalThis.fetch(`${node.url}/api/v1/pools`, { method: 'POST', headers: { authorization: `Bearer ${node.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'bench' }) });
  if (created.status !== 201) throw new Error(`creating the pool: ${created.status} ${await created.text()}`);
  return { node, server: { name: 'kith', base: `${node.url}/dav/bench`, auth: `Bearer ${node.token}`, ...agents() } };
}

async function writeSource(file) {
  const block = Buffer.alloc(MiB);
  const blocks = (function* () {
    for (let i = 0; i < SIZES.bigMiB; i++) yield randomFillSync(block);
  })();
  await pipeline(blocks, createWriteStream(file));
}

async function main() {
  const work = await makeWorkDir('kith-bench-webdav-');
  const bigFile = join(work, 'big.bin');
  progress(`writing a ${SIZES.bigMiB} MiB source file`);
  await writeSource(bigFile);
  const smallFiles = Array.from({ length: SIZES.smallFiles }, () => randomFillSync(Buffer.alloc(SMALL_FILE_BYTES)));

  const { node, server: kith } = await startKith(join(work, 'kith'));
  const kithTimes = await measure(kith, bigFile, smallFiles);
  const kithPeakRssMiB = (await procStatusKiB(node.pid, 'VmHWM')) / 1024;
  await mkdir(join(work, 'rclone'));
  const rcloneTimes = await measure(await startRclone(join(work, 'rclone')), bigFile, smallFiles);

  const big = (t) => `${(SIZES.bigMiB / t).toFixed(0)} MiB/s`;
  const small = (t) => `${t.toFixed(2)} s`;
  const rows = [
    ['PUT 1 file', 'putBig', big],
    ['GET 1 file', 'getBig', big],
    [`PUT ${SIZES.smallFiles} × 4 KiB`, 'putSmall', small],
    [`GET ${SIZES.smallFiles} × 4 KiB`, 'getSmall', small],
    [`PUT ${SIZES.smallFiles} × 4 KiB, ${PARALLEL} at a time`, 'putSmallParallel', small],
    [`GET ${SIZES.smallFiles} × 4 KiB, ${PARALLEL} at a time`, 'getSmallParallel', small],
  ].map(([figure, key, fmt]) => {
    const ratio = kithTimes[key] / rcloneTimes[key];
    // The goal: Kith at least as fast as rclone, which neither verifies nor commits durably.
    return { figure: `${figure}${key.endsWith('Big') ? ` (${SIZES.bigMiB} MiB)` : ''}`, kith: fmt(kithTimes[key]), rclone: fmt(rcloneTimes[key]), ratio, goal: '≤ 1', ok: ratio <= 1 };
  });
  // rclone acknowledges a PUT before its bytes are on disk; Kith only once they are.
  const fsyncFloor = await fsyncFloorSeconds(work, SIZES.smallFiles, SMALL_FILE_BYTES);
  process.stdout.write(`${formatTable(rows, 'rclone', (r) => r.toFixed(2))}\nKith peak RSS: ${kithPeakRssMiB.toFixed(0)} MiB\n`);
  process.stdout.write(`Durability floor on this disk, ${SIZES.smallFiles} × (write 4 KiB + fdatasync) in sequence: ${small(fsyncFloor)}; Kith's sequential small PUTs at ${(kithTimes.putSmall / fsyncFloor).toFixed(2)}× it\n`);
  await writeResultsFile(RESULTS_FILE, { at: new Date().toISOString(), machine: machineInfo(), sizes: SIZES, seconds: { kith: kithTimes, rclone: rcloneTimes, fsyncFloor }, kithPeakRssMiB }, progress);
}

await runMain(main, 'bench:webdav');
