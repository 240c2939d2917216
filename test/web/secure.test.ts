/**
 * Secure files end to end, in real Chromium against the built daemon with its request log on:
 * files sealed in the browser reach the node only as ciphertext; a share link carrying the key in
 * its fragment opens them in a logged-out browser, and the key never appears in any request the
 * node receives or the browsers make; a passphrase file opens with the right passphrase only; a
 * changed or cut ciphertext is refused with a clear integrity error and nothing offered.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileRow, SCREENSHOTS, seriousAccessibilityViolations } from '../helpers/browser.js';
import { createAdmin, openShareScene, type ShareScene } from '../helpers/share-scene.js';

const MARKER = `KITH-PLAINTEXT-MARKER-${randomBytes(6).toString('hex')}`;
const PASSPHRASE = 'lantern quietly orbit pebble';
/** 12 MB: 184 chunks of 64 KiB, sent in two tus pieces. */
const notes = Buffer.from(`${MARKER} line of the secret notes\n`.repeat(200_000));
const diary = Buffer.from(`${MARKER} dear diary\n`);

let scene: ShareScene;
let page: Page;
let guest: Page;
let key = '';
/** Every random key made in these tests: none may ever reach the node. */
const keys: string[] = [];
let notesLink = '';

beforeAll(async () => {
  scene = await openShareScene('kith-secure-', { KITH_LOG_REQUESTS: '1' });
  page = scene.owner.page;
  guest = scene.visitor.page;
  await writeFile(join(scene.work, 'notes.txt'), notes);
  await writeFile(join(scene.work, 'diary.txt'), diary);
  await writeFile(join(scene.work, 'photo.png'), await sharp({ create: { width: 96, height: 64, channels: 3, background: { r: 200, g: 30, b: 90 } } }).png().toBuffer());
});
afterAll(() => scene?.close());

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const screenshot = (p: Page, name: string) => p.screenshot({ path: new URL(`${name}.png`, SCREENSHOTS).pathname });
const contentPath = (name: string) => `/api/v1/pools/home-admin/content/${encodeURIComponent(name)}`;

