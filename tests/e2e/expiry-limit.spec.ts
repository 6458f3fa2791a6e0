// The expiry picker knows the instance's maximum token lifetime: an administrator's stored token
// reads the instance's own setting (90 days here), so longer presets disappear and the sentence
// says where the limit comes from; before that is known, another user's token gets GitLab's
// default, marked as such, and GitLab's own refusal names the last day allowed.
import { expect, test, type Page } from '@playwright/test';
import { shoot, startHarness, type Harness, sharedPageHooks } from './harness';

const PASSWORD = 'a limit the administrator set';
let h: Harness;
let page: Page;
const rows = () => page.getByRole('listbox', { name: 'Tokens' });

sharedPageHooks(() => ({ h, page }));

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  h.emulator.state.settings.maxLifetimeDays = 90;
  const api = h.preview.services.api;
  await api.vaultCreate({ password: PASSWORD });
  const admin = h.emulator.issueToken({ username: 'root', admin: true, name: 'root-ci', scopes: ['api'] });
  await api.tokensAdd({ entry: { name: 'root-ci', kind: 'personal', instance: h.emulator.url, scopes: ['api'] }, secret: admin.secret });
  const dev = h.emulator.issueToken({ username: 'dana', name: 'dana-ci', scopes: ['api'] });
  await api.tokensAdd({ entry: { name: 'dana-ci', kind: 'personal', instance: h.emulator.url, scopes: ['api'] }, secret: dev.secret });
  page = await browser.newPage();
  await page.goto(h.preview.url);
});

test("another user's token cannot read the setting: GitLab's default, and the sentence says so", async () => {
  await rows().getByRole('option', { name: /dana-ci/ }).click();
  await page.getByRole('button', { name: 'Rotate…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Rotate “dana-ci”' });
  await expect(dialog.getByText(/allows tokens to live at most 365 days \(GitLab's default; only an administrator's token can read the instance's own setting, which may be lower\)\./)).toBeVisible();
  await expect(dialog.getByLabel('365 days')).toHaveCount(1);
  await dialog.getByLabel('365 days').check();
  await dialog.getByRole('button', { name: 'Rotate now' }).click();
  // GitLab's own refusal names the last day it allows.
  await expect(dialog.getByText(/lets tokens live until \d{4}-\d{2}-\d{2} at most \(its maximum token lifetime\); pick that date or earlier\./)).toBeVisible();
  await shoot(page, '41-rotate-refused-by-limit');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
});

test("an administrator's token: the instance's 90 days cap the rotate dialog's choices (and are remembered for the instance)", async () => {
  await rows().getByRole('option', { name: /root-ci/ }).click();
  await page.getByRole('button', { name: 'Rotate…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Rotate “root-ci”' });
  await expect(dialog.getByText(/allows tokens to live at most 90 days \(set by its administrator\)\./)).toBeVisible();
  await expect(dialog.getByLabel('90 days')).toBeChecked();
  await expect(dialog.getByLabel('180 days')).toHaveCount(0);
  await expect(dialog.getByLabel('365 days')).toHaveCount(0);
  const max = await dialog.getByLabel('Or a date').getAttribute('max');
  const today = new Date().toISOString().slice(0, 10);
  expect(Math.round((Date.parse(max!) - Date.parse(today)) / 86_400_000)).toBe(90);
  await shoot(page, '40-rotate-expiry-limit');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
});

test("the wizard's expiry step offers no more than the instance's maximum", async () => {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'New token' }).click();
  await page.getByLabel('Clone or pull code (CI, build scripts)').check();
  await page.getByLabel('GitLab address').fill(h.emulator.url);
  await page.getByLabel('Token name').fill('ci-clone');
  await page.getByRole('button', { name: 'Next: scopes' }).click();
  await page.getByRole('button', { name: 'Next: expiry' }).click();
  await expect(page.getByLabel('90 days')).toBeVisible();
  await page.getByLabel('90 days').check();
  await expect(page.getByText(/allows tokens to live at most 90 days \(set by its administrator\)\./)).toBeVisible();
  await expect(page.getByLabel('180 days')).toHaveCount(0);
  await shoot(page, '42-wizard-expiry-limit');
});
