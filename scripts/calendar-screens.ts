// Builds the calendar demo page with Vite, opens it in Chromium (Playwright), checks that the
// keyboard, mouse and callbacks work, screenshots it light and dark into artifacts/screens/,
// and times a 10,000-token render and a page of weeks. Run:
//   node --import tsx scripts/calendar-screens.ts
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import react from '@vitejs/plugin-react';
import { chromium, type Page } from '@playwright/test';
import { build, preview } from 'vite';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const root = path.join(repo, 'renderer/src/calendar');
const outDir = path.join(repo, 'artifacts/calendar-demo');
const screens = path.join(repo, 'artifacts/screens');
const NOW = '2026-11-25T10:00:00Z';

await build({
  configFile: false,
  root,
  base: './',
  logLevel: 'warn',
  plugins: [react()],
  build: { outDir, emptyOutDir: true, rollupOptions: { input: path.join(root, 'demo.html') } },
});
const server = await preview({ configFile: false, root, build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: false }, logLevel: 'warn' });
const base = server.resolvedUrls?.local[0];
assert.ok(base, 'vite preview did not report a URL');

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

async function open(scheme: 'light' | 'dark', query: string): Promise<Page> {
  const page = await browser.newPage({ colorScheme: scheme, viewport: { width: 1280, height: 1100 }, timezoneId: 'Europe/Berlin', locale: 'en-GB' });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`${base}demo.html?${query}`);
  await page.waitForSelector('[role="grid"]');
  assert.deepEqual(errors, [], `page errors: ${errors.join('; ')}`);
  return page;
}

try {
  for (const scheme of ['light', 'dark'] as const) {
    const page = await open(scheme, `now=${NOW}`);
    await page.screenshot({ path: path.join(screens, `calendar-${scheme}.png`), fullPage: true });
    if (scheme === 'light') {
      const title = page.locator('.tv-cal-title');
      // Five weeks from the week of "now" (Wednesday 25 November); a page is four weeks.
      assert.equal(await title.textContent(), '23 Nov – 27 Dec 2026');
      await page.locator('[role="grid"]').focus();
      await page.keyboard.press('PageDown');
      assert.equal(await title.textContent(), '21 Dec 2026 – 24 Jan 2027');
      await page.screenshot({ path: path.join(screens, `calendar-next-weeks-${scheme}.png`), fullPage: true });
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('t');
      assert.equal(await title.textContent(), '23 Nov – 27 Dec 2026');
      await page.getByRole('button', { name: 'Next weeks' }).click();
      await page.getByRole('button', { name: 'Next weeks' }).click();
      assert.equal(await title.textContent(), '18 Jan – 21 Feb 2027');
      await page.getByRole('button', { name: 'Today', exact: true }).click();
      assert.equal(await title.textContent(), '23 Nov – 27 Dec 2026');
      await page.locator('.tv-cal-grid .tv-cal-chip').first().click();
      assert.match((await page.getByTestId('opened').textContent()) ?? '', /^Opened: t\d+$/);
      // Pick a day with tokens by mouse, then keyboard: Enter into its list, Enter opens it.
      await page.locator('.tv-cal-day:has(.tv-cal-chip) .tv-cal-daynum').last().click();
      await page.keyboard.press('Enter');
      const focusedId = await page.evaluate(() => document.activeElement?.getAttribute('data-entry-id') ?? null);
      assert.ok(focusedId, 'Enter on a day with tokens should focus its first token');
      await page.keyboard.press('Enter');
      assert.equal(await page.getByTestId('opened').textContent(), `Opened: ${focusedId}`);
      const summary = (await page.locator('.tv-cal-summary').textContent()) ?? '';
      console.log(`summary: ${summary}`);
    }
    await page.close();
  }

  const big = await open('light', `now=${NOW}&n=10000`);
  await big.waitForFunction(() => (window as unknown as { calendarRenderMs?: number }).calendarRenderMs !== undefined);
  const renderMs = await big.evaluate(() => (window as unknown as { calendarRenderMs: number }).calendarRenderMs);
  await big.locator('[role="grid"]').focus();
  const pageMs = await big.evaluate(async () => {
    const grid = document.querySelector('[role="grid"]') as HTMLElement;
    const t0 = performance.now();
    grid.dispatchEvent(new KeyboardEvent('keydown', { key: 'PageDown', bubbles: true }));
    await new Promise((r) => requestAnimationFrame(() => r(null)));
    return performance.now() - t0;
  });
  const cells = await big.locator('.tv-cal-chip').count();
  console.log(`10,000 tokens: first render ${renderMs.toFixed(0)} ms, page change ${pageMs.toFixed(0)} ms, ${cells} name chips in the grid`);
  await big.screenshot({ path: path.join(screens, 'calendar-10000-light.png') });
  await big.close();
  console.log(`screenshots in ${screens}`);
} finally {
  await browser.close();
  await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
}
