// The Calendar screen as a new user meets it (issue 15, item 5): the agenda (expired, then the
// next 90 days) comes first, the grid starts with this week, and the two-column layout follows
// the width the calendar really gets (not the window): side by side at 1200×800, stacked at
// 800×600, nothing overlapping or cut off. Shot light and dark at both sizes.
import { join } from 'node:path';
import { addDays, addWeeks } from 'date-fns';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { TEST_KDF } from '../../electron/vault/kdf';
import { Vault } from '../../electron/vault/vault';
import { formatLongLocalDay, formatShortLocalDay } from '../../renderer/src/lib/dates';
import { shoot, startHarness, type Harness, sharedPageHooks } from './harness';

const PASSWORD = 'agenda first, this week first';
const DAY = 86_400_000;
const dayFromNow = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);

// [name, days from now]. Fillers make a realistic agenda (it pages) and a busy grid.
const EXPIRED: Array<[string, number]> = [
  ['expired-last-week', -5],
  ['expired-last-month', -30],
];
const UPCOMING: Array<[string, number]> = [
  ['due-in-2', 2],
  ['due-in-40', 40],
  ['due-in-90', 90],
  ...Array.from({ length: 18 }, (_, i): [string, number] => [`filler-${String(i + 1).padStart(2, '0')}`, 3 + ((i * 23) % 85)]),
];
// A busy day: the agenda lists three and offers the rest in the grid.
const BUSY: Array<[string, number]> = ['busy-a', 'busy-b', 'busy-c', 'busy-d'].map((n): [string, number] => [n, 12]);
const BEYOND: Array<[string, number]> = [
  ['due-in-91', 91],
  ['due-in-200', 200],
];

let h: Harness;
let page: Page;
const agenda = () => page.getByRole('region', { name: 'Agenda' });
const grid = () => page.getByRole('grid');

sharedPageHooks(() => ({ h, page }));

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  const vault = await Vault.create(join(h.dir, 'vault.db'), PASSWORD, { kdf: TEST_KDF });
  const gl = { kind: 'project' as const, instance: 'https://gitlab.example.com' };
  for (const [name, days] of [...EXPIRED, ...UPCOMING, ...BUSY, ...BEYOND]) vault.add({ name, ...gl, expiresAt: dayFromNow(days) }, `glpat-${name}`, 'imported');
  const revoked = vault.add({ name: 'revoked-in-10', ...gl, expiresAt: dayFromNow(10) }, 'glpat-revoked', 'imported');
  vault.update(revoked.id, { revoked: true });
  vault.close();
  page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  await unlockToCalendar(page);
});

async function unlockToCalendar(p: Page, clock?: Date) {
  await p.goto(h.preview.url);
  // The preview server holds one unlocked vault: a second page finds it open.
  const password = p.getByLabel('Master password', { exact: true });
  const calendarTab = p.getByRole('button', { name: 'Calendar', exact: true });
  await expect(password.or(calendarTab)).toBeVisible();
  if (await password.isVisible()) {
    await password.fill(PASSWORD);
    await p.getByRole('button', { name: 'Unlock' }).click();
  }
  await expect(calendarTab).toBeVisible();
  // The page's clock (what the calendar calls today) is set once unlocked; the server keeps its own.
  if (clock) await p.clock.setFixedTime(clock);
  await p.getByRole('button', { name: 'Calendar', exact: true }).click();
  await expect(p.getByRole('grid')).toBeVisible();
}

async function box(l: Locator) {
  const b = await l.boundingBox();
  if (!b) throw new Error('element has no box');
  return { left: b.x, top: b.y, right: b.x + b.width, bottom: b.y + b.height, width: b.width, height: b.height };
}

