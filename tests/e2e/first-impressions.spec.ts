// What a new user sees first: counts in good English, a summary over the next days (not the
// calendar month), a copy button in every row (hover, keyboard, Tab), double-click copies.
import { expect, test, type Page } from '@playwright/test';
import { pageText, shoot, startHarness, type Harness, sharedPageHooks } from './harness';

const PASSWORD = 'quiet meadow under seven lanterns';
let h: Harness;
let page: Page;
const rows = () => page.getByRole('listbox', { name: 'Tokens' });
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

sharedPageHooks(() => ({ h, page }));

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  const api = h.preview.services.api;
  await api.vaultCreate({ password: PASSWORD });
  await api.tokensAdd({ entry: { name: 'nightly-backup', kind: 'personal', instance: 'https://gitlab.example.com', expiresAt: inDays(19) }, secret: 'glpat-nightly-backup-secret-1' });
  page = await browser.newPage();
  await page.goto(h.preview.url);
});

test('one token is "1 token"; the summary speaks of the next days, never of the month', async () => {
  await expect(page.getByTestId('result-count')).toHaveText('1 token');
  // The vault's default lead times reach 60 days: the summary looks that far.
  await expect(page.getByRole('button', { name: /1 token expires in the next 60 days/ })).toBeVisible();
  await expect(page.getByText(/this month/)).toHaveCount(0);
  await shoot(page, '40-list-one-token');
  await h.preview.services.api.settingsUpdate({ patch: { defaultLeadDays: [7, 1] } });
  await page.reload();
  await expect(page.getByRole('button', { name: /1 token expires in the next 30 days/ })).toBeVisible();
});

test('each row has a copy button, seen on hover, named "Copy <name>"; a click copies', async () => {
  const copy = page.getByRole('button', { name: 'Copy nightly-backup' });
  await expect(copy).toBeHidden();
  await rows().getByRole('option', { name: /nightly-backup/ }).hover();
  await expect(copy).toBeVisible();
  await shoot(page, '41-row-copy-hover');
  await copy.click();
  await expect(page.getByText('Copied “nightly-backup”.')).toBeVisible();
  expect(h.clipboard.written).toEqual(['glpat-nightly-backup-secret-1']);
  expect(await pageText(page)).not.toContain('glpat-nightly-backup-secret-1');
});

test('Tab from the list reaches the selected row’s copy button; Enter on it copies; Enter in the list still copies', async () => {
  await page.mouse.move(0, 0);
  const search = page.getByRole('searchbox', { name: 'Search tokens' });
  await search.focus();
  await search.press('ArrowDown');
  await expect(rows()).toBeFocused();
  await page.keyboard.press('Enter');
  await expect.poll(() => h.clipboard.written.length).toBe(2);
  await page.keyboard.press('Tab');
  const copy = page.getByRole('button', { name: 'Copy nightly-backup' });
  await expect(copy).toBeFocused();
  await expect(copy).toBeVisible();
  await shoot(page, '42-row-copy-focus');
  await page.keyboard.press('Enter');
  await expect.poll(() => h.clipboard.written.length).toBe(3);
});

test('double-clicking a row copies, as in KeePassXC', async () => {
  await rows().getByRole('option', { name: /nightly-backup/ }).dblclick();
  await expect.poll(() => h.clipboard.written.length).toBe(4);
  await expect(page.getByText('Copied “nightly-backup”.')).toBeVisible();
  expect(await pageText(page)).not.toContain('glpat-nightly-backup-secret-1');
});
