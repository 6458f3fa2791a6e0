// The window's first list after an unlock: with more tokens than a screen holds, the first
// screen's rows show at once and the whole list follows. Until it is in, nothing that needs the
// whole list shows a number (the count says it is loading, no summary, no Calendar count), and a
// search typed meanwhile answers from the whole list once it is in. The whole list's answer is
// held here (Playwright's routing) so the gap can be looked at; everything else is the real app.
import { join } from 'node:path';
import { expect, test, type Page, type Route } from '@playwright/test';
import { TEST_KDF } from '../../electron/vault/kdf';
import { Vault } from '../../electron/vault/vault';
import { shoot, startHarness, type Harness, sharedPageHooks } from './harness';

const PASSWORD = 'the first screen comes first';
const TOKENS = 150;
const DAY = 86_400_000;
const dayFromNow = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);
const name = (i: number) => `svc-${String(i).padStart(3, '0')}`;

let h: Harness;
let page: Page;
const rows = () => page.getByRole('listbox', { name: 'Tokens' });

sharedPageHooks(() => ({ h, page }));

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  const vault = await Vault.create(join(h.dir, 'vault.db'), PASSWORD, { kdf: TEST_KDF });
  // Every tenth expired or due within days: the Calendar tab's count and the summary have something to say.
  vault.addMany(
    Array.from({ length: TOKENS }, (_, i) => ({
      input: { name: name(i), kind: 'project' as const, instance: 'gitlab.example.com', expiresAt: dayFromNow(i % 10 === 0 ? 3 : 60 + i) },
      secret: `glpat-first-screen-e2e-${i}`,
    })),
  );
  vault.close();
  page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  await page.goto(h.preview.url);
});

test('the first rows show before the whole list; counts wait for it, and a search typed meanwhile answers from it', async () => {
  // Every text the count line ever shows, from before the unlock to the end.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { countsSeen: string[] }).countsSeen = seen;
    new MutationObserver(() => {
      const text = document.querySelector('[data-testid="result-count"]')?.textContent;
      if (text && seen.at(-1) !== text) seen.push(text);
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let held: Route | null = null;
  await page.route('**/api/tokensList', async (route) => {
    held = route;
    await released;
    await route.continue();
  });

  await page.getByLabel('Master password').fill(PASSWORD);
  await page.getByLabel('Master password').press('Enter');

  // The first screen: its rows, in name order, and a count that says it is loading the whole list.
  await expect(rows().getByRole('option').first()).toContainText(name(0));
  await expect(rows().getByRole('option', { name: new RegExp(name(5)) })).toBeVisible();
  await expect(page.getByTestId('result-count')).toHaveText(`Loading ${TOKENS} tokens…`);
  await expect(page.getByTestId('summary-loading')).toBeVisible();
  await expect(page.getByTestId('calendar-count')).toHaveCount(0);
  await expect(page.getByRole('combobox', { name: 'Instance' })).toBeDisabled();
  await expect.poll(() => held !== null).toBe(true);
  await shoot(page, '61-first-screen');

  // A search for a token past the first screen, typed before the whole list is in: no answer
  // from the first screen's rows ("No token matches" would be wrong), every keystroke kept.
  await page.getByRole('searchbox', { name: 'Search tokens' }).pressSequentially(name(142));
  await expect(page.getByTestId('list-loading')).toBeVisible();
  await expect(page.getByText('No token matches')).toHaveCount(0);
  await expect(page.getByRole('searchbox', { name: 'Search tokens' })).toHaveValue(name(142));

  release();
  await expect(page.getByTestId('result-count')).toHaveText(`1 of ${TOKENS} tokens`);
  await expect(rows().getByRole('option')).toHaveCount(1);
  await expect(rows().getByRole('option').first()).toContainText(name(142));
  await expect(page.getByTestId('calendar-count')).toHaveText(String(TOKENS / 10));

  await page.getByRole('searchbox', { name: 'Search tokens' }).fill('');
  await expect(page.getByTestId('result-count')).toHaveText(`${TOKENS} tokens`);
  await expect(page.getByTestId('summary-loading')).toHaveCount(0);

  // No count but the loading line and the whole list's true ones was ever on screen.
  const seen = await page.evaluate(() => (window as unknown as { countsSeen: string[] }).countsSeen);
  expect(seen.length).toBeGreaterThan(0);
  for (const text of seen) expect([`Loading ${TOKENS} tokens…`, 'Loading…', `1 of ${TOKENS} tokens`, `${TOKENS} tokens`]).toContain(text);
  expect(seen).toContain(`Loading ${TOKENS} tokens…`);
  await page.unroute('**/api/tokensList');
});
