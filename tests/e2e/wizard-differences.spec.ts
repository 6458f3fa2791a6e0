// The wizard when GitLab describes the pasted token differently from what was entered (issue
// 15, item 2): per field "Use GitLab's" / "Keep mine", keyboard-reachable, with defaults —
// GitLab's expiry and scopes (facts about the token), the user's name (their label) — and the
// choice, kept across a reload, decides what is stored.
import { expect, test, type Page } from '@playwright/test';
import { shoot, startHarness, type Harness } from './harness';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
let h: Harness;
let page: Page;

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  h.emulator.addUser('gail');
  await h.preview.services.api.vaultCreate({ password: 'two names for one token' });
  page = await browser.newPage();
  await page.setViewportSize({ width: 1200, height: 800 });
});

test.afterAll(async () => {
  await page?.close();
  await h?.close();
});

test('each difference offers "Use GitLab\'s" / "Keep mine"; the choice decides what is stored', async () => {
  const mine = day(30);
  const gitlabs = day(60);
  // On GitLab's page the user renamed it, added a scope and picked another date.
  const issued = h.emulator.issueToken({ username: 'gail', name: 'gitlab-name', scopes: ['read_api', 'read_repository'], expiresAt: gitlabs });
  await h.preview.services.api.draftSave({ fields: { step: 'paste', purpose: 'read-scripts', name: 'my-label', kind: 'personal', instance: h.emulator.url, scopes: ['read_api'], expiresAt: mine } });
  await page.goto(h.preview.url);
  await page.getByRole('button', { name: /New token/ }).click();
  await page.getByLabel('Paste the token GitLab showed you').fill(issued.secret);
  await page.getByRole('button', { name: 'Use this token' }).click();

  const name = page.getByRole('group', { name: 'Name' });
  const expiry = page.getByRole('group', { name: 'Expiry date' });
  const scopes = page.getByRole('group', { name: 'Scopes' });
  // The defaults: the user's label, GitLab's facts.
  await expect(name.getByRole('radio', { name: 'Keep mine: “my-label”' })).toBeChecked();
  await expect(name.getByRole('radio', { name: 'Use GitLab’s: “gitlab-name”' })).not.toBeChecked();
  await expect(expiry.getByRole('radio', { name: /^Use GitLab’s/ })).toBeChecked();
  await expect(scopes.getByRole('radio', { name: 'Use GitLab’s: read_api, read_repository' })).toBeChecked();
  await expect(page.getByText(/GitLab calls this token/)).toHaveCount(0);
  for (const size of [{ width: 1200, height: 800 }, { width: 800, height: 600 }]) {
    await page.setViewportSize(size);
    await shoot(page, `i15-02-wizard-differences-${size.width}`);
  }
  await page.setViewportSize({ width: 1200, height: 800 });

  // Keyboard only: from Store (where focus lands) back into the choices; arrows pick within a field.
  await expect(page.getByRole('button', { name: 'Store token' })).toBeFocused();
  await name.getByRole('radio', { name: /^Keep mine/ }).focus();
  await page.keyboard.press('ArrowUp');
  await expect(name.getByRole('radio', { name: /^Use GitLab’s/ })).toBeChecked();
  await page.keyboard.press('Tab');
  await expect(expiry.getByRole('radio', { name: /^Use GitLab’s/ })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(expiry.getByRole('radio', { name: /^Keep mine/ })).toBeChecked();

  // The choices are the draft's, main-side: a reload keeps them.
  await expect.poll(async () => (await h.preview.services.api.draftGet({}))?.fields.choices).toEqual({ name: 'gitlab', expiresAt: 'mine' });
  await page.reload();
  await page.getByRole('button', { name: /New token/ }).click();
  await expect(name.getByRole('radio', { name: /^Use GitLab’s/ })).toBeChecked();
  await expect(expiry.getByRole('radio', { name: /^Keep mine/ })).toBeChecked();
  await shoot(page, 'i15-02-wizard-differences-chosen-1200');

  await page.getByRole('button', { name: 'Store token' }).click();
  await expect(page.getByRole('heading', { name: 'Where used', exact: true })).toBeVisible();
  const [entry] = await h.preview.services.api.tokensList({});
  expect(entry).toMatchObject({ name: 'gitlab-name', expiresAt: mine, scopes: ['read_api', 'read_repository'] });
  expect(entry!.lastVerifiedAt).not.toBeNull();
});
