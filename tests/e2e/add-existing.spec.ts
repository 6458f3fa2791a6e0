// Storing a token made earlier (not through the wizard) in three steps: paste it, GitLab is
// asked (when an address is given), name it. The page never holds the pasted token.
import { expect, test, type Page } from '@playwright/test';
import { pageText, shoot, startHarness, type Harness, sharedPageHooks } from './harness';

const PASSWORD = 'seven ferries cross the fjord';
let h: Harness;
let page: Page;

sharedPageHooks(() => ({ h, page }));

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  h.emulator.addUser('dave');
  await h.preview.services.api.vaultCreate({ password: PASSWORD });
  page = await browser.newPage();
  await page.goto(h.preview.url);
});

test('from the empty vault: paste, GitLab fills in what it knows, name, store', async () => {
  const expiresAt = new Date(Date.now() + 45 * 86_400_000).toISOString().slice(0, 10);
  const issued = h.emulator.issueToken({ username: 'dave', name: 'laptop-cli', scopes: ['read_api', 'read_repository'], expiresAt });
  await page.getByRole('button', { name: 'Add a token I already have…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add an existing token' });
  await dialog.getByLabel('GitLab address').fill(h.emulator.url);
  await dialog.getByLabel('The token').fill(`  ${issued.secret}\n`);
  await shoot(page, '50-existing-paste');
  await dialog.getByRole('button', { name: 'Next' }).click(); // step 1: paste

  // Step 2 (automatic, since an address was given): GitLab's answer fills the name.
  await expect(dialog.getByText(/GitLab knows this token as “laptop-cli”: read_api, read_repository/)).toBeVisible();
  await expect(dialog.getByLabel('Name')).toHaveValue('laptop-cli');
  await expect(dialog.getByLabel('The token')).toHaveCount(0);
  await shoot(page, '51-existing-verified');
  expect(await pageText(page)).not.toContain(issued.secret);

  await dialog.getByRole('button', { name: 'Store token' }).click(); // step 3: name and store
  await expect(page.getByRole('heading', { name: 'laptop-cli' })).toBeVisible();
  const [entry] = await h.preview.services.api.tokensList({});
  expect(entry).toMatchObject({ name: 'laptop-cli', kind: 'personal', instance: h.emulator.url, scopes: ['read_api', 'read_repository'], expiresAt });
  expect(entry!.lastVerifiedAt).not.toBeNull();
  expect((await h.preview.services.api.tokensReveal({ id: entry!.id })).secret).toBe(issued.secret);
  expect(await pageText(page)).not.toContain(issued.secret);
});

test('GitLab cannot confirm it: stored unverified under the name given; a taken name and a bad paste are refused', async () => {
  await page.getByRole('button', { name: 'Vault ▾' }).click();
  await page.getByRole('button', { name: 'Add an existing token…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add an existing token' });
  await expect(dialog.getByLabel('GitLab address')).toHaveValue(h.emulator.url);
  await dialog.getByLabel('The token').fill('https://gitlab.example.com/-/user_settings/personal_access_tokens');
  await dialog.getByRole('button', { name: 'Next' }).click();
  await expect(dialog.getByRole('alert')).toContainText('That is a web address, not a token.');

  await dialog.getByLabel('The token').fill('glpat-never-issued-by-this-gitlab-000');
  await dialog.getByRole('button', { name: 'Next' }).click();
  await expect(dialog.getByText(/You can still store it; it will be marked unverified\./)).toBeVisible();
  // At 800×600 this dialog (GitLab's doubt, name, kind, the expiry asked for) is taller than the
  // window: it scrolls, and its buttons stay in sight at its bottom edge rather than below.
  await page.setViewportSize({ width: 800, height: 600 });
  expect(await dialog.evaluate((d) => d.scrollHeight > d.clientHeight), 'the dialog scrolls at 800×600').toBe(true);
  await expect(dialog.getByRole('button', { name: 'Store token' })).toBeInViewport({ ratio: 1 });
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeInViewport({ ratio: 1 });
  await shoot(page, '52-existing-unverified-800');
  await page.setViewportSize({ width: 1200, height: 780 });
  await dialog.getByLabel('Name').fill('Laptop-CLI');
  await expect(dialog.getByText('The vault already has a token by that name.')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Store token' })).toBeDisabled();
  await dialog.getByLabel('Name').fill('old-laptop');
  await dialog.getByLabel('Kind').selectOption('other');
  await shoot(page, '52-existing-unverified');
  await dialog.getByRole('button', { name: 'Store token' }).click();
  await expect(page.getByRole('heading', { name: 'old-laptop' })).toBeVisible();
  const stored = (await h.preview.services.api.tokensList({})).find((e) => e.name === 'old-laptop')!;
  expect(stored).toMatchObject({ kind: 'other', lastVerifiedAt: null });
  expect(await pageText(page)).not.toContain('glpat-never-issued-by-this-gitlab-000');
});
