// Wizard navigation (issue 15, item 2, in part): Back on the paste step before anything is
// pasted, and finished steps are buttons that go back to them.
import { expect, test, type Page } from '@playwright/test';
import { shoot, startHarness, type Harness } from './harness';

let h: Harness;
let page: Page;

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  await h.preview.services.api.vaultCreate({ password: 'back and forth we go' });
  page = await browser.newPage();
  await page.goto(h.preview.url);
});

test.afterAll(async () => {
  await page?.close();
  await h?.close();
});

test('Back before a paste, and finished steps are clickable', async () => {
  await page.getByRole('button', { name: 'Create a token' }).click();
  await page.getByLabel('Clone or pull code (CI, build scripts)').check();
  await page.getByLabel('GitLab address').fill(h.emulator.url);
  await page.getByLabel('Token name').fill('ci-clone');
  await page.getByRole('button', { name: 'Next: scopes' }).click();
  await page.getByRole('button', { name: 'Next: expiry' }).click();
  await page.getByLabel('90 days').check();
  await page.getByRole('button', { name: 'Next: create' }).click();
  await page.getByRole('button', { name: 'I already have the token' }).click();
  await expect(page.getByLabel('Paste the token GitLab showed you')).toBeVisible();
  for (const size of [{ width: 1200, height: 800 }, { width: 800, height: 600 }]) {
    await page.setViewportSize(size);
    await shoot(page, `i15-02-wizard-paste-back-${size.width}`);
  }
  await page.setViewportSize({ width: 1200, height: 780 });
  await page.getByRole('button', { name: 'Back', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Create', exact: true })).toBeVisible();
  const steps = page.getByRole('list', { name: 'Steps' });
  await steps.getByRole('button', { name: 'Scopes' }).click();
  await expect(page.getByRole('heading', { name: 'Scopes', exact: true })).toBeVisible();
  await steps.getByRole('button', { name: 'Purpose' }).click();
  await expect(page.getByLabel('Token name')).toHaveValue('ci-clone');
});
