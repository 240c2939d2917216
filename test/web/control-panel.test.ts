/**
 * The control panel and the activity page in a real browser, on a real network of three built
 * daemons: "home" (founder and gateway, where the admin signs in), "parents" (joined) and
 * "stranger" (tries a revoked invite). The admin reads this node's figures, changes a rate limit
 * that applies at once, copies a gateway, watches a member go offline, issues and revokes an
 * invite, sees the health summary change as a pool replicates, and follows a pool's feed link.
 * A user who is not an administrator sees none of it.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, SCREENSHOTS, seriousAccessibilityViolations, setupUrlOf, type TestBrowser } from '../helpers/browser.js';
import { freePort, kith, kithOk, removeDir, startDaemon, type Daemon } from '../helpers/daemon.js';
import { STRONG_PASSWORD } from '../helpers/in-process-node.js';
import { invite, status, untilConnected } from '../helpers/network.js';

let home: Daemon;
let parents: Daemon | undefined;
let stranger: Daemon;
let homeId: string;
let parentsId: string;
let b: TestBrowser;
let page: Page;

/** The page from its top: the page scrolls inside the frame. */
async function screenshot(name: string): Promise<void> {
  await page.locator('.panel-page').evaluate((panel) => panel.scrollTo(0, 0));
  await page.screenshot({ path: new URL(`${name}.png`, SCREENSHOTS).pathname });
}
const expectAccessible = async () => expect(await seriousAccessibilityViolations(page)).toEqual([]);
/** What the node answers the signed-in browser, as the app would ask. */
const inPage = (path: string, init: { method?: string; body?: string } = {}) =>
  page.evaluate(
    async ({ path, init }) => {
      const res = await fetch(`/api/v1${path}`, { ...init, headers: { 'x-requested-with': 'XMLHttpRequest' } });
      return { status: res.status, body: await res.text() };
    },
    { path, init },
  );
const section = (name: string) => page.getByRole('region', { name, exact: true });
const navLink = (name: string) => page.getByRole('navigation').getByRole('link', { name, exact: true });
const homeRow = (id: string) => page.getByRole('list', { name: 'Homes in the network' }).getByRole('listitem').filter({ has: page.locator(`code[title="${id}"]`) });

beforeAll(async () => {
  home = await startDaemon(undefined, { p2pPort: await freePort() });
  parents = await startDaemon(undefined, { p2pPort: await freePort() });
  stranger = await startDaemon();
  await kithOk(home.dataDir, 'network', 'create', 'family');
  await kithOk(parents.dataDir, 'join', await invite(home));
  [homeId, parentsId] = [(await status(home)).nodeId, (await status(parents)).nodeId];
  await untilConnected(home, parentsId);
  b = await launchBrowser();
  page = b.page;
  await b.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: home.url });
  await page.goto(setupUrlOf(home));
  await page.getByLabel('User name').fill('admin');
  await page.getByLabel('Password', { exact: true }).fill(STRONG_PASSWORD);
  await page.getByRole('button', { name: 'Create administrator' }).click();
  await page.getByRole('listbox', { name: 'Files in home-admin' }).waitFor();
}, 120_000);

afterAll(async () => {
  await b?.close();
  for (const daemon of [home, parents, stranger]) {
    if (!daemon) continue;
    await daemon.stop();
    await removeDir(daemon.dataDir);
  }
});

describe('this node', () => {
  it("shows the node's id, disk and version, and a new upload limit applies at once", async () => {
    await navLink('This node').click();
    await expect.poll(() => page.locator('.node-id').textContent()).toBe(homeId);
    await expect.poll(() => page.locator('.disk').textContent()).toMatch(/used of [\d.]+ [KMGT]?B, [\d.]+ [KMGT]?B free/);
    await page.getByText(/in the network family/).waitFor();
    await page.getByRole('heading', { name: 'Bandwidth with other homes' }).waitFor();
    await expectAccessible();
    await screenshot('panel-node');

    await page.getByLabel('Upload limit (kB/s)').fill('300');
    await page.getByRole('button', { name: 'Apply limits' }).click();
    await page.getByText('Now: upload 300 KB/s, download no limit.').waitFor();
    const limits = async () => JSON.parse((await kith(['--data', home.dataDir, 'limits', '--json'])).stdout) as { uploadBytesPerSecond: number; downloadBytesPerSecond: number };
    expect((await limits()).uploadBytesPerSecond).toBe(300_000);
    // By keyboard alone: Enter in a field applies the limits.
    await page.getByLabel('Download limit (kB/s)').focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('1500');
    await page.keyboard.press('Enter');
    await page.getByText('Now: upload 300 KB/s, download 1.5 MB/s.').waitFor();
    expect(await limits()).toEqual(expect.objectContaining({ uploadBytesPerSecond: 300_000, downloadBytesPerSecond: 1_500_000 }));
    await page.getByLabel('Upload limit (kB/s)').fill('-5');
    await page.getByRole('button', { name: 'Apply limits' }).click();
    // In-page code as text: this file is compiled for Node, without the DOM's types.
    expect(await page.evaluate("document.getElementById('upload-limit').validity.valid")).toBe(false);
  });
});

