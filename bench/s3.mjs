#!/usr/bin/env node
/**
 * `npm run bench:s3`: the S3 door measured with the AWS SDK for JavaScript as the client, against
 * the built node in its own process: PUT and GET of one 1 GiB object (the GET's bytes checked
 * against the file's SHA-256), then 1,000 PUTs and GETs of 4 KiB objects, 8 at a time.
 *
 *   node bench/s3.mjs           1 GiB and 1,000 small objects
 *   node bench/s3.mjs --quick   256 MiB and 200 small objects
 *
 * Work happens in a temp dir under $KITH_BENCH_DIR (or the OS temp dir), removed at the end.
 */
import { Buffer } from 'node:buffer';
import { createHash, randomBytes, randomFillSync } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { cleanupOnSignals, makeProgress, makeWorkDir, MiB, procStatusKiB, runMain, seconds, startKithNode, stopProcess } from './lib.mjs';

const QUICK = process.argv.includes('--quick');
const BIG_MIB = QUICK ? 256 : 1024;
const SMALL_COUNT = QUICK ? 200 : 1000;
const SMALL_BYTES = 4096;
const CONCURRENCY = 8;
const progress = makeProgress('bench:s3');

async function makeRandomFile(file, bytes) {
  const hash = createHash('sha256');
  const block = Buffer.allocUnsafe(4 * MiB);
  const fh = await open(file, 'w');
  try {
    for (let written = 0; written < bytes; written += block.length) {
      randomFillSync(block);
      hash.update(block);
      await fh.write(block);
    }
    await fh.sync();
  } finally {
    await fh.close();
  }
  return hash.digest('hex');
}

async function adminJson(node, method, path, json) {
  const res = await fetch(new URL(`/api/v1${path}`, node.url), {
    method,
    headers: { authorization: `Bearer ${node.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(json),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** A user with an S3 key, and an SDK client for it. */
async function clientFor(node) {
  await adminJson(node, 'POST', '/users', { name: 'bench', password: `bench ${randomBytes(12).toString('base64url')} kith` });
  const { key, secretAccessKey } = await adminJson(node, 'POST', '/users/bench/s3-keys', {});
  return new S3Client({ endpoint: node.s3Url, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: key.accessKeyId, secretAccessKey } });
}

async function concurrently(count, task) {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

async function measure(client, big) {
  const figures = [];
  let t = performance.now();
  await client.send(new PutObjectCommand({ Bucket: 'bench', Key: 'big.bin', Body: createReadStream(big.file, { highWaterMark: MiB }), ContentLength: big.bytes }));
  figures.push([`PUT ${BIG_MIB} MiB`, seconds(t), `${(BIG_MIB / seconds(t)).toFixed(1)} MiB/s`]);

  t = performance.now();
  const got = await client.send(new GetObjectCommand({ Bucket: 'bench', Key: 'big.bin' }));
  const hash = createHash('sha256');
  for await (const piece of got.Body) hash.update(piece);
  if (hash.digest('hex') !== big.sha256) throw new Error('the object read back differs from the file sent');
  figures.push([`GET ${BIG_MIB} MiB (SHA-256 checked)`, seconds(t), `${(BIG_MIB / seconds(t)).toFixed(1)} MiB/s`]);

  const small = Array.from({ length: SMALL_COUNT }, () => randomBytes(SMALL_BYTES));
  t = performance.now();
  await concurrently(SMALL_COUNT, (i) => client.send(new PutObjectCommand({ Bucket: 'bench', Key: `small/d${Math.floor(i / 100)}/f${i}.bin`, Body: small[i] })));
  figures.push([`PUT ${SMALL_COUNT} x 4 KiB`, seconds(t), `${(SMALL_COUNT / seconds(t)).toFixed(0)} objects/s`]);

  t = performance.now();
  await concurrently(SMALL_COUNT, async (i) => {
    const res = await client.send(new GetObjectCommand({ Bucket: 'bench', Key: `small/d${Math.floor(i / 100)}/f${i}.bin` }));
    if (!Buffer.from(await res.Body.transformToByteArray()).equals(small[i])) throw new Error(`small object ${i} differs`);
  });
  figures.push([`GET ${SMALL_COUNT} x 4 KiB`, seconds(t), `${(SMALL_COUNT / seconds(t)).toFixed(0)} objects/s`]);
  return figures;
}

async function main() {
  cleanupOnSignals(progress);
  const dir = await makeWorkDir('kith-bench-s3-');
  const loadBefore = os.loadavg();
  progress(`generating a ${BIG_MIB} MiB random file`);
  const big = { file: join(dir, 'big.bin'), bytes: BIG_MIB * MiB };
  big.sha256 = await makeRandomFile(big.file, big.bytes);
  progress('starting the node');
  const node = await startKithNode(join(dir, 'node'), { startTimeoutMs: 60_000, stderrChars: 20_000 });
  const client = await clientFor(node);
  try {
    await client.send(new CreateBucketCommand({ Bucket: 'bench' }));
    progress('measuring');
    const figures = await measure(client, big);
    const peakRssMiB = (await procStatusKiB(node.pid, 'VmHWM')) / 1024;
    const rows = [['operation', 'seconds', 'rate'], ...figures.map(([op, s, rate]) => [op, s.toFixed(2), rate])];
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    process.stdout.write(`\n${rows.map((r) => r.map((v, c) => v.padEnd(widths[c])).join('  ')).join('\n')}\n\n`);
    process.stdout.write(`node peak RSS ${peakRssMiB.toFixed(0)} MiB; load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} on ${os.cpus().length} cores\n`);
  } finally {
    client.destroy();
    await stopProcess(node.child);
  }
}

await runMain(main, 'bench:s3', { quietWhenInterrupted: true });
