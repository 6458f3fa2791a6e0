// The list as a person uses it every day: dense enough to see a screenful (15+ rows at
// 1200×800, 9 at 800×600), dead tokens after the live ones, a typo still finds its token, and
// copying from the keyboard takes two keystrokes (/ to search… or Ctrl+C on the selected row).
import { expect, test, type Page } from '@playwright/test';
import { shoot, startHarness, type Harness, sharedPageHooks } from './harness';

const PASSWORD = 'quiet meadow under seven lanterns';
let h: Harness;
let page: Page;
const list = () => page.getByRole('listbox', { name: 'Tokens' });
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

sharedPageHooks(() => ({ h, page }));

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  const api = h.preview.services.api;
  await api.vaultCreate({ password: PASSWORD });
  await api.tokensAdd({ entry: { name: 'aaa-expired', kind: 'personal', instance: 'https://gitlab.example.com', expiresAt: inDays(-3) }, secret: 'glpat-dead-one-000000000' });
  for (let i = 0; i < 30; i++) {
    await api.tokensAdd({ entry: { name: `svc-${i % 2 ? 'terraform-state' : 'deploy'}-${String(i).padStart(2, '0')}`, kind: 'project', instance: 'https://gitlab.example.com', expiresAt: inDays(10 + i) }, secret: `glpat-density-${i}-aaaaaaaaaa` });
  }
  page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  await page.goto(h.preview.url);
  await expect(page.getByTestId('result-count')).toHaveText('31 tokens');
});

async function rowsInView(): Promise<number> {
  return list().evaluate((el) => {
    const box = el.getBoundingClientRect();
    return [...el.querySelectorAll('[role="option"]')].filter((row) => {
      const r = row.getBoundingClientRect();
      return r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
    }).length;
  });
}

test('15 whole rows at 1200×800 and 9 at 800×600; the name is never what gets cut', async () => {
  expect(await rowsInView()).toBeGreaterThanOrEqual(15);
  await shoot(page, 'i24-08-list-1200');
  await page.setViewportSize({ width: 800, height: 600 });
  expect(await rowsInView()).toBeGreaterThanOrEqual(9);
  const name = list().getByRole('option', { name: /svc-terraform-state-01/ }).locator('.token-name');
  expect(await name.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  const when = list().getByRole('option', { name: /svc-terraform-state-01/ }).locator('.token-when');
  expect(await when.evaluate((el) => el.scrollWidth <= el.clientWidth), 'the expiry is not cut').toBe(true);
  await shoot(page, 'i24-08-list-800');
  await page.setViewportSize({ width: 1200, height: 800 });
});

test('a dead token comes after every live one, even when its name sorts first', async () => {
  const names = await list().getByRole('option').locator('.token-name').allTextContents();
  expect(names[0]).toBe('svc-deploy-00');
  await list().evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(list().getByRole('option').last()).toContainText('aaa-expired');
  await list().evaluate((el) => el.scrollTo(0, 0));
});

test('a typo finds the token ("terafrom" → terraform), and Enter copies the first match', async () => {
  const search = page.getByRole('searchbox', { name: 'Search tokens' });
  await search.fill('terafrom');
  await expect(page.getByTestId('result-count')).toHaveText('15 of 31 tokens');
  await search.press('Enter');
  await expect.poll(() => h.clipboard.written.at(-1)).toMatch(/^glpat-density-\d+-a+$/);
  await search.fill('');
});

test('Ctrl+C on the selected row copies it; a double click copies and leaves no text selected', async () => {
  await list().getByRole('option', { name: /svc-deploy-04/ }).click();
  await page.keyboard.press('Control+c');
  await expect.poll(() => h.clipboard.written.at(-1)).toBe('glpat-density-4-aaaaaaaaaa');
  await list().getByRole('option', { name: /svc-deploy-06/ }).dblclick();
  await expect.poll(() => h.clipboard.written.at(-1)).toBe('glpat-density-6-aaaaaaaaaa');
  expect(await page.evaluate(() => String(window.getSelection()))).toBe('');
});
