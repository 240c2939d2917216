/**
 * The web app in a real browser against the real built daemon: first run, sign-in, uploads (file
 * chooser, folder, drop), rename, trash and restore, versions; accessibility (axe-core) and the
 * proof that the page requests nothing from anywhere but its node.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, startDaemon, type Daemon } from '../helpers/daemon.js';
import { STRONG_PASSWORD } from '../helpers/in-process-node.js';
import { fileRow, launchBrowser, SCREENSHOTS, seriousAccessibilityViolations, setupUrlOf, type TestBrowser } from '../helpers/browser.js';

// The README's pictures are updated on request; otherwise a run leaves the tree as it was.

let d: Daemon;
let b: TestBrowser;
let page: Page;
let work: string;

beforeAll(async () => {
  d = await startDaemon();
  b = await launchBrowser();
  page = b.page;
  work = await mkdtemp(join(tmpdir(), 'kith-web-'));
  await mkdir(SCREENSHOTS, { recursive: true });
});
afterAll(async () => {
  await b?.close();
  if (d) {
    await d.stop();
    await removeDir(d.dataDir);
  }
  if (work) await rm(work, { recursive: true, force: true });
});

const setupUrl = (): string => setupUrlOf(d);
const row = (name: string) => fileRow(page, name);
const screenshot = (name: string) => page.screenshot({ path: new URL(`${name}.png`, SCREENSHOTS).pathname });
const readContent = (path: string) => page.evaluate((p) => fetch(`/api/v1/pools/home-admin/content/${p}`).then((r) => r.text()), path);

async function expectAccessible(): Promise<void> {
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
}

async function chooseFiles(button: string, files: string | string[]): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: button }).click()]);
  await chooser.setFiles(files);
}

describe('first run', () => {
  it('refuses a weak password and says why, then creates the admin with a strong one', async () => {
    await page.goto(setupUrl());
    await page.getByLabel('User name').fill('admin');
    await page.getByLabel('Password', { exact: true }).fill('password123');
    await expect.poll(() => page.locator('#password-hint').textContent(), { timeout: 15_000 }).toMatch(/Too weak: .*common/i);
    await expectAccessible();
    await screenshot('setup-weak-password');
    await page.getByRole('button', { name: 'Create administrator' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/refused.*Too weak/);

    await page.getByLabel('Password', { exact: true }).fill(STRONG_PASSWORD);
    await expect.poll(() => page.locator('#password-hint').textContent()).toMatch(/Good/);
    await page.getByRole('button', { name: 'Create administrator' }).click();
    await page.getByRole('listbox', { name: 'Files in home-admin' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/files/home-admin/');
  });
});

describe('signing in and out', () => {
  it('signs out, then back in with "remember me", which keeps the cookie past the browser session', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Kith' }).waitFor();
    await expectAccessible();
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot('login-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByLabel('User name').fill('admin');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/invalid|wrong|incorrect/i);
    await page.getByLabel('Password').fill(STRONG_PASSWORD);
    await page.getByLabel('Remember me on this device').check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('listbox', { name: 'Files in home-admin' }).waitFor();
    const cookie = (await b.context.cookies()).find((c) => c.name === 'kith_session');
    expect(cookie?.expires).toBeGreaterThan(Date.now() / 1000 + 3600);
  });
});

describe('the account page', () => {
  it('lists this browser\'s session, and makes and revokes an app password that works once shown', async () => {
    await page.getByRole('link', { name: 'admin', exact: true }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await page.getByText('This browser').waitFor();
    await page.getByLabel('Name of the program or device').fill('laptop sync');
    await page.getByRole('button', { name: 'Create app password' }).click();
    const secret = await page.locator('.secret code').textContent();
    const basic = Buffer.from(`admin:${secret}`).toString('base64');
    expect((await fetch(`${d.url}/api/v1/me`, { headers: { authorization: `Basic ${basic}` } })).status).toBe(200);
    await expectAccessible();
    await screenshot('account-light');
    await page.getByRole('button', { name: 'Revoke laptop sync' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Revoke laptop sync' }).count()).toBe(0);
    expect((await fetch(`${d.url}/api/v1/me`, { headers: { authorization: `Basic ${basic}` } })).status).toBe(401);
    await page.getByRole('link', { name: 'home-admin', exact: true }).click();
    await page.getByRole('listbox', { name: 'Files in home-admin' }).waitFor();
  });
});

describe('administration', () => {
  it('adds a user (refusing a weak password first), disables and deletes them', async () => {
    await page.getByRole('link', { name: 'Users' }).click();
    const form = page.getByRole('form', { name: 'Add a user' });
    await form.getByLabel('User name').fill('bob');
    await form.getByLabel('Password', { exact: true }).fill('bob12345');
    await expect.poll(() => page.locator('#password-hint').textContent()).toMatch(/Too weak/);
    await form.getByRole('button', { name: 'Add user' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/refused/);
    await form.getByLabel('Password', { exact: true }).fill(STRONG_PASSWORD);
    await expect.poll(() => page.locator('#password-hint').textContent()).toMatch(/Good/);
    await form.getByRole('button', { name: 'Add user' }).click();
    await page.getByRole('button', { name: 'Disable bob' }).click();
    await page.getByRole('button', { name: 'Enable bob' }).waitFor();
    await expectAccessible();
    await screenshot('users-light');
    await page.getByRole('button', { name: 'Delete bob' }).click();
    await page.getByRole('button', { name: 'Really delete bob' }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Users' }).textContent()).not.toMatch(/bob/);
    await page.getByRole('link', { name: 'home-admin', exact: true }).click();
    await page.getByRole('listbox', { name: 'Files in home-admin' }).waitFor();
  });

  it('sets a user\'s role and quota, and a new password once a weak one is refused', async () => {
    const logIn = (password: string) =>
      fetch(`${d.url}/api/v1/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'carol', password }) });
    await page.getByRole('link', { name: 'Users' }).click();
    const form = page.getByRole('form', { name: 'Add a user' });
    await form.getByLabel('User name').fill('carol');
    await form.getByLabel('Password', { exact: true }).fill(STRONG_PASSWORD);
    await expect.poll(() => page.locator('#password-hint').textContent()).toMatch(/Good/);
    await form.getByRole('button', { name: 'Add user' }).click();
    await page.getByRole('button', { name: 'Manage carol' }).click();

    const roleAndQuota = page.getByRole('form', { name: 'Role and quota of carol' });
    const quota = roleAndQuota.getByLabel(/Quota in GB/);
    await quota.fill('0');
    await roleAndQuota.getByRole('button', { name: 'Save' }).click();
    expect(await quota.evaluate((input) => (input as unknown as { validity: { valid: boolean } }).validity.valid)).toBe(false);
    await quota.fill('0.5');
    await roleAndQuota.getByLabel('Administrator').check();
    await roleAndQuota.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Users' }).textContent()).toMatch(/carol · administrator · 0 B of 500 MB used/);
    const carol: unknown = await page.evaluate(() => fetch('/api/v1/users/carol').then((r) => r.json()));
    expect(carol).toMatchObject({ user: { role: 'admin', quotaBytes: 500_000_000 } });

    const newPassword = page.getByRole('form', { name: 'New password for carol' });
    await newPassword.getByLabel('New password').fill('carol123');
    await expect.poll(() => newPassword.locator('.hint').textContent()).toMatch(/Too weak/);
    await newPassword.getByRole('button', { name: 'Set password' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/refused/);
    expect((await logIn(STRONG_PASSWORD)).status).toBe(200);
    await newPassword.getByLabel('New password').fill(`${STRONG_PASSWORD} again`);
    await expect.poll(() => newPassword.locator('.hint').textContent()).toMatch(/Good/);
    await newPassword.getByRole('button', { name: 'Set password' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved.' }).count()).toBe(1);
    expect((await logIn(STRONG_PASSWORD)).status).toBe(401);
    expect((await logIn(`${STRONG_PASSWORD} again`)).status).toBe(200);
    await expectAccessible();
    await screenshot('users-manage-light');
    await page.getByRole('link', { name: 'home-admin', exact: true }).click();
    await page.getByRole('listbox', { name: 'Files in home-admin' }).waitFor();
  });
});

describe('the file manager', () => {
  it('uploads files through the file chooser and a whole folder', async () => {
    await writeFile(join(work, 'notes.txt'), 'first notes');
    await writeFile(join(work, 'photo.jpg'), Buffer.alloc(150_000, 7));
    await chooseFiles('Upload files', [join(work, 'notes.txt'), join(work, 'photo.jpg')]);
    await row('notes.txt').waitFor();
    await row('photo.jpg').waitFor();
    await mkdir(join(work, 'Holidays', 'Day 1'), { recursive: true });
    await writeFile(join(work, 'Holidays', 'Day 1', 'beach.txt'), 'sand');
    await chooseFiles('Upload folder', join(work, 'Holidays'));
    await row('Holidays').waitFor();
    await expect.poll(() => page.getByRole('region', { name: 'Uploads' }).textContent()).toMatch(/Uploads finished: 3 of 3 files/);
    expect(await readContent('Holidays/Day%201/beach.txt')).toBe('sand');
  });

  it('shows an upload\'s speed while it runs, and cancels it leaving no file', async () => {
    // A slow uplink, so that the upload is still running when it is cancelled.
    const cdp = await b.context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 200_000 });
    await writeFile(join(work, 'big.bin'), Buffer.alloc(4_000_000, 1));
    await chooseFiles('Upload files', join(work, 'big.bin'));
    const item = page.getByRole('region', { name: 'Uploads' }).getByRole('listitem').filter({ hasText: 'big.bin' });
    await expect.poll(() => item.textContent()).toMatch(/\d+(\.\d)? (B|KB|MB)\/s/);
    await page.getByRole('button', { name: 'Cancel upload of big.bin' }).click();
    await expect.poll(() => item.textContent()).toMatch(/cancelled/);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await cdp.detach();
    expect(await page.evaluate(() => fetch('/api/v1/pools/home-admin/files/big.bin').then((r) => r.status))).toBe(404);
  });

  it('uploads a file dropped on the page', async () => {
    // In-page code as text: this file is compiled for Node, without the DOM's types.
    await page.evaluate(`(() => {
      const data = new DataTransfer();
      data.items.add(new File(['dropped content'], 'dropped.txt', { type: 'text/plain' }));
      const zone = document.querySelector('[data-drop-zone]');
      for (const type of ['dragenter', 'dragover', 'drop']) zone.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
    })()`);
    await row('dropped.txt').waitFor();
    expect(await readContent('dropped.txt')).toBe('dropped content');
  });

  it('makes a new folder', async () => {
    await page.getByRole('button', { name: 'New folder' }).click();
    const name = page.getByRole('dialog').getByLabel('Name');
    await name.fill('Projects');
    await name.press('Enter');
    await row('Projects').waitFor();
  });

  it('renames with F2 from the keyboard', async () => {
    await row('dropped.txt').click();
    await page.keyboard.press('F2');
    const name = page.getByRole('dialog').getByLabel('Name');
    await name.fill('renamed.txt');
    await name.press('Enter');
    await row('renamed.txt').waitFor();
    expect(await row('dropped.txt').count()).toBe(0);
  });

  it('copies and moves files into another folder', async () => {
    await row('photo.jpg').click();
    await page.getByRole('button', { name: 'Copy' }).click();
    const folder = page.getByRole('dialog').getByLabel(/To the folder/);
    await folder.fill('Projects');
    await folder.press('Enter');
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/Copied "photo.jpg" to "Projects"/);
    await row('renamed.txt').click();
    await page.getByRole('button', { name: 'Move' }).click();
    // A file is no folder: the dialog stays, saying why.
    await page.getByRole('dialog').getByLabel(/To the folder/).fill('notes.txt');
    await page.getByRole('dialog').getByRole('button', { name: 'Move' }).click();
    await expect.poll(() => page.getByRole('dialog').getByRole('alert').textContent()).toMatch(/notes\.txt/);
    await page.getByRole('dialog').getByLabel(/To the folder/).fill('Projects');
    await page.getByRole('dialog').getByRole('button', { name: 'Move' }).click();
    await expect.poll(() => row('renamed.txt').count()).toBe(0);
    await page.getByRole('listbox', { name: 'Files in home-admin' }).press('Home');
    await page.getByRole('listbox', { name: 'Files in home-admin' }).press('ArrowDown');
    await page.getByRole('listbox', { name: 'Files in home-admin' }).press('Enter');
    await page.getByRole('listbox', { name: 'Files in Projects' }).getByRole('option', { name: /^photo\.jpg / }).waitFor();
    await row('renamed.txt').click();
    await page.getByRole('button', { name: 'Move' }).click();
    const back = page.getByRole('dialog').getByLabel(/To the folder/);
    await back.fill('');
    await back.press('Enter');
    await expect.poll(() => row('renamed.txt').count()).toBe(0);
    await page.getByRole('link', { name: 'home-admin', exact: true }).first().click();
    await row('renamed.txt').waitFor();
  });

  it('moves a file by dragging it onto a folder, and back by dragging it onto the breadcrumbs', async () => {
    const uploadsBefore = await page.getByRole('region', { name: 'Uploads' }).textContent();
    await row('notes.txt').dragTo(row('Projects'));
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/Moved "notes.txt" to "Projects"/);
    await expect.poll(() => row('notes.txt').count()).toBe(0);
    // A drag within the page is no upload: nothing was queued.
    expect(await page.getByRole('region', { name: 'Uploads' }).textContent()).toBe(uploadsBefore);
    await row('Projects').dblclick();
    await page.getByRole('listbox', { name: 'Files in Projects' }).waitFor();
    await row('notes.txt').dragTo(page.getByRole('navigation', { name: 'Folder path' }).getByRole('link', { name: 'home-admin' }));
    await expect.poll(() => row('notes.txt').count()).toBe(0);
    await page.getByRole('navigation', { name: 'Folder path' }).getByRole('link', { name: 'home-admin' }).click();
    await row('notes.txt').waitFor();
    expect(await readContent('notes.txt')).toBe('first notes');
  });

  it('moves a file into a folder chosen by browsing, and back up', async () => {
    await row('photo.jpg').click();
    await page.getByRole('button', { name: 'Move' }).click();
    const dialog = page.getByRole('dialog');
    const folders = dialog.getByRole('group', { name: 'Folders' });
    await folders.getByRole('button', { name: 'Holidays' }).click();
    await folders.getByRole('button', { name: 'Day 1' }).click();
    expect(await dialog.getByLabel(/To the folder/).inputValue()).toBe('Holidays/Day 1');
    await expect.poll(() => folders.textContent()).toMatch(/No folders here/);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await folders.getByRole('button', { name: 'Up one folder' }).click();
    expect(await dialog.getByLabel(/To the folder/).inputValue()).toBe('Holidays');
    await folders.getByRole('button', { name: 'Day 1' }).click();
    await dialog.getByRole('button', { name: 'Move' }).click();
    await expect.poll(() => row('photo.jpg').count()).toBe(0);
    expect((await readContent('Holidays/Day%201/photo.jpg')).length).toBe(150_000);

    await row('Holidays').dblclick();
    await row('Day 1').dblclick();
    await row('photo.jpg').click();
    await page.getByRole('button', { name: 'Move' }).click();
    await folders.getByRole('button', { name: 'Up one folder' }).click();
    await folders.getByRole('button', { name: 'Up one folder' }).click();
    expect(await dialog.getByLabel(/To the folder/).inputValue()).toBe('');
    await dialog.getByRole('button', { name: 'Move' }).click();
    await expect.poll(() => row('photo.jpg').count()).toBe(0);
    await page.getByRole('navigation', { name: 'Folder path' }).getByRole('link', { name: 'home-admin' }).click();
    await row('photo.jpg').waitFor();
  });

  it('moves a file to the trash with Delete and restores it from the trash', async () => {
    await row('renamed.txt').click();
    await page.keyboard.press('Delete');
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/Moved "renamed.txt" to the trash/);
    await expect.poll(() => row('renamed.txt').count()).toBe(0);
    await page.getByRole('link', { name: 'Trash' }).click();
    await page.getByRole('button', { name: 'Restore renamed.txt' }).waitFor();
    await expectAccessible();
    await screenshot('trash-light');
    await page.getByRole('button', { name: 'Restore renamed.txt' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/Restored "renamed.txt"/);
    await page.getByRole('link', { name: 'home-admin', exact: true }).first().click();
    await row('renamed.txt').waitFor();
  });

  it('restores an earlier version of a file, and deletes one', async () => {
    await writeFile(join(work, 'notes.txt'), 'second notes, longer');
    await chooseFiles('Upload files', join(work, 'notes.txt'));
    await expect.poll(() => readContent('notes.txt')).toBe('second notes, longer');
    await row('notes.txt').click();
    await page.getByRole('button', { name: 'Versions' }).click();
    const panel = page.getByRole('complementary', { name: 'Versions of notes.txt' });
    await panel.getByRole('button', { name: 'Restore' }).first().click();
    await expect.poll(() => readContent('notes.txt')).toBe('first notes');
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/Restored an earlier version/);
    const versions = panel.getByRole('listitem');
    await expect.poll(() => versions.count()).toBeGreaterThan(0);
    const before = await versions.count();
    await versions.first().getByRole('button', { name: /^Delete the version/ }).click();
    await versions.first().getByRole('button', { name: /^Really delete the version/ }).click();
    await expect.poll(() => versions.count()).toBe(before - 1);
    const listed: unknown = await page.evaluate(() => fetch('/api/v1/pools/home-admin/versions/notes.txt').then((r) => r.json()));
    expect((listed as { versions: unknown[] }).versions).toHaveLength(before - 1);
  });

  it('is driven by the keyboard alone: arrows, shift to extend, space to toggle, enter to open', async () => {
    const list = page.getByRole('listbox', { name: 'Files in home-admin' });
    await list.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+ArrowDown');
    await expect.poll(() => page.locator('[role=option][aria-selected=true]').count()).toBe(2);
    await page.keyboard.press('Space');
    await expect.poll(() => page.locator('[role=option][aria-selected=true]').count()).toBe(1);
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await page.getByRole('listbox', { name: 'Files in Holidays' }).waitFor();
    await page.getByRole('listbox', { name: 'Files in Holidays' }).press('Backspace');
    await page.getByRole('listbox', { name: 'Files in home-admin' }).waitFor();
  });

  it('finds files by name anywhere in the pool', async () => {
    await page.getByRole('searchbox', { name: 'Search this pool by name' }).fill('beach');
    await page.getByRole('listbox', { name: 'Found for beach' }).getByRole('option', { name: /^Holidays\/Day 1\/beach\.txt / }).waitFor();
    await page.getByRole('searchbox', { name: 'Search this pool by name' }).fill('');
    await page.getByRole('listbox', { name: 'Files in home-admin' }).waitFor();
  });

  it('passes axe in list and grid views, light and dark, and on a phone-sized screen', async () => {
    await row('notes.txt').click();
    await expectAccessible();
    await screenshot('files-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expectAccessible();
    await screenshot('files-dark');
    await page.getByRole('button', { name: 'Grid view' }).click();
    await expectAccessible();
    await screenshot('files-grid-dark');
    await page.getByRole('button', { name: 'Grid view' }).click();
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 390, height: 760 });
    await expectAccessible();
    await screenshot('files-phone');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('says so in an empty folder, beside the list rather than in it, and passes axe there', async () => {
    await page.getByRole('button', { name: 'New folder' }).click();
    await page.getByRole('dialog').getByRole('textbox').fill('Empty');
    await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
    await row('Empty').dblclick();
    const list = page.getByRole('listbox', { name: 'Files in Empty' });
    await expect.poll(() => list.getAttribute('aria-describedby')).toBe('empty-folder');
    expect(await page.locator('#empty-folder').textContent()).toMatch(/This folder is empty/);
    await expectAccessible();
    await page.getByRole('navigation', { name: 'Folder path' }).getByRole('link', { name: 'home-admin' }).click();
    await row('Empty').waitFor();
  });

  it('requested nothing from anywhere but its node, and broke no Content-Security-Policy', () => {
    const origin = new URL(d.url).origin;
    const elsewhere = b.requests.filter((url) => new URL(url).origin !== origin);
    expect(elsewhere).toEqual([]);
    expect(b.requests.length).toBeGreaterThan(20);
    expect(b.cspViolations).toEqual([]);
  });
});
