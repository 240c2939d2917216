#!/usr/bin/env node
/**
 * `npm run bench:web`: how long the web app takes to show a folder of 10,000 files, in Debian's
 * Chromium against a real node (built first). The folder is filled through the REST API, then
 * opened five times in a fresh page; for each run it reports, from the start of navigation:
 *   first rows  — the first entries are on screen (the first page of 1,000 has arrived);
 *   all loaded  — all 10,000 entries are listed, sorted, and the last one is reachable.
 * Output: medians on stdout, progress on stderr. Every process and temp dir is removed at the end.
 */
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import { callNode, cleanupOnSignals, makeProgress, makeWorkDir, median, runMain, startKithNode } from './lib.mjs';

// KITH_BENCH_WEB_FILES for a quicker run while working on the app.
const FILES = Number(process.env.KITH_BENCH_WEB_FILES ?? 10_000);
const RUNS = 5;
const CONCURRENCY = 16;
// An administrator: the node's first, so that the app goes straight to sign-in, not to setup.
const USER = 'bench';
const PASSWORD = 'correct horse battery staple 42';
const FOLDER = 'ten-thousand';

const progress = makeProgress('[bench:web]');

async function fillFolder(node, pool) {
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < FILES; i = next++) {
      await callNode(node, 'PUT', `/pools/${pool}/content/${FOLDER}/file-${String(i).padStart(5, '0')}.txt`, `file ${i}\n`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  progress(`${FILES} files uploaded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function measureOnce(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    await page.goto(`${url}/login`);
    await page.getByLabel('User name').fill(USER);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('listbox').waitFor();
    await page.goto(`${url}/files/home-${USER}/${FOLDER}/`);
    await page.locator('[role=option]').first().waitFor();
    const firstRows = await page.evaluate(() => performance.now());
    // Runs in the page: the status line says "Loading n of 10000…" until the last page is in.
    await page.waitForFunction(`!document.querySelector('.notice')?.textContent?.includes('Loading')`);
    const list = page.getByRole('listbox');
    await list.focus();
    await list.press('End');
    await page.getByRole('option', { name: new RegExp(`^file-${String(FILES - 1).padStart(5, '0')}\\.txt `) }).waitFor();
    const allLoaded = await page.evaluate(() => performance.now());
    const rendered = await page.locator('[role=option]').count();
    return { firstRows, allLoaded, rendered };
  } finally {
    await context.close();
  }
}

async function main() {
  cleanupOnSignals(progress);
  const dir = await makeWorkDir('kith-bench-web-');
  const node = await startKithNode(`${dir}/node`, { startTimeoutMs: 30_000, stderrChars: 4000 });
  await callNode(node, 'POST', '/users', JSON.stringify({ name: USER, password: PASSWORD, role: 'admin' }), { 'content-type': 'application/json' });
  await fillFolder(node, `home-${USER}`);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      runs.push(await measureOnce(browser, node.url));
      progress(`run ${i + 1}: first rows ${runs[i].firstRows.toFixed(0)} ms, all ${FILES} ${runs[i].allLoaded.toFixed(0)} ms, ${runs[i].rendered} rows in the DOM`);
    }
    console.log(`folder of ${FILES} files, median of ${RUNS} runs, from navigation start:`);
    console.log(`  first rows on screen: ${median(runs.map((r) => r.firstRows)).toFixed(0)} ms`);
    console.log(`  all ${FILES} listed:  ${median(runs.map((r) => r.allLoaded)).toFixed(0)} ms`);
    console.log(`  rows in the DOM:      ${median(runs.map((r) => r.rendered))}`);
  } finally {
    await browser.close();
  }
}

await runMain(main, 'bench:web');
