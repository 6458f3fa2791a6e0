// Edit everything (issue 15, item 1): the Edit dialog changes the GitLab address and kind; a
// token renewed on GitLab's website replaces the stored one and keeps history and where-used;
// a finding that blames the address leads to where it is changed.
import { expect, test, type Page } from '@playwright/test';
import { shoot, startHarness, type Harness, sharedPageHooks } from './harness';

const PASSWORD = 'edit every field of it';
let h: Harness;
let page: Page;

sharedPageHooks(() => ({ h, page }));

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  h.emulator.addUser('dana');
  const api = h.preview.services.api;
  await api.vaultCreate({ password: PASSWORD });
  // Stored with a wrong address: nothing listens on port 9 here.
  await api.tokensAdd({ entry: { name: 'ops-reader', kind: 'other', instance: 'http://127.0.0.1:9', scopes: ['read_api'], usedIn: ['ops dashboard'] }, secret: 'glpat-old-secret-000000000' });
  page = await browser.newPage();
  await page.goto(h.preview.url);
  await page.getByRole('listbox', { name: 'Tokens' }).getByRole('option', { name: /ops-reader/ }).click();
});

test('Edit changes the GitLab address and the kind', async () => {
  await page.getByRole('button', { name: 'Edit…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit “ops-reader”' });
  await dialog.getByLabel('Kind').selectOption('personal');
  for (const size of [{ width: 1200, height: 800 }, { width: 800, height: 600 }]) {
    await page.setViewportSize(size);
    await shoot(page, `i15-01-edit-${size.width}`);
  }
  await page.setViewportSize({ width: 1200, height: 780 });
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('http://127.0.0.1:9 · Personal access token')).toBeVisible();
});

test('an address error leads to the Edit dialog, where the address is fixed', async () => {
  await page.getByRole('button', { name: 'Verify now' }).click();
  const fix = page.getByRole('button', { name: 'Edit GitLab address' });
  await expect(fix).toBeVisible();
  await fix.click();
  const dialog = page.getByRole('dialog', { name: 'Edit “ops-reader”' });
  await expect(dialog.getByLabel('GitLab address')).toBeFocused();
  await dialog.getByLabel('GitLab address').fill(h.emulator.url);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText(`${h.emulator.url} · Personal access token`)).toBeVisible();
});

test('Replace token… stores a token renewed on GitLab, keeping history and where-used', async () => {
  const renewed = h.emulator.issueToken({ username: 'dana', name: 'ops-reader', scopes: ['read_api'] }).secret;
  await page.getByRole('button', { name: 'Replace token…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Replace the token in “ops-reader”' });
  await expect(dialog.getByLabel('New token')).toBeFocused();
  await dialog.getByLabel('New token').fill(renewed);
  await shoot(page, 'i15-01-replace-secret');
  await dialog.getByRole('button', { name: 'Replace token' }).click();
  await expect(page.getByText('Stored the new token for “ops-reader”.', { exact: false })).toBeVisible();
  const entry = (await h.preview.services.api.tokensList({})).find((e) => e.name === 'ops-reader')!;
  expect((await h.preview.services.api.tokensReveal({ id: entry.id })).secret).toBe(renewed);
  expect(entry.usedIn).toEqual(['ops dashboard']);
  // Replace token… asks GitLab about the new secret at once (its expiry and scopes replace the old ones): verified.
  expect(entry.history.map((e) => e.action)).toEqual(['created', 'edited', 'edited', 'edited', 'verified']);
  await page.getByRole('button', { name: 'Verify now' }).click();
  await expect(page.locator('.finding')).not.toContainText('could not');
  await expect(page.getByRole('listbox', { name: 'Tokens' }).getByRole('option', { name: /ops-reader/ })).not.toContainText('Unverified');
});
