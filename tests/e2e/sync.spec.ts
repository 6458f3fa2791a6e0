// Sync in the app: Settings → Sync sets up a folder; a second app joins from first run; a token
// added in one app appears in the other's list without a reload, as does one written by another
// process (what the CLI does); the folder going away says "Offline" in the top bar and in plain
// words, and coming back syncs what was made meanwhile; the devices list, and Forget….
// Two preview servers (the real services, as in every spec), their sync timers made quick.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { TEST_KDF } from '../../electron/vault/kdf';
import { Vault } from '../../electron/vault/vault';
import { startPreview, type Preview } from '../../scripts/preview-server';
import { FakeClipboard, FakeDialogs, shoot } from './harness';

const PASSWORD = 'amber tide over the quiet pier';
const QUICK = { pollMs: 300, debounceMs: 300, intervalMs: 1500 };

interface Side {
  preview: Preview;
  dialogs: FakeDialogs;
  page: Page;
  vault: string;
  unexpected: string[];
}

let dir: string;
let folder: string;
let a: Side;
let b: Side;

async function side(browser: import('@playwright/test').Browser, name: string): Promise<Side> {
  const dialogs = new FakeDialogs();
  const unexpected: string[] = [];
  const vault = path.join(dir, `${name}.tokenvault`);
  const preview = await startPreview({
    vaultPath: vault,
    clipboard: new FakeClipboard(),
    dialogs,
    openExternal: () => undefined,
    gitlab: null,
    kdf: TEST_KDF,
    syncTiming: QUICK,
    onUnexpectedError: (method, error) => unexpected.push(`${method}: ${error instanceof Error ? error.stack : String(error)}`),
  });
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  await page.goto(preview.url);
  return { preview, dialogs, page, vault, unexpected };
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  dir = fs.mkdtempSync(path.join((await import('node:os')).tmpdir(), 'tv-e2e-sync-'));
  folder = path.join(dir, 'Sync');
  fs.mkdirSync(folder);
  a = await side(browser, 'laptop');
  await a.preview.services.api.vaultCreate({ password: PASSWORD });
  await a.preview.services.api.tokensAdd({ entry: { name: 'ci-token' }, secret: 'glpat-e2e-sync-aaaaaaaaaa' });
  await a.page.reload();
  b = await side(browser, 'desktop');
});

