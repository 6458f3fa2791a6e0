// A backup where a vault is expected (issue 24, item 3): first run offers "Restore from a
// backup…"; "Open another vault…" on a backup (found by its content, whatever its name) offers
// "Restore it to this computer" instead of opening it in place. The backup is never changed.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { oldLaptopBackups, shoot, startHarness, type Harness, sharedPageHooks } from './harness';

const PW = 'granite owls keep the ledger';
let h: Harness;
let page: Page;
let stick = '';
let renamed = '';

sharedPageHooks(() => ({ h, page }));

async function shootBoth(name: string) {
  await page.setViewportSize({ width: 800, height: 600 });
  await shoot(page, `${name}-800`);
  await page.setViewportSize({ width: 1200, height: 800 });
  await shoot(page, `${name}-1200`);
}

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  ({ stick, renamed } = await oldLaptopBackups(h, PW));
  page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  await page.goto(h.preview.url);
});

test('first run offers "Restore from a backup…", which restores it here and opens it; the backup is unchanged', async () => {
  await expect(page.getByRole('heading', { name: 'Create your vault' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Restore from a backup…' })).toBeVisible();
  await shootBoth('64-first-run-restore-offer');
  const before = readFileSync(stick);
  h.dialogs.answer(stick);
  await page.getByRole('button', { name: 'Restore from a backup…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Restore this backup to this computer?' });
  await expect(dialog).toContainText('vault-2026-11-30.tvbak');
  await dialog.getByLabel('Master password of the backup').fill(PW);
  await shootBoth('65-restore-to-this-computer');
  await dialog.getByRole('button', { name: 'Restore it to this computer' }).click();
  await expect(page.getByText('deploy-from-the-old-laptop').first()).toBeVisible();
  expect(readFileSync(stick).equals(before)).toBe(true);
  expect(readdirSync(dirname(stick))).toEqual([basename(stick)]);
});

test('"Open another vault…" on a backup (renamed .tokenvault) offers to restore it instead of opening it in place', async () => {
  await page.getByRole('button', { name: 'Lock', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Unlock Token Vault' })).toBeVisible();
  const before = readFileSync(renamed);
  h.dialogs.answer(renamed);
  await page.getByRole('button', { name: 'Open another vault…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Restore this backup to this computer?' });
  await expect(dialog).toContainText('looks-like-a-vault.tokenvault is a backup, not a vault');
  await shootBoth('66-open-a-backup');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  // Nothing was opened: the same vault's unlock screen, the backup untouched, nothing beside it.
  await expect(page.getByRole('heading', { name: 'Unlock Token Vault' })).toBeVisible();
  expect(readFileSync(renamed).equals(before)).toBe(true);
  expect(readdirSync(dirname(renamed))).toEqual([basename(renamed)]);
});
