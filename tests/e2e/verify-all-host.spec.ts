// Verify all against an address that cannot work (issue 24, item 9): 15 tokens stored with a
// host that does not resolve. The run stops on the first failure of the address itself, says
// it once instead of 15 times, and offers one change for all 15 tokens — undoable, secrets and
// history kept — after which the same tokens verify against the GitLab emulator.
import { expect, test, type Page } from '@playwright/test';
import { shoot, startHarness, type Harness, sharedPageHooks } from './harness';

const PASSWORD = 'fifteen tokens one typo';
// .invalid never resolves (RFC 6761): the lookup fails at once, with no network involved.
const NOWHERE = 'https://gitlab.invalid';
const NAMES = Array.from({ length: 15 }, (_, i) => `deploy-${String(i + 1).padStart(2, '0')}`);
let h: Harness;
let page: Page;
const secrets = new Map<string, string>();
const row = (name: string) => page.getByRole('listbox', { name: 'Tokens' }).getByRole('option', { name: new RegExp(`^${name}`) });

sharedPageHooks(() => ({ h, page }));

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  h.emulator.addUser('gus');
  const api = h.preview.services.api;
  await api.vaultCreate({ password: PASSWORD });
  for (const name of NAMES) {
    const { secret } = h.emulator.issueToken({ username: 'gus', name, scopes: ['read_api'] });
    secrets.set(name, secret);
    await api.tokensAdd({ entry: { name, kind: 'personal', instance: NOWHERE, scopes: ['read_api'] }, secret });
  }
  page = await browser.newPage();
  await page.setViewportSize({ width: 1200, height: 800 });
  await page.goto(h.preview.url);
});

test('an unresolvable host stops the run and is said once, not 15 times', async () => {
  await row('deploy-01').click();
  await page.getByRole('button', { name: 'Verify all 15 unverified tokens on gitlab.invalid' }).click();
  const dialog = page.getByRole('dialog', { name: 'Verify 15 unverified tokens on gitlab.invalid' });
  const status = dialog.getByTestId('verify-all-status');
  await expect(status.getByRole('status')).toBeVisible({ timeout: 20_000 });
  await expect(status).toContainText(/Checked [12] of 15\./);
  await expect(status).toContainText(/1[34] tokens were not checked: the GitLab address itself fails, so every check would fail the same way\./);
  await expect(dialog.getByText('could not be found')).toHaveCount(1);
  await expect(dialog.getByRole('list', { name: 'Tokens GitLab did not confirm' })).toHaveCount(0);
  await expect(dialog.getByRole('button', { name: 'Change the address of all 15 tokens on gitlab.invalid' })).toBeVisible();
  for (const size of [{ width: 1200, height: 800 }, { width: 800, height: 600 }]) {
    await page.setViewportSize(size);
    await shoot(page, `i24-09-verify-all-host-${size.width}`);
  }
  await page.setViewportSize({ width: 1200, height: 800 });
});

test('one change moves all 15 tokens to the right address; Undo puts them back; nothing else changes', async () => {
  const api = h.preview.services.api;
  const before = await api.tokensList({});
  const dialog = page.getByRole('dialog', { name: 'Verify 15 unverified tokens on gitlab.invalid' });
  await dialog.getByLabel('New GitLab address').fill('gitlab .example');
  await dialog.getByRole('button', { name: 'Change the address of all 15 tokens on gitlab.invalid' }).click();
  await expect(dialog.getByRole('alert')).toContainText('That GitLab address is not one Token Vault can use');
  expect((await api.tokensList({})).map((e) => e.instance)).toEqual(before.map(() => NOWHERE));

  await dialog.getByLabel('New GitLab address').fill(h.emulator.url);
  await dialog.getByRole('button', { name: 'Change the address of all 15 tokens on gitlab.invalid' }).click();
  const host = h.emulator.url.replace(/^https?:\/\//, '');
  await expect(dialog.getByRole('status').filter({ hasText: `Moved all 15 tokens to ${host}.` })).toBeVisible();
  const after = await api.tokensList({});
  expect(after.map((e) => e.instance)).toEqual(before.map(() => h.emulator.url));
  expect(after.map((e) => [e.id, e.name, e.history.length])).toEqual(before.map((e) => [e.id, e.name, e.history.length + 1]));
  for (const e of after) expect((await api.tokensReveal({ id: e.id })).secret).toBe(secrets.get(e.name));
  for (const size of [{ width: 1200, height: 800 }, { width: 800, height: 600 }]) {
    await page.setViewportSize(size);
    await shoot(page, `i24-09-verify-all-moved-${size.width}`);
  }
  await page.setViewportSize({ width: 1200, height: 800 });

  await dialog.getByRole('button', { name: 'Undo' }).click();
  await expect(dialog.getByRole('button', { name: 'Change the address of all 15 tokens on gitlab.invalid' })).toBeVisible();
  expect((await api.tokensList({})).map((e) => e.instance)).toEqual(before.map(() => NOWHERE));
});

test('moved again and verified at the new address, GitLab confirms all 15', async () => {
  const dialog = page.getByRole('dialog', { name: 'Verify 15 unverified tokens on gitlab.invalid' });
  await dialog.getByLabel('New GitLab address').fill(h.emulator.url);
  await dialog.getByRole('button', { name: 'Change the address of all 15 tokens on gitlab.invalid' }).click();
  await expect(dialog.getByRole('status').filter({ hasText: 'Moved all 15 tokens' })).toBeVisible();
  await dialog.locator('.dialog-actions').getByRole('button', { name: 'Close' }).click();
  const host = h.emulator.url.replace(/^https?:\/\//, '');
  await page.getByRole('button', { name: `Verify all 15 unverified tokens on ${host}` }).click();
  const again = page.getByRole('dialog', { name: `Verify 15 unverified tokens on ${host}` });
  await expect(again.getByTestId('verify-all-status').getByRole('status')).toBeVisible({ timeout: 60_000 });
  await expect(again.getByTestId('verify-all-status')).toContainText('GitLab confirmed 15 tokens.');
});
