// What each E2E test runs against: a GitLab emulator, a temporary vault, and the preview
// server with a fake clipboard and a recorder in place of the browser opener. The fakes are
// the ports main.ts fills with Electron's clipboard and shell.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { createGitLabPort } from '../../electron/app/gitlab-adapter';
import type { ClipboardPort, FileDialogPort, FileFilter } from '../../electron/app/ports';
import type { UpdateServiceOptions } from '../../electron/updates/service';
import type { KeyProtector } from '../../electron/quick-unlock/protector';
import { createBackup } from '../../electron/vault/backups';
import { TEST_KDF } from '../../electron/vault/kdf';
import { Vault } from '../../electron/vault/vault';
import { startPreview, type Preview } from '../../scripts/preview-server';
import { start as startEmulator, type Emulator } from '../gitlab-emulator/server';

export class FakeClipboard implements ClipboardPort {
  text = '';
  readonly written: string[] = [];
  cleared = 0;
  writeSecret(text: string): void {
    this.text = text;
    this.written.push(text);
  }
  clearIfUnchanged(text: string): boolean {
    if (this.text !== text) return false;
    this.text = '';
    this.cleared += 1;
    return true;
  }
}

/**
 * The native open/save/folder dialogs as the tests drive them: each test queues the path the
 * "user" picks (or null for Cancel) before the click that opens the dialog, and can read what
 * was asked. An unanswered dialog fails loudly rather than hanging.
 */
export class FakeDialogs implements FileDialogPort {
  readonly asked: Array<{ kind: 'open' | 'save' | 'folder'; title: string; defaultName?: string; filters?: FileFilter[] }> = [];
  private readonly answers: Array<string | null> = [];
  answer(path: string | null): void {
    this.answers.push(path);
  }
  private next(): Promise<string | null> {
    if (this.answers.length === 0) return Promise.reject(new Error('The test did not answer this file dialog.'));
    return Promise.resolve(this.answers.shift() ?? null);
  }
  openFile(o: { title: string; filters: FileFilter[] }) {
    this.asked.push({ kind: 'open', ...o });
    return this.next();
  }
  saveFile(o: { title: string; defaultName: string; filters: FileFilter[] }) {
    this.asked.push({ kind: 'save', ...o });
    return this.next();
  }
  chooseFolder(o: { title: string }) {
    this.asked.push({ kind: 'folder', ...o });
    return this.next();
  }
}

export interface Harness {
  preview: Preview;
  emulator: Emulator;
  clipboard: FakeClipboard;
  dialogs: FakeDialogs;
  opened: string[];
  unexpected: string[];
  dir: string;
  close(): Promise<void>;
}

/**
 * `updates`: the update check's options, given the harness's temporary folder (for its
 * preferences file), pointed at a local feed (tests/helpers/update-feed.ts); absent, updates are unavailable.
 */
