// Settings that do not lie (issue 15, item 6), in the real page: unreadable text refused
// under its field with nothing saved, a /proc backups folder refused at once, a new folder
// created with the existing backups moved into it and its full path shown.
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { shoot, startHarness, type Harness, sharedPageHooks } from './harness';

const PASSWORD = 'settings that tell the truth';
let h: Harness;
let page: Page;

sharedPageHooks(() => ({ h, page }));

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  await h.preview.services.api.vaultCreate({ password: PASSWORD });
  await h.preview.services.api.backupsCreate({});
  page = await browser.newPage();
  await page.goto(h.preview.url);
  await page.getByRole('button', { name: 'Settings' }).click();
});

const lead = () => page.getByLabel('Remind me this many days before a token expires');

test('"sixty, 30" and an empty reminder list are refused, naming the part; nothing is saved', async () => {
  const before = await h.preview.services.api.settingsGet({});
  await lead().fill('sixty, 30');
  await page.getByLabel('Lock after this many idle minutes (0 = never)').fill('ten');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('“sixty” is not a whole number of days')).toBeVisible();
  await expect(page.getByText('“ten” is not a whole number of minutes')).toBeVisible();
  await expect(lead()).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Settings saved.')).toHaveCount(0);
  for (const size of [{ width: 1200, height: 800 }, { width: 800, height: 600 }]) {
    await page.setViewportSize(size);
    await shoot(page, `i15-06-settings-refused-${size.width}`);
  }
  await page.setViewportSize({ width: 1200, height: 780 });
  await lead().fill('');
  await page.getByLabel('Lock after this many idle minutes (0 = never)').fill('10');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Enter at least one number of days, for example 30, 7.')).toBeVisible();
  expect(await h.preview.services.api.settingsGet({})).toEqual(before);
});

test('a /proc backups folder is refused at once and the full folder path is shown', async () => {
  await lead().fill('30, 7');
  await expect(page.getByTestId('backup-folder')).toContainText(join(h.dir, 'backups'));
  await page.getByLabel('Backups folder').fill('/proc/token-vault/backups');
  const started = Date.now();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText("is inside the system's proc folder")).toBeVisible();
  expect(Date.now() - started).toBeLessThan(10_000);
  expect((await h.preview.services.api.settingsGet({})).backupDir).toBeNull();
});

test('a new folder is created, existing backups move into it and stay listed', async () => {
  const target = join(h.dir, 'off-site', 'token vault backups');
  await page.getByLabel('Backups folder').fill(target);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved. Existing backups moved to the new folder.')).toBeVisible();
  await expect(page.getByTestId('backup-folder')).toContainText(target);
  for (const size of [{ width: 1200, height: 800 }, { width: 800, height: 600 }]) {
    await page.setViewportSize(size);
    await shoot(page, `i15-06-settings-folder-${size.width}`);
  }
  await page.getByRole('button', { name: 'Backups' }).click();
  await expect(page.getByTestId('backup-folder')).toContainText(target);
  await expect(page.getByRole('cell', { name: /Made by you/ })).toBeVisible();
  for (const size of [{ width: 1200, height: 800 }, { width: 800, height: 600 }]) {
    await page.setViewportSize(size);
    await shoot(page, `i15-06-backups-folder-${size.width}`);
  }
  await page.setViewportSize({ width: 1200, height: 780 });
});
