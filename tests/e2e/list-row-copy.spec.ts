// The selected row's Copy button covers nothing of the row: it floated over the row's right
// end, where the expiry is, and left "Date" of "Date unknown" at 800×600 and "Expires Jun" of
// "Expires Jun 25, 2027" at 1280×800. Its room is now kept on the name's line in every row.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { shoot, startHarness, type Harness, sharedPageHooks } from './harness';

let h: Harness;
let page: Page;
const list = () => page.getByRole('listbox', { name: 'Tokens' });
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const NAMES = ['no-date-known', 'far-off', 'soon', 'analytics-dashboard-reader-production-eu-west'];

sharedPageHooks(() => ({ h, page }));

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  const api = h.preview.services.api;
  await api.vaultCreate({ password: 'a copy button that covers nothing' });
  await api.tokensAdd({ entry: { name: 'no-date-known', kind: 'project', instance: 'https://gitlab.example.com' }, secret: 'glpat-row-copy-000000001' });
  await api.tokensAdd({ entry: { name: 'far-off', kind: 'personal', instance: 'https://gitlab.example.com', expiresAt: inDays(200) }, secret: 'glpat-row-copy-000000002' });
  await api.tokensAdd({ entry: { name: 'soon', kind: 'personal', instance: 'https://gitlab.example.com', expiresAt: inDays(12) }, secret: 'glpat-row-copy-000000003' });
  await api.tokensAdd({ entry: { name: NAMES[3]!, kind: 'group', instance: 'https://gitlab.example.com', expiresAt: inDays(40) }, secret: 'glpat-row-copy-000000004' });
  page = await browser.newPage({ viewport: { width: 800, height: 600 } });
  await page.goto(h.preview.url);
  await expect(page.getByTestId('result-count')).toHaveText('4 tokens');
});

type Box = { x: number; y: number; width: number; height: number };
const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The box of an element's text itself (not of its padding or of an empty stretch of it). */
const textBox = (l: Locator) => l.evaluate((el) => {
  const range = document.createRange();
  range.selectNodeContents(el);
  const r = range.getBoundingClientRect();
  return { x: r.x, y: r.y, width: r.width, height: r.height };
});

for (const size of [{ width: 800, height: 600 }, { width: 1280, height: 800 }]) {
  test(`at ${size.width}×${size.height} the selected row's Copy button covers neither the expiry nor the name, and the expiry shows whole`, async () => {
    await page.setViewportSize(size);
    for (const name of NAMES) {
      const row = list().getByRole('option', { name: new RegExp(name) });
      await row.click();
      await list().focus();
      await page.mouse.move(0, 0);
      const copy = row.getByRole('button', { name: `Copy ${name}` });
      await expect(copy).toBeVisible();
      const button = (await copy.boundingBox())!;
      const when = row.locator('.token-when');
      expect(overlap(button, await textBox(when)), `Copy covers the expiry of ${name}`).toBe(false);
      expect(overlap(button, await textBox(row.locator('.token-name'))), `Copy covers the name ${name}`).toBe(false);
      expect(await when.evaluate((el) => el.scrollWidth <= el.clientWidth), `the expiry of ${name} is not cut`).toBe(true);
      // Inside its row: nothing of it spills over the next row's name.
      const rowBox = (await row.boundingBox())!;
      expect(button.y).toBeGreaterThanOrEqual(rowBox.y);
      expect(button.y + button.height).toBeLessThanOrEqual(rowBox.y + rowBox.height);
      await shoot(page, `list-row-copy-${name}-${size.width}`);
    }
  });
}

test('the button still copies, and a click on it leaves the row selected', async () => {
  const row = list().getByRole('option', { name: /far-off/ });
  await row.hover();
  await row.getByRole('button', { name: 'Copy far-off' }).click();
  await expect.poll(() => h.clipboard.written.at(-1)).toBe('glpat-row-copy-000000002');
  await expect(row).toHaveAttribute('aria-selected', 'true');
});
