// Keyboard and focus (issue 15, item 8): a dialog opens on the control it means — never the
// × — toasts never cover the detail's action buttons, and with a token selected the expiry
// count is still in sight, on the Calendar tab.
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { TEST_KDF } from '../../electron/vault/kdf';
import { Vault } from '../../electron/vault/vault';
import { shoot, startHarness, type Harness, sharedPageHooks } from './harness';

const PASSWORD = 'keyboard only all the way';
const DAY = 86_400_000;
const dayFromNow = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);
let h: Harness;
let page: Page;
const rows = () => page.getByRole('listbox', { name: 'Tokens' });

sharedPageHooks(() => ({ h, page }));

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  const vault = await Vault.create(join(h.dir, 'vault.db'), PASSWORD, { kdf: TEST_KDF });
  const gl = { kind: 'personal' as const, instance: 'https://gitlab.example.com', scopes: ['read_api'] };
  vault.add({ name: 'ci-reader', ...gl, expiresAt: dayFromNow(3), usedIn: ['CI variable', 'nightly cron'] }, 'glpat-focus-1', 'imported');
  vault.add({ name: 'stale-mirror', ...gl, expiresAt: dayFromNow(-2) }, 'glpat-focus-2', 'imported');
  vault.add({ name: 'later-one', ...gl, expiresAt: dayFromNow(120) }, 'glpat-focus-3', 'imported');
  vault.close();
  page = await browser.newPage();
  await page.goto(h.preview.url);
  await page.getByLabel('Master password', { exact: true }).fill(PASSWORD);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('result-count')).toContainText('3');
});

test('dialogs open on their intended control, not the × button', async () => {
  await page.getByRole('searchbox', { name: 'Search tokens' }).press('ArrowDown');
  await expect(rows().getByRole('option', { selected: true })).toContainText('ci-reader');
  const cases: Array<[string, (d: Locator) => Locator]> = [
    ['Edit…', (d) => d.getByLabel('Name')],
    ['Delete…', (d) => d.getByRole('button', { name: 'Keep it' })],
    ['Revoke…', (d) => d.getByRole('button', { name: 'Cancel' })],
    ['Rotate…', (d) => d.locator('input').first()],
  ];
  for (const [opener, intended] of cases) {
    await page.getByRole('button', { name: opener }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Close' })).not.toBeFocused();
    await expect(intended(dialog)).toBeFocused();
    if (opener === 'Edit…') {
      for (const size of [{ width: 1200, height: 800 }, { width: 800, height: 600 }]) {
        await page.setViewportSize(size);
        await shoot(page, `i15-08-dialog-focus-${size.width}`);
      }
      await page.setViewportSize({ width: 1200, height: 780 });
    }
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    // Focus goes back to what opened it.
    await expect(page.getByRole('button', { name: opener })).toBeFocused();
  }
});

async function overlaps(a: Locator, b: Locator): Promise<boolean> {
  const [x, y] = [await a.boundingBox(), await b.boundingBox()];
  if (!x || !y) return false;
  return x.x < y.x + y.width && y.x < x.x + x.width && x.y < y.y + y.height && y.y < x.y + x.height;
}

test('toasts never cover Revoke… or Delete…, wide or at 800×600', async () => {
  for (const size of [{ width: 1200, height: 800 }, { width: 800, height: 600 }]) {
    await page.setViewportSize(size);
    await page.getByRole('button', { name: 'Copy', exact: true }).click();
    const toast = page.locator('.toast').first();
    await expect(toast).toBeVisible();
    for (const name of ['Revoke…', 'Delete…']) {
      const button = page.getByRole('button', { name });
      await button.scrollIntoViewIfNeeded();
      expect(await overlaps(toast, button), `${name} is not under the toast at ${size.width}`).toBe(false);
      // And the button really takes the click (nothing on top of it).
      await button.click({ trial: true });
    }
    await shoot(page, `i15-08-toast-clear-${size.width}`);
  }
  await page.setViewportSize({ width: 1200, height: 780 });
});

test('with a token selected the Calendar tab carries the count of expired and due-within-7-days', async () => {
  await expect(page.getByRole('heading', { name: 'ci-reader' })).toBeVisible();
  await expect(page.getByTestId('calendar-count')).toHaveText('2');
  await expect(page.getByRole('button', { name: 'Calendar', exact: true })).toHaveAccessibleDescription('2 tokens expired or due within 7 days');
});
