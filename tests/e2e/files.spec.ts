// Files the user places: the calendar (.ics) through the save dialog with the CLI's privacy
// options, a backup to a place of their choice read back at once, the backups folder chosen in
// Settings, and a restore from any .tvbak picked in the open dialog.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { pageText, shoot, startHarness, type Harness, sharedPageHooks, FILE_STEP } from './harness';

const PASSWORD = 'granite owls keep the ledger';
const SECRET = 'glpat-files-secret-abcdef123456';
let h: Harness;
let page: Page;
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

sharedPageHooks(() => ({ h, page }));

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  const api = h.preview.services.api;
  await api.vaultCreate({ password: PASSWORD });
  await api.tokensAdd({ entry: { name: 'release-bot', kind: 'project', instance: 'https://gitlab.internal.example', scopes: ['api', 'write_repository'], expiresAt: inDays(40), description: 'private note' }, secret: SECRET });
  page = await browser.newPage();
  await page.goto(h.preview.url);
});

test('"Add to my calendar" saves the .ics where the user says, without instance or scopes unless asked', async () => {
  await page.getByRole('button', { name: 'Calendar', exact: true }).click();
  await page.getByRole('button', { name: 'Add to my calendar…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add to my calendar' });
  await shoot(page, '46-calendar-export');
  const plain = join(h.dir, 'plain.ics');
  h.dialogs.answer(plain);
  await dialog.getByRole('button', { name: 'Save .ics file…' }).click();
  await expect(page.getByText('Wrote 1 event to plain.ics.', { exact: false })).toBeVisible();
  expect(h.dialogs.asked.at(-1)).toMatchObject({ kind: 'save', defaultName: 'token-expiries.ics' });
  const ics = readFileSync(plain, 'utf8');
  expect(ics).toContain('BEGIN:VEVENT');
  expect(ics).toContain('release-bot');
  for (const hidden of ['gitlab.internal.example', 'write_repository', 'private note', SECRET]) expect(ics).not.toContain(hidden);
  expect(statSync(plain).mode & 0o077).toBe(0);

  await page.getByRole('button', { name: 'Add to my calendar…' }).click();
  await dialog.getByLabel('Include each token’s GitLab address').check();
  await dialog.getByLabel('Include each token’s scopes').check();
  const full = join(h.dir, 'full.ics');
  h.dialogs.answer(full);
  await dialog.getByRole('button', { name: 'Save .ics file…' }).click();
  await expect(dialog).toHaveCount(0);
  const withAll = readFileSync(full, 'utf8');
  expect(withAll).toContain('gitlab.internal.example');
  expect(withAll).toContain('write_repository');
  expect(withAll).not.toContain(SECRET);

  // Cancelling the save dialog writes nothing and keeps the dialog open.
  await page.getByRole('button', { name: 'Add to my calendar…' }).click();
  h.dialogs.answer(null);
  await dialog.getByRole('button', { name: 'Save .ics file…' }).click();
  await expect(dialog.getByRole('button', { name: 'Save .ics file…' })).toBeEnabled();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
});

test('"Back up to…" writes where the user says and reads the copy back; a name already taken is refused', async () => {
  await page.getByRole('button', { name: 'Backups', exact: true }).click();
  const stick = join(h.dir, 'usb-stick.tvbak');
  h.dialogs.answer(stick);
  await page.getByRole('button', { name: 'Back up to…' }).click();
  await expect(page.getByText(/Backup written to .*usb-stick.tvbak and read back intact \(1 token\)/)).toBeVisible();
  expect(h.dialogs.asked.at(-1)).toMatchObject({ kind: 'save', defaultName: expect.stringMatching(/^vault-\d{4}-\d{2}-\d{2}\.tvbak$/) });
  expect(existsSync(stick)).toBe(true);
  await shoot(page, '47-backup-to');
  expect(await h.preview.services.api.backupsVerify({ file: stick, password: PASSWORD })).toEqual({ entries: 1 });

  h.dialogs.answer(stick);
  await page.getByRole('button', { name: 'Back up to…' }).click();
  await expect(page.getByRole('alert')).toHaveText('usb-stick.tvbak already exists there; choose another name.');
});

test('restore from any .tvbak file the user picks brings its tokens back', async () => {
  const api = h.preview.services.api;
  const id = (await api.tokensList({}))[0]!.id;
  await api.tokensRemove({ id });
  await page.reload();
  await page.getByRole('button', { name: 'Backups', exact: true }).click();
  h.dialogs.answer(join(h.dir, 'usb-stick.tvbak'));
  await page.getByRole('button', { name: 'Restore from a file…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Restore this backup?' });
  await dialog.getByLabel('Current master password').fill(PASSWORD);
  await dialog.getByLabel('Master password of the backup').fill(PASSWORD);
  await shoot(page, '48-restore-from-file');
  await dialog.getByRole('button', { name: 'Restore backup' }).click();
  await expect(page.getByText('Backup restored.', { exact: false })).toBeVisible(FILE_STEP);
  expect((await api.tokensList({})).map((e) => e.name)).toEqual(['release-bot']);

  h.dialogs.answer(join(h.dir, 'plain.ics'));
  await page.getByRole('button', { name: 'Restore from a file…' }).click();
  await expect(page.getByRole('alert')).toHaveText('plain.ics is not a Token Vault backup (a .tvbak file).');
  expect(await pageText(page)).not.toContain(SECRET);
});

test('the backups folder is chosen in Settings with the folder dialog', async () => {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const folder = join(h.dir, 'offsite');
  h.dialogs.answer(folder);
  await page.getByRole('button', { name: 'Browse for a folder' }).click();
  await expect(page.getByLabel('Backups folder')).toHaveValue(folder);
  await shoot(page, '49-settings-backup-folder');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();
  expect((await h.preview.services.api.settingsGet({})).backupDir).toBe(folder);
  await page.getByRole('button', { name: 'Backups', exact: true }).click();
  await page.getByRole('button', { name: 'Back up now' }).click();
  await expect(page.getByText('Backup written.')).toBeVisible();
  expect((await h.preview.services.api.backupsList({})).every((b) => b.file.startsWith(folder))).toBe(true);
});
