/**
 * Debian's Chromium driven by playwright-core, as a person would use the web app: a fresh profile
 * per run, no network beyond the node under test, and a record of every request the page made,
 * so tests can prove the app talks to nobody but its node.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { Daemon } from './daemon.js';

export const CHROMIUM = '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  /** Every URL the pages requested, in order. */
  requests: string[];
  /** Console messages about refused content (Content-Security-Policy violations). */
  cspViolations: string[];
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'kith-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
  });
  const requests: string[] = [];
  const cspViolations: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  context.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  return {
    context,
    page,
    requests,
    cspViolations,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Runs axe-core in the page and returns the serious and critical violations. It is evaluated
 * through the DevTools protocol, which the page's CSP does not govern: the page itself still
 * loads nothing but its own scripts.
 */
export async function seriousAccessibilityViolations(page: Page): Promise<AxeViolation[]> {
  const source = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  // In-page code as text: this file is compiled for Node, without the DOM's types.
  const violations = (await page.evaluate('axe.run().then((result) => result.violations)')) as AxeViolation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
}

/** Where the tests save screenshots: docs/screenshots when asked to update them, else an ignored folder. */
export const SCREENSHOTS = new URL(process.env.KITH_UPDATE_SCREENSHOTS ? '../../docs/screenshots/' : '../../.screenshots/', import.meta.url);

/** The one-time setup link a fresh daemon printed. */
export function setupUrlOf(daemon: Daemon): string {
  return /(http:\/\/\S+\/setup#token=\S+)/.exec(daemon.output())![1]!;
}

/** A row of the file list, by the name it starts with. */
export function fileRow(page: Page, name: string) {
  return page.getByRole('option', { name: new RegExp(`^${name.replace('.', '\\.')} `) });
}
