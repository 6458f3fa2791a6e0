// The app in real Electron (npm run test:electron; needs the Electron binary, see
// scripts/electron-smoke.mjs): starts the built bundles, fails on any console error, creates a
// vault, stores a token through the wizard (against the local GitLab emulator), copies it,
// checks what the system clipboard got (and its "secret" hint), and locks.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { start as startEmulator, type Emulator } from '../gitlab-emulator/server';

const root = join(__dirname, '..', '..');
const PASSWORD = 'correct horse battery staple 42';

let app: ElectronApplication;
let page: Page;
let emulator: Emulator;
let home: string;
const consoleErrors: string[] = [];

test.beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'tokenvault-electron-'));
  emulator = await startEmulator({ host: '127.0.0.1' });
  app = await electron.launch({
    args: [root],
    cwd: root,
    env: { ...process.env, TOKENVAULT_VAULT: join(home, 'vault.tokenvault'), XDG_CONFIG_HOME: join(home, 'config') } as Record<string, string>,
  });
  app.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(`main: ${message.text()}`);
  });
  page = await app.firstWindow();
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(`page: ${message.text()}`);
  });
  page.on('pageerror', (error) => consoleErrors.push(`page: ${error.message}`));
  // The wizard's "Open GitLab's page" would start the user's browser: record instead.
  await app.evaluate(({ shell }) => {
    (shell as { openExternal: (url: string) => Promise<void> }).openExternal = async () => undefined;
  });
});

test.afterAll(async () => {
  await app?.close();
  await emulator?.stop();
  rmSync(home, { recursive: true, force: true });
});

const readClipboard = () => app.evaluate(({ clipboard }) => clipboard.readText());

test('create a vault, store a token, copy it with the secret hint, lock; no console errors', async () => {
  await expect(page.getByRole('heading', { name: 'Create your vault' })).toBeVisible();
  await page.getByLabel('Master password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Repeat the master password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create vault' }).click();
  await expect(page.getByRole('heading', { name: 'No tokens yet' })).toBeVisible({ timeout: 30_000 });

  await page.getByRole('button', { name: 'Create a token' }).click();
  await page.getByLabel('Clone or pull code (CI, build scripts)').check();
  await page.getByLabel('Personal access token').check();
  await page.getByLabel('GitLab address').fill(emulator.url);
  await page.getByLabel('Token name').fill('smoke');
  await page.getByRole('button', { name: 'Next: scopes' }).click();
  await page.getByRole('button', { name: 'Next: expiry' }).click();
  await page.getByLabel('90 days').check();
  await page.getByRole('button', { name: 'Next: create' }).click();
  await page.getByRole('button', { name: 'Open GitLab’s page' }).click();
  const expiresAt = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
  const issued = emulator.issueToken({ username: 'alice', name: 'smoke', scopes: ['read_repository'], expiresAt });
  await page.getByLabel('Paste the token GitLab showed you').fill(issued.secret);
  await page.getByRole('button', { name: 'Use this token' }).click();
  await expect(page.getByText(/GitLab knows this token as “smoke”/)).toBeVisible();
  await page.getByRole('button', { name: 'Store token' }).click();
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('heading', { name: 'smoke' })).toBeVisible();

  const search = page.getByRole('searchbox', { name: 'Search tokens' });
  await search.fill('smoke');
  await search.press('Enter');
  await expect(page.getByText('Copied “smoke”.')).toBeVisible();
  expect(await readClipboard()).toBe(issued.secret);
  if (process.platform === 'linux') {
    // What other programs see: the formats on offer, asked of the X server / XWayland.
    const targets = execFileSync('xclip', ['-selection', 'clipboard', '-t', 'TARGETS', '-o'], { encoding: 'utf8' });
    expect(targets.split('\n')).toContain('x-kde-passwordManagerHint');
  } else {
    const hint = process.platform === 'darwin' ? 'org.nspasteboard.ConcealedType' : 'ExcludeClipboardContentFromMonitorProcessing';
    const types = await app.evaluate(async ({ clipboard }) => (await clipboard.read()).flatMap((item) => [...item.types]));
    expect(types.join('\n')).toContain(hint);
  }

  await page.keyboard.press(process.platform === 'darwin' ? 'Meta+L' : 'Control+L');
  await expect(page.getByLabel('Master password', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Unlock' })).toBeVisible();
  // Locking clears our copy from the clipboard.
  expect(await readClipboard()).not.toBe(issued.secret);

  expect(consoleErrors).toEqual([]);
});
