// The audit acts (issue 24, item 10): against the GitLab emulator, each row names its vault
// entry, the table sorts by any column, a token only on GitLab is stored by pasting it (and only
// if GitLab says it is that token), and Revoke — after a confirmation — revokes on GitLab, for a
// token the vault lacks as for one it holds. Readable at 800×600.
import { expect, test, type Page } from '@playwright/test';
import { pageText, shoot, startHarness, type Harness, sharedPageHooks } from './harness';

const PASSWORD = 'audits that do something';
let h: Harness;
let page: Page;
const tokens: Record<string, { id: number; secret: string }> = {};
const SIZES = [{ width: 1200, height: 800 }, { width: 800, height: 600 }];

sharedPageHooks(() => ({ h, page }));

const dialog = () => page.getByRole('dialog', { name: /Tokens of this account/ });
const row = (name: string) => dialog().getByRole('row', { name: new RegExp(`^${name}`) });
const bodyNames = async () => dialog().locator('tbody th').evaluateAll((cells) => cells.map((c) => c.firstChild?.textContent ?? ''));

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  const today = Date.now();
  const day = (n: number) => new Date(today + n * 86_400_000).toISOString().slice(0, 10);
  tokens['ops-admin'] = h.emulator.issueToken({ username: 'ivy', name: 'ops-admin', scopes: ['api'], expiresAt: day(200) });
  tokens['ci-deploy'] = h.emulator.issueToken({ username: 'ivy', name: 'ci-deploy', scopes: ['read_api'], expiresAt: day(20) });
  tokens['old-laptop'] = h.emulator.issueToken({ username: 'ivy', name: 'old-laptop', scopes: ['api'], expiresAt: day(300) });
  tokens['backup-script'] = h.emulator.issueToken({ username: 'ivy', name: 'backup-script', scopes: ['read_repository'], expiresAt: day(90) });
  const api = h.preview.services.api;
  await api.vaultCreate({ password: PASSWORD });
  for (const name of ['ops-admin', 'ci-deploy']) {
    const e = await api.tokensAdd({ entry: { name, kind: 'personal', instance: h.emulator.url, scopes: [] }, secret: tokens[name]!.secret });
    await api.gitlabVerify({ id: e.id });
  }
  page = await browser.newPage();
  await page.setViewportSize({ width: 1200, height: 800 });
  await page.goto(h.preview.url);
  await page.getByRole('listbox', { name: 'Tokens' }).getByRole('option', { name: /^ops-admin/ }).click();
  await page.getByRole('button', { name: 'Audit account…' }).click();
});

test('each row names its vault entry; tokens only on GitLab come first and are marked', async () => {
  await expect(row('ops-admin').locator('td.in-vault')).toHaveText('ops-admin');
  await expect(row('ci-deploy').locator('td.in-vault')).toHaveText('ci-deploy');
  await expect(row('old-laptop').locator('td.in-vault')).toHaveText('Not in vault');
  await expect(dialog().getByText('2 active tokens are not in the vault.')).toBeVisible();
  expect((await bodyNames()).slice(0, 2).sort()).toEqual(['backup-script', 'old-laptop']);
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await shoot(page, `i24-10-audit-${size.width}`);
  }
  await page.setViewportSize({ width: 1200, height: 800 });
});

test('the table sorts by any column, both ways', async () => {
  const header = (name: string) => dialog().getByRole('columnheader', { name: new RegExp(`^${name}`) });
  await header('Name').getByRole('button').click();
  await expect(header('Name')).toHaveAttribute('aria-sort', 'ascending');
  expect(await bodyNames()).toEqual(['backup-script', 'ci-deploy', 'old-laptop', 'ops-admin']);
  await header('Name').getByRole('button').click();
  await expect(header('Name')).toHaveAttribute('aria-sort', 'descending');
  expect(await bodyNames()).toEqual(['ops-admin', 'old-laptop', 'ci-deploy', 'backup-script']);
  await header('Expires').getByRole('button').click();
  await expect(header('Expires')).toHaveAttribute('aria-sort', 'ascending');
  expect(await bodyNames()).toEqual(['ci-deploy', 'backup-script', 'ops-admin', 'old-laptop']);
});

test('Store it refuses another token pasted in its place, then stores the right one under its name', async () => {
  await row('backup-script').getByRole('button', { name: 'Store backup-script…' }).click();
  const form = dialog().getByRole('form', { name: 'Store backup-script' });
  await form.getByLabel('The token “backup-script”').fill(tokens['old-laptop']!.secret);
  await form.getByRole('button', { name: 'Store in the vault' }).click();
  await expect(form.getByRole('alert')).toHaveText('GitLab says this is “old-laptop”, not “backup-script”; nothing was stored.');
  expect((await h.preview.services.api.tokensList({})).map((e) => e.name).sort()).toEqual(['ci-deploy', 'ops-admin']);
  await form.getByLabel('The token “backup-script”').fill(tokens['backup-script']!.secret);
  await form.getByRole('button', { name: 'Store in the vault' }).click();
  await expect(dialog().getByRole('status').filter({ hasText: 'Stored “backup-script” in the vault.' })).toBeVisible();
  await expect(row('backup-script').locator('td.in-vault')).toHaveText('backup-script');
  const stored = (await h.preview.services.api.tokensList({})).find((e) => e.name === 'backup-script');
  expect(stored).toMatchObject({ instance: h.emulator.url, kind: 'personal', scopes: ['read_repository'] });
  expect(await pageText(page)).not.toContain(tokens['backup-script']!.secret);
});

test('Revoke asks first; Cancel revokes nothing; confirmed, a token only on GitLab is revoked there', async () => {
  await row('old-laptop').getByRole('button', { name: 'Revoke old-laptop…' }).click();
  const confirm = dialog().getByRole('region', { name: 'Revoke old-laptop' });
  await expect(confirm).toContainText('Revoke “old-laptop” on GitLab? Whatever uses it stops working at once; this cannot be undone. It is not in the vault.');
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await shoot(page, `i24-10-audit-revoke-confirm-${size.width}`);
  }
  await page.setViewportSize({ width: 1200, height: 800 });
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(row('old-laptop').locator('td').nth(2)).toHaveText('Active');

  await row('old-laptop').getByRole('button', { name: 'Revoke old-laptop…' }).click();
  await dialog().getByRole('button', { name: 'Revoke on GitLab' }).click();
  await expect(dialog().getByRole('status').filter({ hasText: '“old-laptop”: Revoked on GitLab; it no longer works.' })).toBeVisible();
  await expect(row('old-laptop').locator('td').nth(2)).toHaveText('Revoked');
  await expect(row('old-laptop').getByRole('button')).toHaveCount(0);
});

test('Revoke on a row the vault holds revokes it with its own secret and marks the entry revoked', async () => {
  await row('ci-deploy').getByRole('button', { name: 'Revoke ci-deploy…' }).click();
  await expect(dialog().getByRole('region', { name: 'Revoke ci-deploy' })).toContainText('The vault marks “ci-deploy” revoked.');
  await dialog().getByRole('button', { name: 'Revoke on GitLab' }).click();
  await expect(row('ci-deploy').locator('td').nth(2)).toHaveText('Revoked');
  const held = (await h.preview.services.api.tokensList({})).find((e) => e.name === 'ci-deploy');
  expect(held).toMatchObject({ revoked: true });
  await expect(dialog().getByText('Every active token of this account is in the vault.')).toBeVisible();
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await shoot(page, `i24-10-audit-after-${size.width}`);
  }
  await page.setViewportSize({ width: 1200, height: 800 });
});