/** Nothing of the calendar sticks out of its pane sideways, and the grid's seven days fit. */
async function expectNothingCutOff() {
  const cal = await box(page.locator('.tv-cal'));
  const pane = await box(page.locator('.page'));
  expect(cal.right).toBeLessThanOrEqual(pane.right + 0.5);
  expect(await page.locator('.page').evaluate((e) => e.scrollWidth - e.clientWidth)).toBeLessThanOrEqual(0);
  for (const part of [await box(agenda()), await box(grid())]) {
    expect(part.left).toBeGreaterThanOrEqual(cal.left - 0.5);
    expect(part.right).toBeLessThanOrEqual(cal.right + 0.5);
  }
  const g = await box(grid());
  const firstRow = grid().getByRole('row').nth(1).getByRole('gridcell');
  await expect(firstRow).toHaveCount(7);
  for (const cell of [await box(firstRow.first()), await box(firstRow.last())]) {
    expect(cell.left).toBeGreaterThanOrEqual(g.left - 0.5);
    expect(cell.right).toBeLessThanOrEqual(g.right + 0.5);
    expect(cell.width).toBeGreaterThanOrEqual(80);
  }
  // Every agenda row is as wide as its column: no name is pushed out of view.
  const rows = agenda().locator('.tv-cal-row');
  const a = await box(agenda());
  for (const r of [await box(rows.first()), await box(rows.last())]) expect(r.right).toBeLessThanOrEqual(a.right + 0.5);
}

test('the grid starts with this week, shows the next four weeks without paging, and still pages', async ({ browser }) => {
  // A fixed mid-month clock, so the first row of the month cannot hold "today" by chance.
  const fixed = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  const today = new Date(2027, 2, 18, 10, 0);
  const previous = page;
  page = fixed;
  try {
    await unlockToCalendar(fixed, today);
    const cellName = (d: Date) => new RegExp(`^${formatLongLocalDay(d)}:`);
    const rows = grid().getByRole('row');
    await expect(rows.nth(1).getByRole('gridcell', { name: cellName(today) })).toBeVisible();
    await expect(grid().getByRole('gridcell', { name: cellName(addDays(today, 28)) })).toBeVisible();
    await expect(grid().getByRole('gridcell', { name: cellName(new Date(2027, 2, 1)) })).toHaveCount(0);
    // Paging moves four weeks (the last week stays as the first), by button and by keyboard.
    await fixed.getByRole('button', { name: 'Next weeks' }).click();
    await expect(rows.nth(1).getByRole('gridcell', { name: cellName(addWeeks(today, 4)) })).toBeVisible();
    await grid().focus();
    await fixed.keyboard.press('PageUp');
    await expect(rows.nth(1).getByRole('gridcell', { name: cellName(today) })).toBeVisible();
    await fixed.keyboard.press('PageUp');
    await expect(rows.nth(1).getByRole('gridcell', { name: cellName(addWeeks(today, -4)) })).toBeVisible();
    await fixed.getByRole('button', { name: 'Today', exact: true }).click();
    await expect(rows.nth(1).getByRole('gridcell', { name: cellName(today) })).toBeVisible();
    // Arrows past the last row scroll the view a week, keeping the focused day in it.
    await grid().focus();
    for (let i = 0; i < 5; i++) await fixed.keyboard.press('ArrowDown');
    await expect(rows.last().getByRole('gridcell', { name: cellName(addWeeks(today, 5)) })).toHaveAttribute('aria-selected', 'true');
    await expect(rows.nth(1).getByRole('gridcell', { name: cellName(addWeeks(today, 1)) })).toBeVisible();
    await fixed.keyboard.press('t');
    await grid().scrollIntoViewIfNeeded();
    await shoot(fixed, 'calendar-mid-week-1200x800');
  } finally {
    page = previous;
    await fixed.close();
  }
});

test('two columns at 1200×800: agenda beside the grid, not overlapping, nothing cut off', async () => {
  await page.setViewportSize({ width: 1200, height: 800 });
  const a = await box(agenda());
  const g = await box(grid());
  expect(a.right).toBeLessThanOrEqual(g.left);
  expect(a.top).toBeLessThan(g.bottom);
  expect(g.top).toBeLessThan(a.bottom);
  await expectNothingCutOff();
  await shoot(page, 'calendar-1200x800');
});

