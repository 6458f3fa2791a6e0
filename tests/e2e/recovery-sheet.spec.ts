// The recovery sheet at vault creation (issue 24, item 15): offered once the vault exists, with
// the vault's name, file, backups folder and how to restore; no master password on it unless
// asked; printed (or saved as PDF) through the print dialog, which prints only the sheet.
import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { SCREENS, shoot, startHarness, type Harness, sharedPageHooks } from './harness';

const PW = 'copper lanterns drift over quiet harbours';
let h: Harness;
let page: Page;

sharedPageHooks(() => ({ h, page }));

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  await page.goto(h.preview.url);
});

test('offered after creating the vault; the sheet names the vault and has room for the password, not the password', async () => {
  await page.getByLabel('Master password', { exact: true }).fill(PW);
  await page.getByLabel('Repeat the master password').fill(PW);
  await page.getByRole('button', { name: 'Create vault' }).click();
  await expect(page.getByTestId('recovery-offer')).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Print a recovery sheet…' }).click();
  const sheet = page.getByTestId('recovery-sheet');
  await expect(sheet).toContainText('Recovery sheet — My vault');
  await expect(sheet).toContainText(`File: ${join(h.dir, 'vault.db')}`);
  await expect(sheet).toContainText('Restore from a backup…');
  await expect(sheet.getByLabel('Space to write the master password by hand')).toBeVisible();
  await expect(sheet).not.toContainText(PW);
  await shoot(page, '24-15-recovery-sheet-1200');
  await page.setViewportSize({ width: 800, height: 600 });
  await shoot(page, '24-15-recovery-sheet-800');
  await page.setViewportSize({ width: 1200, height: 800 });
  await page.emulateMedia({ media: 'print' });
  // On paper the whole sheet shows, down to the box for the password: not the dialog's scrolled window of it.
  await expect(sheet.getByText('4. Unlock it with the master password below.', { exact: false })).toBeInViewport();
  await expect(sheet.getByLabel('Space to write the master password by hand')).toBeInViewport();
  await page.screenshot({ path: join(SCREENS, '24-15-recovery-sheet-print.png') });
  await page.emulateMedia({ media: 'screen' });
});

test('the password is printed only when asked, as typed; Not now closes and the offer goes', async () => {
  await page.getByRole('checkbox', { name: /Print my master password on it/ }).check();
  await page.getByLabel('Master password to print').fill(PW);
  await expect(page.getByTestId('recovery-sheet')).toContainText(PW);
  await page.getByRole('checkbox', { name: /Print my master password on it/ }).uncheck();
  await expect(page.getByTestId('recovery-sheet')).not.toContainText(PW);
  await page.getByRole('button', { name: 'Not now' }).click();
  await expect(page.getByTestId('recovery-offer')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'No tokens yet' })).toBeVisible();
});
