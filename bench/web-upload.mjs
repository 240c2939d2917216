#!/usr/bin/env node
/**
 * `npm run bench:web-upload`: a 256 MiB file up to one node, in the same run, three ways:
 *   cli        — `kith put` (one streamed PUT from Node);
 *   app        — the web app in Debian's Chromium, picked in the file manager as a person would
 *                (a file this big goes up by tus, in 16 MiB PATCHes, staged on the node, then put);
 *   page PUT   — the same Chromium page sending the file in one XMLHttpRequest PUT, as the app
 *                does for small files: what tus costs on a big one.
 * Each way uploads its own random content, so the node's deduplication cannot favour a later one.
 * Times run from the start to the node's answer (the file is in its pool). The `kith put` time
 * includes starting its Node process (about half a second). Loopback, one run each by default
 * (KITH_BENCH_RUNS=3 for a median): noisy on a shared machine.
 * Output: MiB/s per way and the ratios on stdout, progress on stderr; everything is removed at the end.
 */
import { Buffer } from 'node:buffer';
import { randomFillSync } from 'node:crypto';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import { cleanupOnSignals, KITH_BIN, makeProgress, makeWorkDir, median, MiB, runMain, spawnChild, startKithNode } from './lib.mjs';

const SIZE = Number(process.env.KITH_BENCH_UPLOAD_MIB ?? 256) * MiB;
const RUNS = Number(process.env.KITH_BENCH_RUNS ?? 1);
const USER = 'bench';
const PASSWORD = 'correct horse battery staple 42';
const POOL = `home-${USER}`;
const TIMEOUT_MS = 600_000;

const progress = makeProgress('[bench:web-upload]');

async function randomFile(path) {
  const file = await open(path, 'w');
  const block = Buffer.alloc(8 * MiB);
  for (let written = 0; written < SIZE; written += block.length) await file.write(randomFillSync(block), 0, Math.min(block.length, SIZE - written));
  await file.close();
  return path;
}

async function timed(work) {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

function cliPut(node, local, remote) {
  return new Promise((resolve, reject) => {
    const child = spawnChild(process.execPath, [KITH_BIN, '--data', node.dataDir, 'put', local, remote], { env: { ...process.env, KITH_URL: '', KITH_TOKEN: '' } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.resume();
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`kith put exited ${code}: ${stderr}`))));
  });
}

/** A page of the app signed in as USER, on the pool's top folder. */
async function signedInPage(browser, node) {
  const login = await fetch(`${node.url}/api/v1/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: node.url, 'x-requested-with': 'XMLHttpRequest' },
    body: JSON.stringify({ name: USER, password: PASSWORD, remember: false }),
  });
  if (!login.ok) throw new Error(`login: ${login.status} ${await login.text()}`);
  const [name, value] = login.headers.get('set-cookie').split(';')[0].split('=');
  const context = await browser.newContext();
  await context.addCookies([{ name, value, url: node.url }]);
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  await page.goto(`${node.url}/files/${POOL}/`);
  await page.getByRole('toolbar', { name: 'File actions' }).waitFor();
  return page;
}

/** Through the app's own upload path: picked in the file manager, done when its row says so. */
async function appUpload(page, local, name) {
  await page.getByLabel('Choose files to upload').setInputFiles(local);
  const status = page.getByRole('region', { name: 'Uploads' }).locator('li', { hasText: name }).locator('.status');
  await page.waitForFunction((el) => /done|failed/.test(el.textContent), await status.elementHandle(), { polling: 50 });
  const text = await status.textContent();
  if (!text.startsWith('done')) throw new Error(`the app's upload of ${name}: ${text}`);
}

/* global document, XMLHttpRequest -- in the functions that page.evaluate runs in the page */

/** The same page, one XMLHttpRequest PUT of the file, as put-file.ts sends small files. */
async function pagePut(page, local, name) {
  const input = await page.evaluateHandle(() => document.body.appendChild(Object.assign(document.createElement('input'), { type: 'file', hidden: true })));
  await input.setInputFiles(local);
  const status = await page.evaluate(([el, url]) => new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    xhr.setRequestHeader('x-requested-with', 'XMLHttpRequest');
    xhr.onload = () => resolve(xhr.status);
    xhr.onerror = () => reject(new Error('the PUT failed'));
    xhr.send(el.files[0]);
  }), [input, `/api/v1/pools/${POOL}/content/${name}`]);
  await input.evaluate((el) => el.remove());
  if (status !== 201 && status !== 200) throw new Error(`PUT ${name}: ${status}`);
}

async function main() {
  cleanupOnSignals(progress);
  const dir = await makeWorkDir('kith-bench-web-upload-');
  const node = await startKithNode(join(dir, 'node'), { startTimeoutMs: 30_000, stderrChars: 4000 });
  const users = await fetch(`${node.url}/api/v1/users`, {
    method: 'POST',
    headers: { authorization: `Bearer ${node.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: USER, password: PASSWORD, role: 'admin' }),
  });
  if (!users.ok) throw new Error(`creating the user: ${users.status} ${await users.text()}`);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await signedInPage(browser, node);
    const ways = {
      cli: (local, name) => cliPut(node, local, `${POOL}/${name}`),
      app: (local, name) => appUpload(page, local, name),
      'page PUT': (local, name) => pagePut(page, local, name),
    };
    const times = Object.fromEntries(Object.keys(ways).map((way) => [way, []]));
    for (let run = 1; run <= RUNS; run++) {
      for (const [way, upload] of Object.entries(ways)) {
        const name = `${way.replace(' ', '-')}-${run}.bin`;
        const local = await randomFile(join(dir, name));
        const secs = await timed(() => upload(local, name));
        times[way].push(secs);
        progress(`run ${run}, ${way}: ${secs.toFixed(2)} s`);
      }
    }
    const speed = Object.fromEntries(Object.entries(times).map(([way, t]) => [way, SIZE / MiB / median(t)]));
    console.log(`${SIZE / MiB} MiB to one node on loopback, ${RUNS === 1 ? 'one run' : `median of ${RUNS}`} (noisy on a shared machine):`);
    for (const [way, mibs] of Object.entries(speed)) console.log(`  ${way.padEnd(9)} ${mibs.toFixed(1).padStart(7)} MiB/s`);
    console.log(`  app / cli:      ${(speed.app / speed.cli).toFixed(2)}`);
    console.log(`  app / page PUT: ${(speed.app / speed['page PUT']).toFixed(2)}`);
  } finally {
    await browser.close();
  }
}

await runMain(main, 'bench:web-upload');
