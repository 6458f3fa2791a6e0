// Restore's password fields keep what was typed (issue 24, item 14): a wrong password says so,
// leaves the field as it was and gives it the focus back with the text selected (as Unlock does),
// so the person fixes one character instead of typing it all again.
import { expect as baseExpect, test, type Page } from '@playwright/test';
import { oldLaptopBackups, startHarness, type Harness, sharedPageHooks, FILE_STEP } from './harness';

const expect = baseExpect.configure(FILE_STEP);

const PW = 'granite owls keep the ledger';
const TYPO = 'granite owls keep the ledgr';
let h: Harness;
let page: Page;
let stick = '';
let renamed = '';

sharedPageHooks(() => ({ h, page }));

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  ({ stick, renamed } = await oldLaptopBackups(h, PW));
  page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  await page.goto(h.preview.url);
});

test('first run, "Restore from a backup…": a wrong password leaves what was typed in the field', async () => {
  h.dialogs.answer(stick);
  await page.getByRole('button', { name: 'Restore from a backup…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Restore this backup to this computer?' });
  const field = dialog.getByLabel('Master password of the backup');
  await field.fill(TYPO);
  await dialog.getByRole('button', { name: 'Restore it to this computer' }).click();
  await expect(dialog.getByRole('alert')).toBeVisible();
  await expect(field).toHaveValue(TYPO);
  await expect(field).toBeFocused();
  await field.press('End');
  await field.press('Backspace');
  await field.pressSequentially('er');
  await dialog.getByRole('button', { name: 'Restore it to this computer' }).click();
  await expect(page.getByText('deploy-from-the-old-laptop').first()).toBeVisible();
});

test('Backups, "Restore…": a wrong password leaves both fields as typed', async () => {
  await page.getByRole('button', { name: 'Backups', exact: true }).click();
  await page.getByRole('button', { name: 'Back up now' }).click();
  await page.getByRole('button', { name: /^Restore backup from/ }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Restore this backup?' });
  await dialog.getByLabel('Current master password').fill(PW);
  await dialog.getByLabel('Master password of the backup').fill(TYPO);
  await dialog.getByRole('button', { name: 'Restore backup' }).click();
  await expect(dialog.getByRole('alert')).toBeVisible();
  await expect(dialog.getByLabel('Current master password')).toHaveValue(PW);
  await expect(dialog.getByLabel('Master password of the backup')).toHaveValue(TYPO);
  await expect(dialog.getByLabel('Master password of the backup')).toBeFocused();
  // The current password wrong instead: that field is the one handed back, both still as typed.
  await dialog.getByLabel('Current master password').fill(TYPO);
  await dialog.getByRole('button', { name: 'Restore backup' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('That is not the master password in use now; nothing was restored.');
  await expect(dialog.getByLabel('Current master password')).toHaveValue(TYPO);
  await expect(dialog.getByLabel('Current master password')).toBeFocused();
  await expect(dialog.getByLabel('Master password of the backup')).toHaveValue(TYPO);
});

test('unlock screen, a backup opened as a vault: a wrong password leaves what was typed in the field', async () => {
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Lock', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Unlock Token Vault' })).toBeVisible();
  h.dialogs.answer(renamed);
  await page.getByRole('button', { name: 'Open another vault…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Restore this backup to this computer?' });
  const field = dialog.getByLabel('Master password of the backup');
  await field.fill(TYPO);
  await dialog.getByRole('button', { name: 'Restore it to this computer' }).click();
  await expect(dialog.getByRole('alert')).toBeVisible();
  await expect(field).toHaveValue(TYPO);
  await expect(field).toBeFocused();
});
