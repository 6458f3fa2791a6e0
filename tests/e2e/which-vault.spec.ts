// Which vault is open, and whether a token's expiry is known (issue 24, items 4 and 5): the
// name and colour in the window title, the top bar and the unlock screen; "Expiry unknown" in
// amber with a way to set it, "Never expires" named as a risk, and the Add dialog's date field
// when GitLab cannot answer. Screens at 1200×800 and 800×600, light and dark.
import { expect, test, type Page } from '@playwright/test';
import { pageWithNewVault, shoot, startHarness, type Harness, sharedPageHooks } from './harness';

const PW = 'copper lanterns drift over quiet harbours';
let h: Harness;
let page: Page;

sharedPageHooks(() => ({ h, page }));

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  page = await pageWithNewVault(browser, h, PW);
});

test('the vault is named after its file until named in Settings; the title, top bar and unlock screen say which', async () => {
  await expect(page).toHaveTitle('My vault — Token Vault');
  await expect(page.locator('.topbar').getByTestId('vault-badge')).toHaveText('My vault');
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Acme production');
  await page.getByRole('radio', { name: 'Orange' }).check();
  await page.getByRole('button', { name: 'Save name and colour' }).click();
  await expect(page).toHaveTitle('Acme production — Token Vault');
  await expect(page.locator('.topbar')).toHaveAttribute('data-colour', 'orange');
  await expect(page.locator('.topbar').getByTestId('vault-badge')).toHaveText('Acme production');
  await shoot(page, '24-4-settings-vault-name-1200');
  await page.setViewportSize({ width: 800, height: 600 });
  await shoot(page, '24-4-settings-vault-name-800');
  await page.keyboard.press('Control+l');
  await expect(page.getByRole('heading', { name: 'Unlock Token Vault' })).toBeVisible();
  await expect(page.getByTestId('vault-badge')).toHaveText('Acme production');
  await expect(page).toHaveTitle('Acme production (locked) — Token Vault');
  await shoot(page, '24-4-unlock-named-800');
  await page.setViewportSize({ width: 1200, height: 800 });
  await page.getByLabel('Master password').fill(PW);
  await page.getByLabel('Master password').press('Enter');
  // Unlocking derives the key and makes the day's backup: slow on a loaded machine. Back where the person was.
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible({ timeout: 30_000 });
});

test('unknown expiry is amber and asks for the date; never-expires is named a risk', async () => {
  const api = h.preview.services.api;
  const forever = h.emulator.issueToken({ username: 'alice', name: 'legacy-forever', scopes: ['api'], expiresAt: null });
  const stored = await api.tokensAdd({ entry: { name: 'legacy-forever', kind: 'personal', instance: h.emulator.url }, secret: forever.secret });
  await api.gitlabVerify({ id: stored.id });
  await api.tokensAdd({ entry: { name: 'imported-no-date', kind: 'personal', instance: 'https://gitlab.example.com' }, secret: 'glpat-imported-no-date-0000' });
  await api.tokensAdd({ entry: { name: 'ci-deploy', kind: 'project', instance: 'https://gitlab.example.com', expiresAt: '2099-06-01' }, secret: 'glpat-ci-deploy-000000000000' });
  // Added behind the window's back: lock and unlock so it reads the list afresh.
  await page.getByRole('button', { name: 'Tokens', exact: true }).click();
  await page.keyboard.press('Control+l');
  await page.getByLabel('Master password').fill(PW);
  await page.getByLabel('Master password').press('Enter');
  const unknownRow = page.getByRole('option', { name: /imported-no-date/ });
  await expect(unknownRow).toBeVisible({ timeout: 30_000 });
  await expect(unknownRow.locator('.chip-unknown')).toHaveText('Expiry unknown');
  await expect(page.getByRole('option', { name: /legacy-forever/ }).locator('.chip-never')).toHaveText('Never expires');
  await unknownRow.click();
  await expect(page.getByTestId('expiry-note')).toContainText('Expiry unknown — no reminder can warn you');
  await shoot(page, '24-5-expiry-unknown-1200');
  await page.getByRole('button', { name: 'Set the date…' }).click();
  await expect(page.getByLabel('Expiry date', { exact: true })).toBeFocused();
  await page.getByLabel('Expiry date', { exact: true }).fill('2099-03-04');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('expiry-note')).toHaveCount(0);
  await page.getByRole('option', { name: /legacy-forever/ }).click();
  await expect(page.getByTestId('expiry-note')).toContainText('Never expires — a risk');
  await page.setViewportSize({ width: 800, height: 600 });
  await shoot(page, '24-5-never-expires-800');
  await page.setViewportSize({ width: 1200, height: 800 });
});

test('Add an existing token asks for the date when GitLab cannot answer', async () => {
  await page.getByRole('button', { name: 'Vault ▾' }).click();
  await page.getByRole('button', { name: 'Add an existing token…' }).click();
  await page.getByLabel('GitLab address').fill('https://gitlab.invalid');
  await page.getByLabel('The token').fill('glpat-offline-token-000000000');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByLabel('Expires on')).toBeVisible();
  await page.getByLabel('Name').fill('offline-added');
  await page.getByLabel('Expires on').fill('2099-09-09');
  await shoot(page, '24-5-add-date-when-gitlab-silent-1200');
  await page.getByRole('button', { name: 'Store token' }).click();
  await expect(page.getByRole('option', { name: /offline-added/ }).locator('.chip-active')).toBeVisible();
});