test.afterAll(async () => {
  for (const s of [a, b]) {
    await s?.page.close();
    await s?.preview.close();
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

test.afterEach(() => {
  expect([...a.unexpected, ...b.unexpected]).toEqual([]);
});

test('Settings → Sync sets the vault up through a folder; the top bar says Synced', async () => {
  const page = a.page;
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const section = page.getByRole('region', { name: 'Sync' });
  await expect(section.getByRole('button', { name: 'Start syncing' })).toBeDisabled();
  await expect(section.getByText('Choose the folder first.')).toBeVisible();
  a.dialogs.answer(folder);
  await section.getByRole('button', { name: 'Choose the sync folder' }).click();
  await expect(section.getByRole('textbox', { name: 'Folder', exact: true })).toHaveValue(folder);
  await section.getByLabel('This device’s name (optional)').fill('laptop');
  await section.getByLabel('Master password', { exact: true }).fill(PASSWORD);
  await section.getByRole('heading', { name: 'Sync' }).scrollIntoViewIfNeeded();
  await shoot(page, '70-sync-setup');
  await section.getByRole('button', { name: 'Start syncing' }).click();
  await expect(section.getByTestId('sync-state')).toContainText('Synced');
  await expect(page.getByTestId('sync-indicator')).toHaveText('Synced');
  await expect(section.getByText(folder)).toBeVisible();
  await section.getByRole('heading', { name: 'Sync' }).scrollIntoViewIfNeeded();
  await shoot(page, '71-sync-synced');
  // The page never held the password after the call.
  expect(await page.evaluate(() => document.documentElement.outerHTML)).not.toContain(PASSWORD);
});

test('first run offers "Join a synced vault"; a wrong password is refused in words, the right one opens the synced tokens', async () => {
  const page = b.page;
  await shoot(page, '72-first-run-join-offered');
  await page.getByRole('button', { name: 'Join a synced vault…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Join a synced vault' });
  b.dialogs.answer(folder);
  await dialog.getByRole('button', { name: 'Choose the sync folder' }).click();
  await dialog.getByLabel('This device’s name (optional)').fill('desktop');
  await dialog.getByLabel('Master password of the synced vault').fill('not the password');
  await dialog.getByRole('button', { name: 'Join' }).click();
  await expect(dialog.getByRole('alert')).toContainText('not the master password the synced vault was last written with');
  expect(fs.existsSync(b.vault)).toBe(false);
  await dialog.getByLabel('Master password of the synced vault').fill(PASSWORD);
  await shoot(page, '72-sync-join-dialog');
  await dialog.getByRole('button', { name: 'Join' }).click();
  await expect(page.getByTestId('result-count')).toHaveText('1 token');
  await expect(page.getByTestId('sync-indicator')).toHaveText('Synced');
});

test('a token added in one app appears in the other\'s list without a reload', async () => {
  await a.preview.services.api.tokensAdd({ entry: { name: 'added-on-the-laptop' }, secret: 'glpat-e2e-sync-bbbbbbbbbb' });
  await expect(a.page.getByTestId('sync-indicator')).toHaveText('Synced');
  await b.page.getByRole('button', { name: 'Tokens', exact: true }).click();
  await expect(b.page.getByTestId('result-count')).toHaveText('2 tokens', { timeout: 20_000 });
  await expect(b.page.getByText('added-on-the-laptop')).toBeVisible();
});

test('a write by another process (as the CLI makes) shows up in the open app', async () => {
  const cli = Vault.open(b.vault);
  await cli.unlock(PASSWORD);
  cli.add({ name: 'from-the-command-line' }, 'glpat-e2e-sync-cccccccccc');
  cli.close();
  await expect(b.page.getByTestId('result-count')).toHaveText('3 tokens', { timeout: 20_000 });
  await expect(b.page.getByText('from-the-command-line')).toBeVisible();
  // …and, synced from there, in the first app too.
  await a.page.getByRole('button', { name: 'Tokens', exact: true }).click();
  await expect(a.page.getByTestId('result-count')).toHaveText('3 tokens', { timeout: 20_000 });
});

test('the folder going away: Offline in the top bar and a plain sentence; nothing is lost, and it syncs once the folder is back', async () => {
  fs.renameSync(folder, `${folder}.unplugged`);
  await a.preview.services.api.tokensAdd({ entry: { name: 'made-while-unplugged' }, secret: 'glpat-e2e-sync-dddddddddd' });
  const indicator = a.page.getByTestId('sync-indicator');
  await expect(indicator).toHaveText('Offline', { timeout: 20_000 });
  await expect(a.page.getByTestId('result-count')).toHaveText('4 tokens');
  await shoot(a.page, '73-sync-offline-topbar');
  await indicator.click();
  const section = a.page.getByRole('region', { name: 'Sync' });
  await expect(section.getByTestId('sync-state')).toContainText(`The sync folder ${folder} is not there (a disconnected drive or share?); the vault works on and syncs when it is back.`);
  await section.getByRole('heading', { name: 'Sync' }).scrollIntoViewIfNeeded();
  await shoot(a.page, '74-sync-offline-settings');
  expect(fs.existsSync(folder)).toBe(false);

  fs.renameSync(`${folder}.unplugged`, folder);
  await expect(indicator).toHaveText('Synced', { timeout: 20_000 });
  await expect(b.page.getByTestId('result-count')).toHaveText('4 tokens', { timeout: 20_000 });
});

test('the devices list names both, and Forget… says plainly what it does and does not do', async () => {
  const page = b.page;
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const section = page.getByRole('region', { name: 'Sync' });
  const table = section.getByRole('table');
  await expect(table).toContainText('desktop (this device)');
  await expect(table).toContainText('laptop');
  await section.getByRole('button', { name: 'Forget laptop…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Forget laptop?' });
  await expect(dialog).toContainText('Its own copy of the vault still opens with the master password it knew.');
  await shoot(page, '75-sync-forget');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await section.getByRole('heading', { name: 'Devices' }).scrollIntoViewIfNeeded();
  await shoot(page, '76-sync-devices');
});

test('at 800×600 the top bar says the sync state in words (the tabs have a row of their own); Settings → Sync still reads', async () => {
  for (const s of [a, b]) await s.page.setViewportSize({ width: 800, height: 600 });
  await a.page.getByRole('button', { name: 'Tokens', exact: true }).click();
  await shoot(a.page, '77-sync-small-topbar');
  const box = await a.page.getByTestId('sync-indicator').boundingBox();
  expect(box!.height).toBeLessThan(40);
  expect(box!.x + box!.width).toBeLessThanOrEqual(800);
  await expect(a.page.getByTestId('sync-indicator')).toHaveText('Synced');
  await a.page.getByTestId('sync-indicator').click();
  await a.page.getByRole('heading', { name: 'Sync' }).scrollIntoViewIfNeeded();
  await shoot(a.page, '78-sync-small-settings');
  await b.page.getByRole('button', { name: 'Settings', exact: true }).click();
  await b.page.getByRole('button', { name: 'Forget laptop…' }).click();
  await expect(b.page.getByRole('dialog', { name: 'Forget laptop?' })).toBeVisible();
  await shoot(b.page, '79-sync-small-forget');
  await b.page.getByRole('dialog', { name: 'Forget laptop?' }).getByRole('button', { name: 'Cancel' }).click();
});