describe('the network', () => {
  it('shows the gateway to copy and the other home online', async () => {
    await navLink('Network').click();
    await page.getByRole('heading', { name: 'Network family' }).waitFor();
    await homeRow(parentsId).getByText('Online').waitFor();
    const address = (await section('Gateways').locator('code.address').first().textContent())!;
    expect(address).toContain(homeId);
    await section('Gateways').getByRole('button', { name: /^Copy the address of gateway/ }).first().click();
    await expect.poll(() => section('Gateways').getByRole('button', { name: /^Copied the address of gateway/ }).first().textContent()).toBe('Copied');
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(address);
  });

  it('issues an invite with a role, uses and expiry, lists it, revokes it, and the node refuses it', async () => {
    const invites = section('Invites');
    await invites.getByLabel('Role').selectOption('client');
    await invites.getByLabel('Expires after').selectOption({ label: '1 day' });
    await invites.getByLabel('Homes it admits').fill('2');
    await invites.getByRole('button', { name: 'Create invite' }).click();
    const code = (await invites.locator('.new-invite .secret code').textContent())!;
    expect(code).toMatch(/^kith1[A-Za-z0-9_-]+$/);
    const listed = invites.getByRole('list', { name: 'Invites' }).getByRole('listitem').first();
    await expect.poll(() => listed.textContent()).toMatch(/^client\s*open · 2 of 2 uses left · expires /);
    await expectAccessible();
    await invites.getByRole('button', { name: /^Revoke the client invite/ }).click();
    await expect.poll(() => listed.textContent()).toMatch(/^client\s*revoked/);
    const refused = await kith(['--data', stranger.dataDir, 'join', code]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/the invite was revoked/);
  });

  it('says how safe the files are, and the summary changes once the pool is on both homes', async () => {
    await kithOk(home.dataDir, 'pool', 'create', 'photos', '--copies', '2');
    const local = join(home.dataDir, 'beach.txt');
    await writeFile(local, 'sand and sea');
    await kithOk(home.dataDir, 'put', local, 'photos/beach.txt');
    const health = page.locator('.health');
    await expect.poll(() => health.textContent(), { timeout: 20_000 }).toBe('1 file is only at one home. 1 pool has fewer complete copies than its target.');
    await screenshot('panel-network-at-risk');
    await expect.poll(async () => (await kithOk(parents!.dataDir, 'pool', 'ls', '--network')).includes('photos'), { timeout: 20_000 }).toBe(true);
    await kithOk(parents!.dataDir, 'pool', 'subscribe', 'photos');
    await expect.poll(() => health.textContent(), { timeout: 30_000 }).toBe('Every file is on 2 homes.');
    await page.getByRole('list', { name: 'Homes holding photos' }).getByText('100%').nth(1).waitFor();
    await expectAccessible();
    await screenshot('panel-network');
  });

  it('shows a home that stopped as offline, with when it was last seen', async () => {
    await parents!.stop();
    await removeDir(parents!.dataDir);
    parents = undefined;
    await homeRow(parentsId).getByText('Offline').waitFor({ timeout: 30_000 });
    await expect.poll(() => homeRow(parentsId).textContent()).toMatch(/last seen (now|\d+ sec\. ago)/);
  });

  it('fits a phone screen and reads in the dark theme', async () => {
    await page.setViewportSize({ width: 390, height: 800 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.reload();
    await page.getByRole('heading', { name: 'Network family' }).waitFor();
    await homeRow(parentsId).getByText('Offline').waitFor();
    expect(await page.locator('.panel-page').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await expectAccessible();
    await screenshot('panel-network-phone-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});

describe('activity', () => {
  it("lists the admin's upload with who, what and where, and the pool's feed link gives it as Atom", async () => {
    expect((await inPage('/pools/home-admin/content/report.txt', { method: 'PUT', body: 'quarterly' })).status).toBe(201);
    await navLink('Activity').click();
    const latest = page.getByRole('list', { name: 'Recent changes' }).getByRole('listitem').first();
    await expect.poll(() => latest.textContent()).toMatch(/^admin wrote report\.txt in home-admin/);
    await page.getByRole('button', { name: 'Make a feed link for home-admin' }).click();
    const feedUrl = (await page.getByRole('list', { name: 'Feeds of the pools' }).locator('code.address').first().textContent())!;
    expect(feedUrl).toMatch(/\/api\/v1\/s\/[\w-]+\/feed$/);
    const feed = await fetch(feedUrl);
    expect(feed.headers.get('content-type')).toMatch(/atom\+xml/);
    expect(await feed.text()).toContain('admin wrote report.txt');
    await expectAccessible();
    await screenshot('activity');
  });
});

describe('a user who is not an administrator', () => {
  it('sees no control panel in the menu, and the node refuses its API', async () => {
    const created = await page.evaluate(async (password) => {
      const res = await fetch('/api/v1/users', { method: 'POST', headers: { 'x-requested-with': 'XMLHttpRequest', 'content-type': 'application/json' }, body: JSON.stringify({ name: 'bob', password, role: 'user' }) });
      return res.status;
    }, STRONG_PASSWORD);
    expect(created).toBe(201);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('User name').fill('bob');
    await page.getByLabel('Password').fill(STRONG_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await navLink('Activity').waitFor();
    expect(await navLink('Network').count()).toBe(0);
    expect(await navLink('This node').count()).toBe(0);
    await page.goto(`${home.url}/admin/network`);
    await page.getByText('This page is for administrators.').waitFor();
    for (const path of ['/node', '/network', '/network/invites', '/network/limits', '/node/check']) {
      expect((await inPage(path, path === '/node/check' ? { method: 'POST' } : {})).status, path).toBe(403);
    }
    await navLink('Activity').click();
    await page.getByRole('heading', { name: 'Activity' }).waitFor();
    expect(await page.getByText('report.txt').count()).toBe(0);
  });
});
