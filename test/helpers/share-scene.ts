/**
 * The cast of the share-link browser tests: a built daemon, its owner in one browser, a
 * logged-out visitor in another, a temp folder for the files they pick; and the owner's first
 * step, creating the administrator through the setup page.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { launchBrowser, setupUrlOf, type TestBrowser } from './browser.js';
import { removeDir, startDaemon, type Daemon } from './daemon.js';
import { STRONG_PASSWORD } from './in-process-node.js';

export interface ShareScene {
  d: Daemon;
  owner: TestBrowser;
  visitor: TestBrowser;
  work: string;
  close(): Promise<void>;
}

export async function openShareScene(prefix: string, env?: NodeJS.ProcessEnv): Promise<ShareScene> {
  const opened: Partial<ShareScene> = {};
  const close = async () => {
    await opened.owner?.close();
    await opened.visitor?.close();
    if (opened.d) {
      await opened.d.stop();
      await removeDir(opened.d.dataDir);
    }
    if (opened.work) await rm(opened.work, { recursive: true, force: true });
  };
  try {
    opened.d = await startDaemon(undefined, { env });
    opened.owner = await launchBrowser();
    opened.visitor = await launchBrowser();
    opened.work = await mkdtemp(join(tmpdir(), prefix));
  } catch (err) {
    await close();
    throw err;
  }
  return { ...(opened as Omit<ShareScene, 'close'>), close };
}

/** Creates the administrator `admin` on a fresh daemon's setup page and waits for their files. */
export async function createAdmin(page: Page, d: Daemon): Promise<void> {
  await page.goto(setupUrlOf(d));
  await page.getByLabel('User name').fill('admin');
  await page.getByLabel('Password', { exact: true }).fill(STRONG_PASSWORD);
  await expect.poll(() => page.locator('#password-hint').textContent(), { timeout: 15_000 }).toMatch(/Good/);
  await page.getByRole('button', { name: 'Create administrator' }).click();
  await page.getByRole('listbox', { name: 'Files in home-admin' }).waitFor();
}
