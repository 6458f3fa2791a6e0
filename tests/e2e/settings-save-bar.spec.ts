// Settings' Save / Undo bar is wholly in sight whenever it shows. At 800×600 the settings form
// starts under the vault's name and colour (y≈560), and the bar stuck to the window's bottom
// edge from inside the form could not rise above the form's top: at the top of Settings it
// showed half cut off by the window's edge. It now sticks from the page itself, after the form.
import { expect, test, type Page } from '@playwright/test';
import { shoot, startHarness, type Harness, sharedPageHooks } from './harness';

let h: Harness;
let page: Page;
const bar = () => page.getByRole('group', { name: 'Save or undo the settings above' });
const lead = () => page.getByLabel('Remind me this many days before a token expires');

sharedPageHooks(() => ({ h, page }));

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  await h.preview.services.api.vaultCreate({ password: 'a bar wholly in sight' });
  page = await browser.newPage({ viewport: { width: 800, height: 600 } });
  await page.goto(h.preview.url);
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
});

/** The bar's box lies wholly inside the window, and Save and Undo with it. */
async function barWhollyInSight(): Promise<void> {
  const box = (await bar().boundingBox())!;
  const size = page.viewportSize()!;
  expect(box.y, 'the bar starts inside the window').toBeGreaterThanOrEqual(0);
  expect(box.y + box.height, 'the bar ends inside the window').toBeLessThanOrEqual(size.height);
  for (const name of ['Save settings', 'Undo changes']) await expect(page.getByRole('button', { name })).toBeInViewport({ ratio: 1 });
}

for (const size of [{ width: 800, height: 600 }, { width: 1200, height: 800 }]) {
  test(`at ${size.width}×${size.height} the bar is wholly in sight at the top of Settings and beside the form's fields`, async () => {
    await page.setViewportSize(size);
    const scroller = page.locator('.page');
    await scroller.evaluate((e) => e.scrollTo(0, 0));
    await barWhollyInSight();
    await shoot(page, `settings-save-bar-top-${size.width}`);
    for (const label of ['Lock after this many idle minutes (0 = never)', 'Backups folder', 'Ask before a token leaves the vault for git or another program']) {
      await page.getByLabel(label).scrollIntoViewIfNeeded();
      await barWhollyInSight();
    }
    await shoot(page, `settings-save-bar-form-${size.width}`);
    // Past the form the bar scrolls away with it, rather than covering the sections below.
    await scroller.evaluate((e) => e.scrollTo(0, e.scrollHeight));
    const box = (await bar().boundingBox())!;
    const releases = (await page.getByRole('heading', { name: 'Given to programs' }).boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(releases.y);
  });
}

test('Enter in a field saves, and Undo changes puts back what was saved', async () => {
  await page.locator('.page').evaluate((e) => e.scrollTo(0, 0));
  await lead().fill('45, 9');
  await lead().press('Enter');
  await expect(page.getByText('Settings saved.')).toBeVisible();
  expect((await h.preview.services.api.settingsGet({})).defaultLeadDays).toEqual([45, 9]);
  await lead().fill('1');
  await page.getByRole('button', { name: 'Undo changes' }).click();
  await expect(lead()).toHaveValue('45, 9');
});