/** The owner's session, for reading and changing files through the API from the test itself. */
async function ownerHeaders(): Promise<Record<string, string>> {
  const cookies = await scene.owner.context.cookies(scene.d.url);
  return { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; '), origin: new URL(scene.d.url).origin, 'x-requested-with': 'XMLHttpRequest' };
}

/** The node's copy of a file, read through the API. */
async function nodeCopy(name: string): Promise<Buffer> {
  const response = await fetch(scene.d.url + contentPath(name), { headers: await ownerHeaders() });
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

/** Replaces a file's content on the node through the API (what a malicious node or a bad disk could do). */
async function overwrite(name: string, bytes: Buffer): Promise<void> {
  const response = await fetch(scene.d.url + contentPath(name), { method: 'PUT', body: bytes, headers: { ...(await ownerHeaders()), 'content-type': 'application/octet-stream' } });
  expect(response.status, await response.text()).toBeLessThan(300);
}

/** Shares the named entry of the listing; returns what the dialog shows after "Create link", dialog still open. */
async function createLink(name: string, label: RegExp = /Anyone with this link/): Promise<string> {
  await fileRow(page, name).click();
  await page.getByRole('toolbar', { name: 'File actions' }).getByRole('button', { name: 'Share' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Create link' }).click();
  return page.getByRole('dialog').getByLabel(label).inputValue();
}

const closeDialog = () => page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();

/** Opens a link afresh (the same page with a new fragment would not load again). */
async function visit(link: string): Promise<void> {
  await guest.goto('about:blank');
  await guest.goto(link);
}

/** Opens the Secure upload dialog, picks files (or one folder) of the work folder, lets `choose` set the key, and submits. */
async function secureUpload(pick: { files: string[] } | { folder: string }, choose: () => Promise<void>): Promise<void> {
  await page.getByRole('toolbar', { name: 'File actions' }).getByRole('button', { name: 'Secure upload' }).click();
  const dialog = page.getByRole('dialog', { name: 'Secure upload' });
  const button = 'files' in pick ? 'Choose files' : 'Choose a folder';
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), dialog.getByRole('button', { name: button }).click()]);
  await chooser.setFiles('files' in pick ? pick.files.map((f) => join(scene.work, f)) : join(scene.work, pick.folder));
  await dialog.getByText(/^\d+ files? chosen\.$/).waitFor();
  await choose();
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  await dialog.getByRole('button', { name: 'Encrypt and upload' }).click();
}

async function uploadsFinished(): Promise<void> {
  await expect.poll(() => page.getByRole('region', { name: 'Uploads' }).locator('header strong').textContent(), { timeout: 60_000 }).toMatch(/^Uploads finished/);
  await page.getByRole('region', { name: 'Uploads' }).getByRole('button', { name: 'Clear' }).click();
}

describe('secure files', () => {
  it('sets up the owner', () => createAdmin(page, scene.d));

  it('seals files with a random key in the browser: the node holds ciphertext without the marker', async () => {
    await secureUpload({ files: ['notes.txt', 'photo.png'] }, () => page.getByRole('dialog').getByLabel(/A random key/).check());
    const dialog = page.getByRole('dialog', { name: 'Secure upload' });
    key = await dialog.getByRole('textbox', { name: 'Key' }).inputValue();
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    keys.push(key);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'secure-upload-key');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await uploadsFinished();
    await fileRow(page, 'notes.txt.kith-secure').waitFor();
    await fileRow(page, 'photo.png.kith-secure').waitFor();
    expect(await fileRow(page, 'notes.txt.kith-secure').locator(':scope > svg path').getAttribute('d')).toMatch(/^M6 11h12v10H6z/);

    const stored = await nodeCopy('notes.txt.kith-secure');
    expect(stored.subarray(0, 8).toString('latin1')).toBe('KITHSEC\u0001');
    expect(stored.equals(notes)).toBe(false);
    // One 16-byte tag per 64 KiB chunk, plus the header and sealed name.
    expect(stored.length - notes.length).toBe(76 + 16 + JSON.stringify({ name: 'notes.txt', type: 'text/plain' }).length + Math.ceil(notes.length / 65536) * 16);
    expect(stored.includes(Buffer.from(MARKER))).toBe(false);
    expect(stored.includes(Buffer.from('notes.txt'))).toBe(false);
  });

  it('leaves sealed files out of the preview of the folder\'s other files', async () => {
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Upload files' }).click()]);
    await chooser.setFiles({ name: 'plain.txt', mimeType: 'text/plain', buffer: Buffer.from('in the clear') });
    await fileRow(page, 'plain.txt').dblclick();
    const preview = page.getByRole('dialog', { name: /plain\.txt/ });
    await expect.poll(() => preview.textContent()).toContain('in the clear');
    // The only previewable file here: no "1 of n", and the arrows stay on it.
    expect(await preview.textContent()).not.toMatch(/\d of \d/);
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('dialog').count()).toBe(1);
    await expect.poll(() => page.getByRole('dialog').textContent()).toContain('in the clear');
    await page.keyboard.press('Escape');
  });

  it('shares a link with the key in its fragment; a logged-out browser decrypts, previews and saves the original', async () => {
    notesLink = await createLink('notes.txt.kith-secure', /Anyone with this link can open it: the key/);
    expect(notesLink).toMatch(new RegExp(`/s/[A-Za-z0-9_-]{24}#k=${key}$`));
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'secure-share-dialog');
    await closeDialog();

    await visit(notesLink);
    const preview = guest.getByLabel('Contents of notes.txt');
    await expect.poll(() => preview.textContent(), { timeout: 60_000 }).toContain(`${MARKER} line of the secret notes`);
    expect(await guest.getByRole('heading', { level: 1 }).textContent()).toContain('notes.txt');
    // The key left the address bar as soon as it was read.
    expect(await guest.evaluate('location.hash')).toBe('');
    expect(await seriousAccessibilityViolations(guest)).toEqual([]);
    await screenshot(guest, 'secure-share-page');
    const [download] = await Promise.all([guest.waitForEvent('download'), guest.getByRole('link', { name: 'Download decrypted' }).click()]);
    expect(download.suggestedFilename()).toBe('notes.txt');
    expect(sha256(await readFile((await download.path())!))).toBe(sha256(notes));
  });

  it('previews a secure image decrypted in the visitor\'s browser', async () => {
    await page.getByRole('listbox').focus();
    const link = await createLink('photo.png.kith-secure');
    await closeDialog();
    await visit(link);
    const image = guest.getByRole('img', { name: 'Preview of photo.png' });
    await image.waitFor({ timeout: 60_000 });
    await expect.poll(() => image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(96);
    expect(await image.getAttribute('src')).toMatch(/^blob:/);
    await guest.setViewportSize({ width: 390, height: 760 });
    await guest.emulateMedia({ colorScheme: 'dark' });
    expect(await seriousAccessibilityViolations(guest)).toEqual([]);
    await screenshot(guest, 'secure-share-image-phone-dark');
    await guest.setViewportSize({ width: 1280, height: 800 });
    await guest.emulateMedia({ colorScheme: 'light' });
  });

  it('seals a folder with a random key; its link carries the key, and its files open without asking', async () => {
    await mkdir(join(scene.work, 'Album'));
    await writeFile(join(scene.work, 'Album', 'caption.txt'), `${MARKER} caption`);
    await secureUpload({ folder: 'Album' }, () => page.getByRole('dialog').getByLabel(/A random key/).check());
    const albumKey = await page.getByRole('dialog').getByRole('textbox', { name: 'Key' }).inputValue();
    keys.push(albumKey);
    await closeDialog();
    await uploadsFinished();
    const link = await createLink('Album', /Anyone with this link can open the folder and its secure files/);
    expect(link).toMatch(new RegExp(`#k=${albumKey}$`));
    await page.getByRole('dialog').getByLabel('Put the key of the secure files inside in the link').uncheck();
    expect(await page.getByRole('dialog').getByLabel(/its secure files need their key/).inputValue()).not.toContain('#');
    await closeDialog();

    await visit(link);
    await guest.getByRole('button', { name: 'Open caption.txt.kith-secure' }).click();
    await expect.poll(() => guest.getByRole('dialog').getByLabel('Contents of caption.txt').textContent(), { timeout: 30_000 }).toBe(`${MARKER} caption`);
    expect(await guest.evaluate('location.hash')).toBe('');
  });

  it('never lets a key reach the node: not in its request log, not in any request the browsers made', async () => {
    const log = scene.d.output().split('\n').filter((line) => line.includes('"component":"requests"'));
    const token = /\/s\/([A-Za-z0-9_-]{24})/.exec(notesLink)![1]!;
    expect(log.some((line) => line.includes(`/api/v1/s/${token}/content`))).toBe(true);
    expect(log.some((line) => line.includes('/api/v1/uploads'))).toBe(true);
    expect(keys).toHaveLength(2);
    const forms = keys.flatMap((text) => {
      const raw = Buffer.from(text, 'base64url');
      return [text, raw.toString('base64'), raw.toString('base64').replace(/=+$/, ''), encodeURIComponent(raw.toString('base64')), raw.toString('hex'), raw.toString('hex').toUpperCase()];
    });
    for (const form of forms) {
      expect(log.filter((line) => line.includes(form)), `node log lines with ${form}`).toEqual([]);
      expect([...scene.owner.requests, ...scene.visitor.requests].filter((url) => url.includes(form)), `browser requests with ${form}`).toEqual([]);
    }
    const origin = new URL(scene.d.url).origin;
    expect([...scene.owner.requests, ...scene.visitor.requests].filter((url) => !url.startsWith(origin) && !url.startsWith('blob:') && !url.startsWith('data:'))).toEqual([]);
    expect([...scene.owner.cspViolations, ...scene.visitor.cspViolations]).toEqual([]);
  });

  it('opens a passphrase file (with a hidden name) only with the right passphrase', async () => {
    await secureUpload({ files: ['diary.txt'] }, async () => {
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
      await expect.poll(() => page.locator('#password-hint').textContent(), { timeout: 15_000 }).toMatch(/Good/);
      await dialog.getByLabel('Passphrase again').fill(`${PASSPHRASE} `);
      await dialog.getByLabel('Hide file names from the node too').check();
    });
    await expect.poll(() => page.getByRole('dialog').getByRole('alert').textContent()).toBe('The two passphrases differ.');
    await page.getByRole('dialog').getByLabel('Passphrase again').fill(PASSPHRASE);
    await page.getByRole('dialog').getByRole('button', { name: 'Encrypt and upload' }).click();
    await uploadsFinished();
    const hidden = page.getByRole('option', { name: /^secure-[A-Za-z0-9_-]{12}\.kith-secure / });
    await hidden.waitFor();
    const storedName = (await hidden.locator('.name').textContent())!;
    expect((await nodeCopy(storedName)).includes(Buffer.from('diary'))).toBe(false);

    await hidden.dblclick();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Passphrase').fill('lantern quietly orbit pebbles');
    await dialog.getByRole('button', { name: 'Open' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent(), { timeout: 30_000 }).toBe('Wrong passphrase (or the file was changed).');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'secure-open-wrong-passphrase');
    await dialog.getByLabel('Passphrase').fill(PASSPHRASE);
    await dialog.getByRole('button', { name: 'Open' }).click();
    await expect.poll(() => dialog.getByLabel('Contents of diary.txt').textContent(), { timeout: 30_000 }).toBe(diary.toString());
    expect(await dialog.getByRole('heading').textContent()).toBe('diary.txt');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'secure-open-passphrase');
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it('seals a whole folder with one passphrase; a shared folder opens its files in the visitor\'s browser', async () => {
    await mkdir(join(scene.work, 'Trip'));
    await writeFile(join(scene.work, 'Trip', 'plan.txt'), `${MARKER} trip plan`);
    await writeFile(join(scene.work, 'Trip', 'route.txt'), `${MARKER} route`);
    await secureUpload({ folder: 'Trip' }, async () => {
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
      await dialog.getByLabel('Passphrase again').fill(PASSPHRASE);
      await expect.poll(() => page.locator('#password-hint').textContent(), { timeout: 15_000 }).toMatch(/Good/);
    });
    await uploadsFinished();
    const link = await createLink('Trip');
    expect(link).not.toContain('#');
    await closeDialog();

    await visit(link);
    await guest.getByRole('button', { name: 'Open route.txt.kith-secure' }).waitFor();
    await guest.getByRole('button', { name: 'Open plan.txt.kith-secure' }).click();
    const dialog = guest.getByRole('dialog');
    await dialog.getByLabel('Passphrase').fill(PASSPHRASE);
    await dialog.getByRole('button', { name: 'Open' }).click();
    await expect.poll(() => dialog.getByLabel('Contents of plan.txt').textContent(), { timeout: 30_000 }).toBe(`${MARKER} trip plan`);
    expect(await seriousAccessibilityViolations(guest)).toEqual([]);
    await screenshot(guest, 'secure-shared-folder');
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it('refuses a wrong key in the link, with a form to give the right one', async () => {
    const wrong = Buffer.alloc(32, 7).toString('base64url');
    await visit(notesLink.replace(/#k=.*$/, `#k=${wrong}`));
    await expect.poll(() => guest.getByRole('alert').textContent(), { timeout: 30_000 }).toBe('Wrong key (or the file was changed).');
    await guest.getByLabel('Key').fill('not a key!');
    await guest.getByRole('button', { name: 'Open' }).click();
    await expect.poll(() => guest.getByRole('alert').textContent()).toBe('A key is letters, digits, "-" and "_" only.');
    await guest.getByLabel('Key').fill(key.slice(0, 20));
    await guest.getByRole('button', { name: 'Open' }).click();
    await expect.poll(() => guest.getByRole('alert').textContent()).toBe('A key has 32 bytes; this one has 15.');
    await guest.getByLabel('Key').fill(key);
    await guest.getByRole('button', { name: 'Open' }).click();
    await guest.getByRole('link', { name: 'Download decrypted' }).waitFor({ timeout: 60_000 });
  });

  it('refuses a changed or cut ciphertext with an integrity error and offers nothing', async () => {
    const stored = await nodeCopy('notes.txt.kith-secure');
    const changed = Buffer.from(stored);
    changed[Math.floor(stored.length / 2)]! ^= 0x20;
    await overwrite('notes.txt.kith-secure', changed);
    await visit(notesLink);
    await expect.poll(() => guest.getByRole('alert').textContent(), { timeout: 60_000 }).toMatch(/^This file was changed or is incomplete: part \d+ fails its integrity check\. Nothing of it is offered\.$/);
    expect(await guest.getByRole('link', { name: 'Download decrypted' }).count()).toBe(0);
    expect(await guest.getByLabel('Contents of notes.txt').count()).toBe(0);
    expect(await seriousAccessibilityViolations(guest)).toEqual([]);
    await screenshot(guest, 'secure-share-tampered');

    // Cut at a chunk boundary: every remaining chunk is intact, but the last one is missing.
    const lastChunk = (notes.length % 65536 || 65536) + 16;
    await overwrite('notes.txt.kith-secure', stored.subarray(0, stored.length - lastChunk));
    await visit(notesLink);
    await expect.poll(() => guest.getByRole('alert').textContent(), { timeout: 60_000 }).toMatch(/fails its integrity check/);
    expect(await guest.getByRole('link', { name: 'Download decrypted' }).count()).toBe(0);
  }, 180_000);
});
