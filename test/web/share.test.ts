/**
 * Share links in a real browser against the built daemon: made from the file manager's dialog,
 * opened by a logged-out visitor in another browser (password, download, file drop), counted and
 * revoked on the Links page; and no request to anywhere but the node.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Daemon } from '../helpers/daemon.js';
import { fileRow, SCREENSHOTS, seriousAccessibilityViolations, type TestBrowser } from '../helpers/browser.js';
import { createAdmin, openShareScene, type ShareScene } from '../helpers/share-scene.js';

const LINK_PASSWORD = 'a link password';

let scene: ShareScene;
let d: Daemon;
let owner: TestBrowser;
let visitor: TestBrowser;
let page: Page;
let guest: Page;
let work: string;
const report = randomBytes(70_000);
let fileLink = '';
let dropLink = '';

beforeAll(async () => {
  scene = await openShareScene('kith-share-');
  ({ d, owner, visitor, work } = scene);
  page = owner.page;
  guest = visitor.page;
});
afterAll(() => scene?.close());

const row = (name: string) => fileRow(page, name);

async function choose(p: Page, button: string, files: string): Promise<void> {
  const [chooser] = await Promise.all([p.waitForEvent('filechooser'), p.getByRole('button', { name: button }).click()]);
  await chooser.setFiles(files);
}

async function shareSelected(fill: () => Promise<void>): Promise<string> {
  await page.getByRole('toolbar', { name: 'File actions' }).getByRole('button', { name: 'Share' }).click();
  const dialog = page.getByRole('dialog');
  await fill();
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  await dialog.getByRole('button', { name: 'Create link' }).click();
  const url = await dialog.getByLabel(/Anyone with this link/).inputValue();
  await dialog.getByRole('button', { name: 'Copy' }).waitFor();
  await dialog.getByRole('button', { name: 'Done' }).click();
  return url;
}

describe('share links', () => {
  it('sets up the owner with a file and a folder', async () => {
    await createAdmin(page, d);
    await writeFile(join(work, 'report.bin'), report);
    await choose(page, 'Upload files', join(work, 'report.bin'));
    await row('report.bin').waitFor();
    await page.getByRole('button', { name: 'New folder' }).click();
    const name = page.getByRole('dialog').getByLabel('Name');
    await name.fill('Inbox');
    await name.press('Enter');
    await row('Inbox').waitFor();
  });

  it('shares a file with a password; a logged-out visitor gives it and downloads the same bytes', async () => {
    await row('report.bin').click();
    fileLink = await shareSelected(() => page.getByRole('dialog').getByLabel('Password (optional)').fill(LINK_PASSWORD));
    expect(fileLink).toMatch(new RegExp(`^${new URL(d.url).origin}/s/[A-Za-z0-9_-]{24}$`));

    await guest.goto(fileLink);
    await guest.getByRole('heading', { name: 'This link is protected' }).waitFor();
    expect(await seriousAccessibilityViolations(guest)).toEqual([]);
    await guest.getByLabel('Password').fill('not it');
    await guest.getByRole('button', { name: 'Open' }).click();
    await expect.poll(() => guest.getByRole('alert').textContent()).toMatch(/Wrong password/);
    await guest.getByLabel('Password').fill(LINK_PASSWORD);
    await guest.getByRole('button', { name: 'Open' }).click();
    await guest.getByRole('heading', { name: 'report.bin' }).waitFor();
    expect(await seriousAccessibilityViolations(guest)).toEqual([]);
    await guest.screenshot({ path: new URL('share-file-light.png', SCREENSHOTS).pathname });
    const [download] = await Promise.all([guest.waitForEvent('download'), guest.getByRole('link', { name: 'Download' }).click()]);
    expect(download.suggestedFilename()).toBe('report.bin');
    expect((await readFile((await download.path())!)).equals(report)).toBe(true);
  });

  it('makes a file drop link on a folder; a visitor uploads through it and the owner finds the file', async () => {
    await row('Inbox').click();
    dropLink = await shareSelected(() => page.getByRole('dialog').getByLabel(/File drop/).check());
    await guest.goto(dropLink);
    await guest.getByRole('heading', { name: 'Send files' }).waitFor();
    await writeFile(join(work, 'for you.txt'), 'dropped by a visitor');
    await choose(guest, 'Choose files', join(work, 'for you.txt'));
    await expect.poll(() => guest.getByRole('list', { name: 'Files sent' }).textContent()).toMatch(/for you\.txt.*Received/);
    expect(await seriousAccessibilityViolations(guest)).toEqual([]);
    await guest.screenshot({ path: new URL('share-drop-light.png', SCREENSHOTS).pathname });
    await row('Inbox').dblclick();
    await page.getByRole('listbox', { name: 'Files in Inbox' }).getByRole('option', { name: /^for you\.txt / }).waitFor();
    expect(await page.evaluate(() => fetch('/api/v1/pools/home-admin/content/Inbox/for%20you.txt').then((r) => r.text()))).toBe('dropped by a visitor');
  });

  it('shares a folder to browse: breadcrumbs inside the link, a download per file and all as a zip', async () => {
    await page.getByRole('link', { name: 'home-admin', exact: true }).first().click();
    await row('Inbox').click();
    const folderLink = await shareSelected(async () => undefined);
    await guest.goto(folderLink);
    const list = guest.getByRole('list', { name: 'Files in Inbox' });
    await list.getByRole('listitem').filter({ hasText: 'for you.txt' }).waitFor();
    const [zip] = await Promise.all([guest.waitForEvent('download'), guest.getByRole('link', { name: 'Download all' }).click()]);
    expect((await readFile((await zip.path())!)).subarray(0, 2).toString()).toBe('PK');
    const [download] = await Promise.all([guest.waitForEvent('download'), guest.getByRole('link', { name: 'Download for you.txt' }).click()]);
    expect(await readFile((await download.path())!, 'utf8')).toBe('dropped by a visitor');
    await guest.setViewportSize({ width: 390, height: 760 });
    await guest.emulateMedia({ colorScheme: 'dark' });
    expect(await seriousAccessibilityViolations(guest)).toEqual([]);
    await guest.screenshot({ path: new URL('share-folder-phone-dark.png', SCREENSHOTS).pathname });
    await guest.setViewportSize({ width: 1280, height: 800 });
    await guest.emulateMedia({ colorScheme: 'light' });
  });

  it('lists the links with their uses; revoking one makes its page say it is gone', async () => {
    await page.getByRole('link', { name: 'Links' }).click();
    const list = page.getByRole('list', { name: 'Share links' });
    await expect.poll(() => list.getByRole('listitem').filter({ hasText: 'report.bin' }).textContent()).toMatch(/1 download.*password: yes/);
    await expect.poll(() => list.getByRole('listitem').filter({ hasText: 'File drop' }).textContent()).toMatch(/1 upload/);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.screenshot({ path: new URL('links-light.png', SCREENSHOTS).pathname });
    await page.getByRole('button', { name: 'Revoke the link to home-admin/report.bin' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/Revoked/);
    await expect.poll(() => list.getByRole('listitem').count()).toBe(2);
    await guest.goto(fileLink);
    await expect.poll(() => guest.getByRole('alert').textContent()).toMatch(/gone/);
  });

  it('requested nothing from anywhere but its node, and broke no Content-Security-Policy', () => {
    const origin = new URL(d.url).origin;
    for (const b of [owner, visitor]) {
      expect(b.requests.filter((url) => new URL(url).origin !== origin)).toEqual([]);
      expect(b.cspViolations).toEqual([]);
    }
    expect(visitor.requests.length).toBeGreaterThan(5);
  });
});