test('one column at 800×600: the agenda above the grid, full width, nothing cut off', async () => {
  await page.setViewportSize({ width: 800, height: 600 });
  const a = await box(agenda());
  const g = await box(grid());
  expect(a.bottom).toBeLessThanOrEqual(g.top);
  expect(Math.abs(a.left - g.left)).toBeLessThanOrEqual(1);
  await expectNothingCutOff();
  await shoot(page, 'calendar-800x600');
  await page.locator('.page').evaluate((pane) => {
    const block = pane.querySelector('.tv-cal-month') as HTMLElement;
    pane.scrollTop += block.getBoundingClientRect().top - pane.getBoundingClientRect().top - 8;
  });
  await shoot(page, 'calendar-800x600-grid');
});

test('the columns follow the calendar pane, not the window: a narrow pane in a wide window stacks', async () => {
  await page.setViewportSize({ width: 1200, height: 800 });
  await page.locator('.page').evaluate((e) => {
    (e as HTMLElement).style.width = '760px';
  });
  try {
    const a = await box(agenda());
    const g = await box(grid());
    expect(a.bottom).toBeLessThanOrEqual(g.top);
    await expectNothingCutOff();
  } finally {
    await page.locator('.page').evaluate((e) => {
      (e as HTMLElement).style.width = '';
    });
  }
});

test('the agenda comes first: expired oldest first, then the next 90 days in date order, nothing after day 90', async () => {
  const region = agenda();
  await expect(region).toBeVisible();
  // Before the grid in reading (and Tab) order.
  expect(await region.evaluate((a) => Boolean(a.compareDocumentPosition(document.querySelector('[role="grid"]') as Node) & Node.DOCUMENT_POSITION_FOLLOWING))).toBe(true);
  // The agenda pages; open every page.
  const more = region.getByRole('button', { name: /^Show \d+ more/ });
  while (await more.count()) await more.click();
  const byDate = (list: Array<[string, number]>) => [...list].sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0])).map(([n]) => n);
  const names = await region.locator('.tv-cal-row-name').allInnerTexts();
  expect(names).toEqual([...byDate(EXPIRED), ...byDate([...UPCOMING, ...BUSY.slice(0, 3)])]);
  await expect(region.getByRole('region', { name: 'Expired tokens' })).toContainText('30 days ago');
  await expect(region.getByRole('region', { name: 'Next 90 days' })).toContainText('in 90 days');
  await expect(region).not.toContainText('due-in-91');
  await expect(region).not.toContainText('revoked-in-10');
  // First in Tab order too: from the screen's header straight into the agenda.
  await page.getByRole('button', { name: 'Add to my calendar…' }).focus();
  await page.keyboard.press('Tab');
  await expect(region.getByRole('button', { name: /^expired-last-month/ })).toBeFocused();
});

test('"+1 more on <day>" in the agenda takes the keyboard to that day in the grid, and Enter into its tokens', async () => {
  // Stacked (800×600), the grid is below the agenda: the jump must bring it into view.
  await page.setViewportSize({ width: 800, height: 600 });
  const busyDay = addDays(new Date(), 12);
  await agenda().getByRole('button', { name: `+1 more on ${formatShortLocalDay(busyDay)}` }).focus();
  await page.keyboard.press('Enter');
  await expect(grid()).toBeFocused();
  await expect(page.locator('.tv-cal-title')).toBeInViewport();
  await expect(page.getByRole('navigation', { name: 'Views' })).toBeInViewport();
  const active = await grid().getAttribute('aria-activedescendant');
  await expect(page.locator(`[id="${active}"]`)).toHaveAttribute('aria-label', `${formatLongLocalDay(busyDay)}: 4 expiries`);
  const dayList = page.getByRole('region', { name: `Expiries on ${formatLongLocalDay(busyDay)}` });
  await expect(dayList.locator('.tv-cal-row-name')).toHaveText(['busy-a', 'busy-b', 'busy-c', 'busy-d']);
  await page.keyboard.press('Enter');
  await expect(dayList.getByRole('button', { name: /^busy-a/ })).toBeFocused();
});
