// The top bar at the window sizes we promise: every tab and control whole, readable and inside
// the window, with the counts a busy vault carries (an urgent token, a draft in the wizard) and a
// vault with a real name. At 800×600 the tabs used to scroll out of sight ("Sett…") and the
// vault's name was cut to "My v…".
import { expect, test, type Page } from '@playwright/test';
import { shoot, startHarness, type Harness, sharedPageHooks } from './harness';

const PASSWORD = 'quiet meadow under seven lanterns';
const TABS = ['Tokens', 'New token', 'Calendar', 'Backups', 'Team', 'Settings'];
let h: Harness;
let page: Page;
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

sharedPageHooks(() => ({ h, page }));

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  const api = h.preview.services.api;
  await api.vaultCreate({ password: PASSWORD });
  await api.settingsUpdate({ patch: { vaultName: 'Work tokens' } });
  await api.tokensAdd({ entry: { name: 'deploy-soon', kind: 'project', instance: 'https://gitlab.example.com', expiresAt: inDays(3) }, secret: 'glpat-deploy-soon-aaaaaaaaaaaa' });
  await api.draftSave({ fields: { step: 'purpose', purpose: 'read-scripts', name: 'half-made', kind: 'personal', instance: 'https://gitlab.example.com', scopes: ['read_api'], expiresAt: inDays(30) } });
  page = await browser.newPage({ viewport: { width: 800, height: 600 } });
  await page.goto(h.preview.url);
  await expect(page.getByTestId('calendar-count')).toBeVisible();
});

/** Each element whole (nothing cut inside it) and its box inside both its clipping parent and the window. */
async function clipped(page: Page): Promise<string[]> {
  return page.locator('.topbar').evaluate((bar) => {
    const out: string[] = [];
    const vw = document.documentElement.clientWidth;
    const controls = [...bar.querySelectorAll<HTMLElement>('button')].filter((b) => b.offsetParent !== null);
    for (const el of [...controls, ...bar.querySelectorAll<HTMLElement>('.vault-badge, .vault-name')]) {
      const r = el.getBoundingClientRect();
      const name = (el.textContent ?? '').trim() || el.getAttribute('aria-label') || el.className;
      if (el.scrollWidth > el.clientWidth + 1) out.push(`${name}: its text is cut (${el.scrollWidth} > ${el.clientWidth})`);
      if (r.left < 0 || r.right > vw + 0.5) out.push(`${name}: outside the window (${Math.round(r.left)}–${Math.round(r.right)} of ${vw})`);
      for (let p = el.parentElement; p && p !== bar.parentElement; p = p.parentElement) {
        if (getComputedStyle(p).overflowX === 'visible') continue;
        const pr = p.getBoundingClientRect();
        if (r.left < pr.left - 0.5 || r.right > pr.right + 0.5) out.push(`${name}: cut by its ${p.tagName.toLowerCase()} (${Math.round(r.left)}–${Math.round(r.right)} in ${Math.round(pr.left)}–${Math.round(pr.right)})`);
      }
    }
    return out;
  });
}

for (const [width, height] of [[800, 600], [1200, 800]] as const) {
  test(`at ${width}×${height} every tab and control of the top bar is whole and in the window`, async () => {
    await page.setViewportSize({ width, height });
    for (const label of TABS) await expect(page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: new RegExp(`^${label}`) })).toBeVisible();
    expect(await clipped(page)).toEqual([]);
    await expect(page.getByRole('button', { name: /Work tokens/ })).toContainText('Work tokens');
    await shoot(page, `topbar-${width}`);
  });
}

test('at 800×600 Tab walks the top bar in order, and Enter on Settings opens it', async () => {
  await page.setViewportSize({ width: 800, height: 600 });
  await page.getByRole('button', { name: /Work tokens/ }).focus();
  const seen: string[] = [];
  for (let i = 0; i < TABS.length; i += 1) {
    await page.keyboard.press('Tab');
    seen.push(await page.evaluate(() => (document.activeElement?.textContent ?? '').trim()));
  }
  expect(seen.map((s) => s.replace(/\d+$|\s*\(draft in progress\)$/, ''))).toEqual(TABS);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  expect(await clipped(page)).toEqual([]);
});
