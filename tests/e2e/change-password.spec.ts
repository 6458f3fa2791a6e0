// Change the master password from Settings: current, new with the strength meter, repeat; the
// vault is re-keyed, the new password unlocks and the old does not; older backups are named
// as still opening with the old password, and can be deleted.
import { expect, test, type Page } from '@playwright/test';
import { FILE_STEP, pageText, shoot, startHarness, type Harness, sharedPageHooks } from './harness';

const OLD = 'amber tide over the quiet pier';
const NEW = 'violet comets rehearse their chorus';
let h: Harness;
let page: Page;

sharedPageHooks(() => ({ h, page }));

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  const api = h.preview.services.api;
  await api.vaultCreate({ password: OLD });
  await api.tokensAdd({ entry: { name: 'kept-through-change' }, secret: 'glpat-kept-secret-0000' });
  await api.backupsCreate({});
  page = await browser.newPage();
  await page.goto(h.preview.url);
});

test('a wrong current password is refused and nothing changes', async () => {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByRole('button', { name: 'Change master password…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Change master password' });
  await dialog.getByLabel('Current master password').fill('not the password');
  await dialog.getByLabel('New master password', { exact: true }).fill('weak');
  await expect(dialog.getByRole('button', { name: 'Change password' })).toBeDisabled();
  await dialog.getByLabel('New master password', { exact: true }).fill(NEW);
  await dialog.getByLabel('Repeat the new master password').fill(NEW);
  await expect(dialog.getByText(/Strong|Very strong/).first()).toBeVisible();
  await shoot(page, '53-change-password');
  await dialog.getByRole('button', { name: 'Change password' }).click();
  await expect(dialog.getByRole('alert')).toContainText(/wrong/i);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
});

test('the new password re-keys the vault; older backups can be deleted; the old password no longer unlocks', async () => {
  await page.getByRole('button', { name: 'Change master password…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Change master password' });
  await dialog.getByLabel('Current master password').fill(OLD);
  await dialog.getByLabel('New master password', { exact: true }).fill(NEW);
  await dialog.getByLabel('Repeat the new master password').fill(NEW);
  await dialog.getByRole('button', { name: 'Change password' }).click();

  const older = page.getByRole('dialog', { name: 'Older backups still open with the old password' });
  // Re-encrypting reads and writes the whole vault file: "Re-encrypting…" was still up after 20 s
  // at a load average near 30 (with one worker and with two).
  await expect(older).toContainText(/\d+ backups? made before this change still opens? with the old master password/, FILE_STEP);
  await shoot(page, '54-change-password-old-backups');
  expect(await pageText(page)).not.toContain(NEW);
  await older.getByRole('button', { name: /^Delete \d+ old backups?$/ }).click();
  await expect(page.getByText(/Deleted \d+ backups? made with the old password\./)).toBeVisible();
  expect(await h.preview.services.api.backupsList({})).toEqual([]);

  await page.keyboard.press('Control+l');
  // The lock is a call to main: until it answers, Settings (whose "Master password" section
  // shares the unlock field's name) is still on the page beside the unlock form.
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeHidden();
  const field = page.getByLabel('Master password');
  await field.fill(OLD);
  await field.press('Enter');
  await expect(page.getByText("Wrong master password, or the vault's header was altered.")).toBeVisible();
  await field.fill(NEW);
  await field.press('Enter');
  // Unlock goes back to where the lock found the window: Settings.
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Tokens', exact: true }).click();
  await expect(page.getByTestId('result-count')).toHaveText('1 token');
  const [entry] = await h.preview.services.api.tokensList({});
  expect((await h.preview.services.api.tokensReveal({ id: entry!.id })).secret).toBe('glpat-kept-secret-0000');
});
