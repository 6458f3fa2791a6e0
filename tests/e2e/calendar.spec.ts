// The Calendar screen in the real app (preview server, real vault file, real Chromium): 50
// tokens over several months, navigated by mouse and keyboard, a token opened from its day,
// shot in light and dark under artifacts/screens/.
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { TEST_KDF } from '../../electron/vault/kdf';
import { Vault } from '../../electron/vault/vault';
import { shoot, startHarness, type Harness } from './harness';

const PASSWORD = 'calendar e2e master password';
const DAY = 86_400_000;
const dayFromNow = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);
const NAMES = ['ci-deploy', 'registry-push', 'release-bot', 'renovate', 'terraform-state', 'docs-publish', 'backup-mirror', 'k8s-agent', 'sentry-hook', 'pages-build'];

let h: Harness;
let page: Page;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  const vault = await Vault.create(join(h.dir, 'vault.db'), PASSWORD, { kdf: TEST_KDF });
  vault.addMany(
    Array.from({ length: 50 }, (_, i) => ({
      // Spread over −20…+150 days (a shuffled order, so names do not march in date order).
      input: { name: `${NAMES[i % 10]}-${Math.floor(i / 10) + 1}`, kind: 'project' as const, instance: 'gitlab.example.com', expiresAt: dayFromNow(Math.floor((((i * 19) % 50) / 50) * 170) - 20) },
      secret: `glpat-calendar-e2e-${i}`,
    })),
  );
  vault.add({ name: 'due-in-three-days', expiresAt: dayFromNow(3) }, 'glpat-calendar-e2e-x');
  // A trigger token never expires; rotate-every 5 days puts its rotation reminder 5 days after today (its creation).
  vault.add({ name: 'nightly-trigger', kind: 'trigger', expiresAt: null, facts: { rotateEveryDays: 5 } }, 'glptt-calendar-e2e-trigger');
  vault.close();
  page = await browser.newPage();
  await page.goto(h.preview.url);
  await page.getByLabel('Master password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByRole('button', { name: 'Calendar', exact: true }).click();
});

test.afterAll(async () => {
  await page?.close();
  await h?.close();
});

test('shows the weeks from this one with tokens on their local expiry day, a legend, the agenda and the expired', async () => {
  await expect(page.getByRole('heading', { name: 'Expiry calendar' })).toBeVisible();
  const grid = page.getByRole('grid');
  await expect(grid).toBeVisible();
  await expect(page.getByLabel('Colour legend')).toContainText('Within 7 days');
  // About ten of the 50 fall in any five weeks; the one due in three days is "within 7 days".
  expect(await grid.locator('.tv-cal-chip').count()).toBeGreaterThan(0);
  await expect(page.getByRole('region', { name: 'Next 90 days' }).getByRole('button', { name: /due-in-three-days/ })).toHaveClass(/u-critical/);
  await expect(page.getByRole('region', { name: 'Expired tokens' })).toContainText('Expired ·');
  await shoot(page, 'calendar-app');
});

test('puts a never-expiring token with rotate-every on its rotation day as "rotate <name>", apart from expiries', async () => {
  const agenda = page.getByRole('region', { name: 'Next 90 days' });
  const row = agenda.getByRole('button', { name: /rotate nightly-trigger/ });
  await expect(row).toHaveClass(/is-rotation/);
  await expect(row).toContainText('rotation due');
  const chip = page.getByRole('grid').locator('.tv-cal-chip.is-rotation');
  await expect(chip).toHaveText('rotate nightly-trigger');
  // On the cell of its rotate-by day (a calendar day: the id carries it), nowhere else.
  await expect(page.locator(`[id$="${dayFromNow(5)}"] .tv-cal-chip.is-rotation`)).toHaveCount(1);
  await shoot(page, 'calendar-app-rotation');
});

test('pages weeks by keyboard and by mouse, and comes back with Today', async () => {
  const title = page.locator('.tv-cal-title');
  const current = await title.textContent();
  await page.getByRole('grid').focus();
  await page.keyboard.press('PageDown');
  await expect(title).not.toHaveText(current ?? '');
  await shoot(page, 'calendar-app-next-weeks');
  await page.getByRole('button', { name: 'Previous weeks' }).click();
  await expect(title).toHaveText(current ?? '');
  await page.getByRole('button', { name: 'Next weeks' }).click();
  await page.getByRole('button', { name: 'Today', exact: true }).click();
  await expect(title).toHaveText(current ?? '');
});

test('opens a token from the calendar in the token list', async () => {
  await page.getByRole('region', { name: 'Next 90 days' }).getByRole('button', { name: /due-in-three-days/ }).click();
  await expect(page.getByRole('button', { name: 'Tokens', exact: true })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByText('due-in-three-days').first()).toBeVisible();
});
