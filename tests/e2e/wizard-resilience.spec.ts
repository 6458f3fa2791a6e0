// A pasted token is never lost: not when GitLab is down, not when the window reloads, not to
// a double-click. And pastes that cannot be tokens are refused with a reason.
import { expect, test, type Page } from '@playwright/test';
import { pageText, shoot, startHarness, type Harness, sharedPageHooks } from './harness';

const PASSWORD = 'a quiet river under seven bridges';
let h: Harness;
let page: Page;

sharedPageHooks(() => ({ h, page }));

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  h.emulator.addUser('bob');
  await h.preview.services.api.vaultCreate({ password: PASSWORD });
  page = await browser.newPage();
});

test('with GitLab down the pasted token waits, survives a reload, and stores once', async () => {
  const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  await h.preview.services.api.draftSave({ fields: { step: 'paste', purpose: 'read-scripts', name: 'offline-token', kind: 'personal', instance: h.emulator.url, scopes: ['read_api'], expiresAt } });
  await page.goto(h.preview.url);
  await page.getByRole('button', { name: /New token/ }).click();
  const field = page.getByLabel('Paste the token GitLab showed you');
  await expect(field).toBeFocused();

  // Pastes that cannot be tokens.
  await field.fill('');
  await field.fill('x'.repeat(10 * 1024));
  await page.getByRole('button', { name: 'Use this token' }).click();
  await expect(page.getByText(/far too long for a token/)).toBeVisible();
  await field.fill('gldt-looks-like-a-deploy-token');
  await page.getByRole('button', { name: 'Use this token' }).click();
  await expect(page.getByText(/This is a deploy token \(gldt-\), not a personal access token/)).toBeVisible();
  // The wrong kind, and GitLab does not know it: the field to paste again is open and has the
  // focus ("Store unverified" is still there, but Enter no longer stores the wrong thing).
  const again = page.getByLabel('Paste a different token');
  await expect(again).toBeFocused();
  await expect(page.getByRole('button', { name: 'Store unverified' })).not.toBeFocused();

  const issued = h.emulator.issueToken({ username: 'bob', name: 'offline-token', scopes: ['read_api'], expiresAt });
  h.emulator.faults.dropConnection = 1000;
  await again.fill(issued.secret);
  await page.getByRole('button', { name: 'Use this token' }).click();
  await expect(page.getByText(/GitLab could not confirm it/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Store unverified' })).toBeVisible();
  await shoot(page, '22-wizard-gitlab-down');

  await page.reload();
  await page.getByRole('button', { name: /New token/ }).click();
  await expect(page.getByText(/Token received/)).toBeVisible();
  expect(await pageText(page)).not.toContain(issued.secret);

  h.emulator.resetFaults();
  await page.getByRole('button', { name: 'Try GitLab again' }).click();
  await expect(page.getByText(/GitLab knows this token as “offline-token”/)).toBeVisible();
  await page.getByRole('button', { name: 'Store token' }).dblclick();
  await expect(page.getByText('“offline-token” is stored')).toBeVisible();
  const stored = await h.preview.services.api.tokensList({});
  expect(stored.map((e) => e.name)).toEqual(['offline-token']);
  expect((await h.preview.services.api.tokensReveal({ id: stored[0]!.id })).secret).toBe(issued.secret);
});

test('a token stored unverified says so in the list', async () => {
  await h.preview.services.api.draftSave({ fields: { step: 'paste', name: 'unverified-one', kind: 'personal', instance: h.emulator.url, scopes: ['read_api'] } });
  h.emulator.faults.dropConnection = 1000;
  await page.getByRole('button', { name: /New token/ }).click();
  await page.getByLabel('Paste the token GitLab showed you').fill('glpat-never-issued-by-gitlab');
  await page.getByRole('button', { name: 'Use this token' }).click();
  await page.getByRole('button', { name: 'Store unverified' }).click();
  await expect(page.getByText(/not yet verified/)).toBeVisible();
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('listbox', { name: 'Tokens' }).getByRole('option', { name: /unverified-one/ })).toContainText('Unverified');
  h.emulator.resetFaults();
  await shoot(page, '23-list-unverified');
});