export async function startHarness(options: { updates?: (dir: string) => Omit<UpdateServiceOptions, 'onNewer'>; quickUnlock?: KeyProtector; now?: () => Date } = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'tv-e2e-'));
  const emulator = await startEmulator();
  const clipboard = new FakeClipboard();
  const dialogs = new FakeDialogs();
  const opened: string[] = [];
  const unexpected: string[] = [];
  const preview = await startPreview({
    vaultPath: join(dir, 'vault.db'),
    clipboard,
    dialogs,
    recentVaultsFile: join(dir, 'user-data', 'recent-vaults.json'),
    openExternal: (url) => void opened.push(url),
    // A net, not a wait: no spec waits for GitLab to time out (the emulator refuses, fails or
    // answers late on purpose; verify-all holds its answers while it presses Cancel), and at a
    // load average near 30 with two spec files side by side a held answer outran 5 s.
    gitlab: createGitLabPort({ retries: 0, timeoutMs: 60_000 }),
    kdf: TEST_KDF,
    ...(options.updates ? { updates: options.updates(dir) } : {}),
    ...(options.quickUnlock ? { quickUnlock: options.quickUnlock } : {}),
    ...(options.now ? { now: options.now } : {}),
    onUnexpectedError: (method, error) => unexpected.push(`${method}: ${error instanceof Error ? error.stack : String(error)}`),
  });
  return {
    preview, emulator, clipboard, dialogs, opened, unexpected, dir,
    close: async () => {
      await preview.close();
      await emulator.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A teammate's app beside the harness's, for the team specs: their own preview server on a
 * personal vault made with `password` (open, so their window shows it unlocked) in `h.dir/<name>`,
 * with no GitLab; errors hidden behind INTERNAL are gathered in `unexpected`. The caller closes it.
 */
export async function startTeammate(h: Harness, name: string, password: string): Promise<{ preview: Preview; unexpected: string[] }> {
  mkdirSync(join(h.dir, name));
  const unexpected: string[] = [];
  const preview = await startPreview({
    vaultPath: join(h.dir, name, 'personal.tokenvault'),
    clipboard: new FakeClipboard(),
    dialogs: new FakeDialogs(),
    openExternal: () => undefined,
    gitlab: null,
    kdf: TEST_KDF,
    onUnexpectedError: (method, error) => unexpected.push(`${method}: ${error instanceof Error ? error.stack : String(error)}`),
  });
  await preview.services.api.vaultCreate({ password });
  return { preview, unexpected };
}

/** A window on the harness's app whose vault was just made through first run with `password`: its empty list shows. */
export async function pageWithNewVault(browser: Browser, h: Harness, password: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  await page.goto(h.preview.url);
  await page.getByLabel('Master password', { exact: true }).fill(password);
  await page.getByLabel('Repeat the master password').fill(password);
  await page.getByRole('button', { name: 'Create vault' }).click();
  await expect(page.getByRole('heading', { name: 'No tokens yet' })).toBeVisible({ timeout: 30_000 });
  return page;
}

/**
 * Another computer's vault, with one token ("deploy-from-the-old-laptop"), backed up twice into
 * the harness's folder: `stick`, a .tvbak on a USB stick, and `renamed`, a backup whose name
 * looks like a vault's. The vault itself is closed; the app knows neither file.
 */
export async function oldLaptopBackups(h: Harness, password: string): Promise<{ stick: string; renamed: string }> {
  const old = await Vault.create(join(h.dir, 'old-laptop.tokenvault'), password, { kdf: TEST_KDF });
  try {
    old.add({ name: 'deploy-from-the-old-laptop', kind: 'project' }, 'glpat-old-laptop-000000001');
    const stick = await createBackup(old, 'manual', join(h.dir, 'usb', 'vault-2026-11-30.tvbak'));
    const renamed = await createBackup(old, 'manual', join(h.dir, 'usb2', 'looks-like-a-vault.tokenvault'));
    return { stick, renamed };
  } finally {
    old.close();
  }
}

/**
 * The hooks every spec that shares one harness and one page across its tests needs: the tests
 * run in order, both are closed after the file, and a test fails if main hit an error it did
 * not expect. `current` reads the spec's own variables, which its beforeAll fills.
 */
export function sharedPageHooks(current: () => { h?: Harness; page?: Page }): void {
  test.describe.configure({ mode: 'serial' });
  test.afterAll(async () => {
    const { h, page } = current();
    await page?.close();
    await h?.close();
  });
  test.afterEach(() => {
    expect(current().h!.unexpected).toEqual([]);
  });
}

/**
 * How long to wait for a step that reads, checks and writes whole vault files (a restore): on a
 * loaded CI machine it took over 10 s (seen: "Restoring…" still up after the default wait). The
 * assertion is the same; only the patience differs.
 */
export const FILE_STEP = { timeout: 60_000 } as const;

export const SCREENS = join(process.cwd(), 'artifacts', 'screens');

/**
 * Screenshots the page as it is, in light and in dark (the OS setting the app follows).
 * Not in CI (CI=true): nobody looks at CI's screens, and a shot asserts nothing, but the suite
 * takes 350 of them, each with a restyle into dark and back. Everywhere else they are taken.
 */
export async function shoot(page: Page, name: string): Promise<void> {
  if (process.env.CI === 'true') return;
  mkdirSync(SCREENS, { recursive: true });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: join(SCREENS, `${name}-${scheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** Everything the page holds as text: markup, input values, and storage. */
export async function pageText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const values = [...document.querySelectorAll('input, textarea')].map((e) => (e as HTMLInputElement).value);
    const storage = [...Object.values(localStorage), ...Object.values(sessionStorage)];
    return [document.documentElement.outerHTML, ...values, ...storage].join('\n');
  });
}
