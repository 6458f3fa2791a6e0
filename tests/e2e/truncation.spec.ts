// What gets cut when room is short: never the part a person reads. A detail title stays a
// title (three lines at most at 800×600, chips under it), calendar chips show a whole name
// in two lines, and the agenda says when a token stops in words, not "00:00 local".
import { expect, test, type Page } from '@playwright/test';
import { shoot, startHarness, type Harness, sharedPageHooks } from './harness';

const PASSWORD = 'quiet meadow under seven lanterns';
const LONG = 'analytics-dashboard-reader-production-eu-west-terraform-state-bucket';
let h: Harness;
let page: Page;
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

sharedPageHooks(() => ({ h, page }));

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  const api = h.preview.services.api;
  await api.vaultCreate({ password: PASSWORD });
  await api.tokensAdd({ entry: { name: LONG, kind: 'project', instance: 'https://gitlab.example.com', expiresAt: inDays(4) }, secret: 'glpat-long-name-aaaaaaaaaaaaaa' });
  for (const n of ['svc-registry-12', 'svc-registry-22']) {
    await api.tokensAdd({ entry: { name: n, kind: 'project', instance: 'https://gitlab.example.com', expiresAt: inDays(9) }, secret: `glpat-${n}-aaaaaaaaaaaa` });
  }
  page = await browser.newPage({ viewport: { width: 800, height: 600 } });
  await page.goto(h.preview.url);
});

test('at 800×600 a long name is a title of three lines at most, its chips under it', async () => {
  await page.getByRole('listbox', { name: 'Tokens' }).getByRole('option', { name: new RegExp(LONG) }).click();
  const title = page.getByRole('heading', { name: LONG });
  const lines = await title.evaluate((el) => Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight)));
  expect(lines).toBeLessThanOrEqual(3);
  await shoot(page, 'i24-13-detail-800');
});

test('calendar chips show whole names at 1200×800, and the agenda says "stops at …"', async () => {
  await page.setViewportSize({ width: 1200, height: 800 });
  await page.getByRole('button', { name: /^Calendar/ }).click();
  const chip = page.locator('.tv-cal-chip', { hasText: 'svc-registry-12' });
  await expect(chip).toBeVisible();
  expect(await chip.evaluate((el) => el.scrollHeight <= el.clientHeight + 1 && el.scrollWidth <= el.clientWidth + 1), 'the chip shows the whole name').toBe(true);
  await expect(page.getByText(/\blocal\b/)).toHaveCount(0);
  await expect(page.getByText(/stops at (midnight|\d\d:\d\d)/).first()).toBeVisible();
  await shoot(page, 'i24-13-calendar-1200');
});
