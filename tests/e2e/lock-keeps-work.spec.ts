// Locking keeps work (issue 24, item 6): Ctrl+L with an Edit holding unsaved changes asks
// first; "Keep as draft and lock" brings the Edit back, with its changes, after unlock; the
// page holds none of the draft while locked; and a minute before an idle lock the window warns
// with "Stay unlocked". After unlock the person is back on the token they had open.
import { expect, test, type Page } from '@playwright/test';
import { pageText, pageWithNewVault, shoot, startHarness, type Harness, sharedPageHooks } from './harness';

const PW = 'copper lanterns drift over quiet harbours';
let h: Harness;
let page: Page;

sharedPageHooks(() => ({ h, page }));

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  page = await pageWithNewVault(browser, h, PW);
  await h.preview.services.api.tokensAdd({ entry: { name: 'ci-deploy', kind: 'project', instance: 'https://gitlab.example.com', expiresAt: '2099-01-01' }, secret: 'glpat-ci-deploy-000000000000' });
  await h.preview.services.api.tokensAdd({ entry: { name: 'registry', kind: 'deploy', expiresAt: '2099-02-01' }, secret: 'gldt-registry-0000000000000' });
  await page.keyboard.press('Control+l');
  await page.getByLabel('Master password').fill(PW);
  await page.getByLabel('Master password').press('Enter');
  await expect(page.getByRole('option', { name: /registry/ })).toBeVisible({ timeout: 30_000 });
});

test('Ctrl+L with unsaved changes asks; Keep editing keeps the dialog and what was typed', async () => {
  await page.getByRole('option', { name: /ci-deploy/ }).click();
  await page.getByRole('button', { name: 'Edit…' }).click();
  await page.getByLabel('Description').fill('Deploys acme/app from CI — secret-ish note 7731');
  await page.keyboard.press('Control+l');
  await expect(page.getByRole('dialog', { name: 'Lock with unsaved changes?' })).toBeVisible();
  await shoot(page, '24-6-lock-asks-1200');
  await page.getByRole('button', { name: 'Keep editing' }).click();
  await expect(page.getByLabel('Description')).toHaveValue('Deploys acme/app from CI — secret-ish note 7731');
});

test('Keep as draft and lock: nothing of it in the page while locked; after unlock the Edit is back with it, on that token', async () => {
  await page.keyboard.press('Control+l');
  await page.getByRole('button', { name: 'Keep as draft and lock' }).click();
  await expect(page.getByRole('heading', { name: 'Unlock Token Vault' })).toBeVisible();
  expect(await pageText(page)).not.toContain('7731');
  await page.getByLabel('Master password').fill(PW);
  await page.getByLabel('Master password').press('Enter');
  await expect(page.getByTestId('draft-restored')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByLabel('Description')).toHaveValue('Deploys acme/app from CI — secret-ish note 7731');
  await expect(page.getByRole('heading', { name: 'ci-deploy', level: 1 })).toBeVisible();
  await shoot(page, '24-6-draft-back-1200');
  await page.setViewportSize({ width: 800, height: 600 });
  await shoot(page, '24-6-draft-back-800');
  await page.setViewportSize({ width: 1200, height: 800 });
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Deploys acme/app from CI — secret-ish note 7731')).toBeVisible();
});

test('Discard changes and lock drops them; without changes Ctrl+L locks at once and returns to the same token', async () => {
  await page.getByRole('option', { name: /registry/ }).click();
  await page.getByRole('button', { name: 'Edit…' }).click();
  await page.getByLabel('Description').fill('throw this away 5529');
  await page.keyboard.press('Control+l');
  await page.getByRole('button', { name: 'Discard changes and lock' }).click();
  await page.getByLabel('Master password').fill(PW);
  await page.getByLabel('Master password').press('Enter');
  await expect(page.getByRole('heading', { name: 'registry', level: 1 })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('draft-restored')).toHaveCount(0);
  await expect(page.getByText('throw this away 5529')).toHaveCount(0);
  await page.keyboard.press('Control+l');
  await expect(page.getByRole('heading', { name: 'Unlock Token Vault' })).toBeVisible();
});

test('a minute before an idle lock: a warning with Stay unlocked', async () => {
  await page.getByLabel('Master password').fill(PW);
  await page.getByLabel('Master password').press('Enter');
  await expect(page.getByRole('heading', { name: 'registry', level: 1 })).toBeVisible({ timeout: 30_000 });
  // What the session's warning timer (and the desktop's idle poll) send.
  h.preview.emit({ event: 'lockSoon', payload: { seconds: 60 } });
  await expect(page.getByTestId('lock-soon')).toContainText('Locking in');
  await shoot(page, '24-6-lock-soon-1200');
  await page.getByRole('button', { name: 'Stay unlocked' }).click();
  await expect(page.getByTestId('lock-soon')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'registry', level: 1 })).toBeVisible();
});
