// Restore in the window: it asks for the current master password before a backup brings back
// an older one (issue 18, item 11), says when a backup is another vault's, keeps every backup
// listed afterwards and offers "Undo restore" (issue 24, item 2).
import { join } from 'node:path';
import { expect as baseExpect, test, type Page } from '@playwright/test';
import { createBackup } from '../../electron/vault/backups';
import { TEST_KDF } from '../../electron/vault/kdf';
import { Vault } from '../../electron/vault/vault';
import { shoot, startHarness, type Harness, sharedPageHooks, FILE_STEP } from './harness';

// Every step here reads, checks or writes whole vault files: all of them get the patience of one.
const expect = baseExpect.configure(FILE_STEP);

const OLD = 'an old password that leaked';
const NOW = 'granite owls keep the ledger';
let h: Harness;
let page: Page;
let foreign = '';

sharedPageHooks(() => ({ h, page }));

async function shootBoth(name: string) {
  await page.setViewportSize({ width: 800, height: 600 });
  await shoot(page, `${name}-800`);
  await page.setViewportSize({ width: 1200, height: 800 });
  await shoot(page, `${name}-1200`);
}

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  const api = h.preview.services.api;
  await api.vaultCreate({ password: OLD });
  await api.tokensAdd({ entry: { name: 'from-the-backup', kind: 'personal' }, secret: 'glpat-from-the-backup-0001' });
  await api.backupsCreate({});
  await api.vaultChangePassword({ current: OLD, next: NOW });
  await api.tokensAdd({ entry: { name: 'made-after-the-change', kind: 'project' }, secret: 'glpat-made-after-change-0002' });
  await api.settingsUpdate({ patch: { backupDir: join(h.dir, 'backups-here') } });
  const other = await Vault.create(join(h.dir, 'someone-else.tokenvault'), NOW, { kdf: TEST_KDF });
  other.add({ name: 'someone-elses-token' }, 'glpat-someone-else-0003');
  foreign = await createBackup(other, 'manual', join(h.dir, 'found-on-a-stick.tvbak'));
  other.close();
  page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  await page.goto(h.preview.url);
});

test('a restore asks for the current master password: the old one restores nothing', async () => {
  await page.getByRole('button', { name: 'Backups', exact: true }).click();
  await page.getByRole('button', { name: /^Restore backup from/ }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Restore this backup?' });
  await expect(dialog.getByRole('button', { name: 'Restore backup' })).toBeDisabled();
  await dialog.getByLabel('Current master password').fill(OLD);
  await dialog.getByLabel('Master password of the backup').fill(OLD);
  await dialog.getByRole('button', { name: 'Restore backup' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('That is not the master password in use now; nothing was restored.');
  await shootBoth('60-restore-asks-current');
  expect((await h.preview.services.api.tokensList({})).map((e) => e.name)).toEqual(['from-the-backup', 'made-after-the-change']);

  await dialog.getByLabel('Current master password').fill(NOW);
  await dialog.getByRole('button', { name: 'Restore backup' }).click();
  await expect(page.getByText('Backup restored.', { exact: false })).toBeVisible();
  expect((await h.preview.services.api.tokensList({})).map((e) => e.name)).toEqual(['from-the-backup']);
});

test('after the restore every backup is still listed, the replaced vault too, and "Undo restore" puts it back', async () => {
  await expect(page.getByRole('cell', { name: 'Vault replaced by a restore', exact: true })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Made by you', exact: true })).toBeVisible();
  await expect(page.getByTestId('backup-folder')).toContainText(join(h.dir, 'backups-here'));
  await expect(page.getByTestId('last-restore')).toBeVisible();
  await shootBoth('61-backups-after-restore');

  await page.getByRole('button', { name: 'Undo restore…' }).click();
  const undo = page.getByRole('dialog', { name: 'Undo the restore?' });
  await undo.getByLabel('Master password before the restore').fill(OLD);
  await undo.getByRole('button', { name: 'Undo restore' }).click();
  await expect(undo.getByRole('alert')).toHaveText('That is not the master password the vault had before the restore; nothing was changed.');
  // What was typed stays, focused and selected for fixing (issue 24, item 14).
  await expect(undo.getByLabel('Master password before the restore')).toHaveValue(OLD);
  await expect(undo.getByLabel('Master password before the restore')).toBeFocused();
  await shootBoth('62-undo-restore');
  await undo.getByLabel('Master password before the restore').fill(NOW);
  await undo.getByRole('button', { name: 'Undo restore' }).click();
  await expect(page.getByText('Restore undone', { exact: false })).toBeVisible();
  await expect(page.getByTestId('last-restore')).toHaveCount(0);
  expect((await h.preview.services.api.tokensList({})).map((e) => e.name)).toEqual(['from-the-backup', 'made-after-the-change']);
});

test('a backup of another vault is said plainly and restored only once confirmed', async () => {
  h.dialogs.answer(foreign);
  await page.getByRole('button', { name: 'Restore from a file…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Restore this backup?' });
  await expect(dialog.getByTestId('other-vault')).toContainText('This backup is of another vault.');
  await dialog.getByLabel('Current master password').fill(NOW);
  await dialog.getByLabel('Master password of the backup').fill(NOW);
  await expect(dialog.getByRole('button', { name: 'Restore backup' })).toBeDisabled();
  await shootBoth('63-restore-other-vault');
  await dialog.getByLabel('Replace this vault with the other one').check();
  await dialog.getByRole('button', { name: 'Restore backup' }).click();
  // The earlier tests' "Backup restored." may still be on the page (one page for the file), so it
  // does not say this restore is done: the dialog closing does, and the list is polled, not read
  // once (under load E2E read the replaced vault's tokens here).
  await expect(dialog).toBeHidden(FILE_STEP);
  await expect(page.getByText('Backup restored.', { exact: false }).first()).toBeVisible();
  await expect.poll(async () => (await h.preview.services.api.tokensList({})).map((e) => e.name), FILE_STEP).toEqual(['someone-elses-token']);
  // The vault it replaced is listed with the restored vault's backups, marked as another vault.
  await expect(page.getByRole('row', { name: /Vault replaced by a restore.*Another vault/ })).toBeVisible();
});
