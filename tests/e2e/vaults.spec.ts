// Which vault: choose where it lives at first run, open another (work and personal), switch back
// from the list of vaults opened before, remembered between runs in the user-data folder.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { RecentVaults, startingVaultPath } from '../../electron/app/recent-vaults';
import { shoot, startHarness, type Harness, sharedPageHooks } from './harness';

const WORK_PW = 'work vault harbour lights seven';
const HOME_PW = 'home vault orchard bees humming';
let h: Harness;
let page: Page;
let work: string;
let home: string;

sharedPageHooks(() => ({ h, page }));

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  mkdirSync(join(h.dir, 'work'));
  work = join(h.dir, 'work', 'work.tokenvault');
  home = join(h.dir, 'personal.tokenvault');
  page = await browser.newPage();
  await page.goto(h.preview.url);
});

const createHere = async (password: string) => {
  await page.getByLabel('Master password', { exact: true }).fill(password);
  await page.getByLabel('Repeat the master password').fill(password);
  await page.getByRole('button', { name: 'Create vault' }).click();
  await expect(page.getByRole('heading', { name: 'No tokens yet' })).toBeVisible();
};

test('first run: the vault is created where the user chooses', async () => {
  await expect(page.getByText(`The new vault will be kept at ${join(h.dir, 'vault.db')}.`)).toBeVisible();
  h.dialogs.answer(work);
  await page.getByRole('button', { name: 'Keep it somewhere else…' }).click();
  await expect(page.getByText(`The new vault will be kept at ${work}.`)).toBeVisible();
  await shoot(page, '55-first-run-elsewhere');
  await createHere(WORK_PW);
  expect(h.preview.services.session.path).toBe(work);
});

test('from the Vault menu: a new personal vault, then back to the work vault through "Open another vault…"', async () => {
  await page.getByRole('button', { name: 'Vault ▾' }).click();
  await shoot(page, '56-vault-menu');
  h.dialogs.answer(home);
  await page.getByRole('button', { name: 'New vault…' }).click();
  await expect(page.getByRole('heading', { name: 'Create your vault' })).toBeVisible();
  await createHere(HOME_PW);
  await h.preview.services.api.tokensAdd({ entry: { name: 'home-lab' }, secret: 'glpat-home-lab-secret' });

  await page.getByRole('button', { name: 'Vault ▾' }).click();
  h.dialogs.answer(work);
  await page.getByRole('button', { name: 'Open another vault…' }).click();
  await expect(page.getByRole('heading', { name: 'Unlock Token Vault' })).toBeVisible();
  await expect(page.getByText(work, { exact: true })).toBeVisible();
  await page.getByLabel('Master password').fill(WORK_PW);
  await page.getByLabel('Master password').press('Enter');
  await expect(page.getByRole('heading', { name: 'No tokens yet' })).toBeVisible();
});

test('the unlock screen lists the vaults opened before; one click switches', async () => {
  await page.keyboard.press('Control+l');
  const personal = page.getByRole('button', { name: /Switch to Personal \(.*personal\.tokenvault\)/ });
  await expect(personal).toBeVisible();
  await shoot(page, '57-unlock-switch');
  await personal.click();
  await expect(page.getByText(home, { exact: true })).toBeVisible();
  await page.getByLabel('Master password').fill(HOME_PW);
  await page.getByLabel('Master password').press('Enter');
  await expect(page.getByTestId('result-count')).toHaveText('1 token');
});

test('the app menu’s Open Another Vault… (main runs it and tells the page) shows that vault’s unlock screen', async () => {
  h.dialogs.answer(work);
  // What main.ts does for the menu item: the same service, then a vaultChanged event to the page.
  const status = await h.preview.services.api.vaultOpenFile({});
  h.preview.emit({ event: 'vaultChanged', payload: status! });
  await expect(page.getByRole('heading', { name: 'Unlock Token Vault' })).toBeVisible();
  await expect(page.getByText(work, { exact: true })).toBeVisible();
  await page.getByRole('button', { name: /Switch to Personal \(.*personal\.tokenvault\)/ }).click();
  await page.getByLabel('Master password').fill(HOME_PW);
  await page.getByLabel('Master password').press('Enter');
  await expect(page.getByTestId('result-count')).toHaveText('1 token');
});

test('remembered between runs: the recent list in the user-data folder reopens the last vault', async () => {
  const file = join(h.dir, 'user-data', 'recent-vaults.json');
  const saved = JSON.parse(readFileSync(file, 'utf8')) as { vaults: Array<{ path: string }> };
  expect(saved.vaults.map((v) => v.path)).toEqual([home, work]);
  expect(readFileSync(file, 'utf8')).not.toContain('glpat-');
  expect(startingVaultPath(new RecentVaults(file), '/default/vault.tokenvault')).toBe(home);
});

test('a file that is not a vault is refused in one sentence; the open vault stays as it was', async () => {
  const notVault = join(h.dir, 'notes.tokenvault');
  writeFileSync(notVault, 'just some notes, not SQLite at all');
  await page.getByRole('button', { name: 'Vault ▾' }).click();
  h.dialogs.answer(notVault);
  await page.getByRole('button', { name: 'Open another vault…' }).click();
  await expect(page.getByText(/not a Token Vault vault/)).toBeVisible();
  await expect(page.getByTestId('result-count')).toHaveText('1 token');
  expect(h.preview.services.session.path).toBe(home);
});
