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
// The route is taken away only once every list answer it is handling is delivered: a plain
// unroute continued a late one (a reload after the test's last edit) under a handler still
// about to fulfil it, which then failed with "Route is already handled!" (seen once in a full run).
const stopHolding = () => page.unrouteAll({ behavior: 'wait' });

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
  await stopHolding();
});

test('edits made before the whole list is in are kept: a copy, a rename, a delete, an Edit still open, and the selection', async () => {
  // Where the person was at the lock: the window returns there after the unlock, unless they
  // have gone elsewhere while the whole list was on its way.
  await rows().getByRole('option', { name: new RegExp(name(3)) }).click();
  await expect(page.getByRole('heading', { name: name(3), level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Lock', exact: true }).click();
  await expect(page.getByLabel('Master password')).toBeVisible();

  // Main answers each whole list at once, as it stands when asked (before the edits, or the
  // reload an edit causes before the next edit); the answers are delivered only when released,
  // as a slow window would get them.
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let asked = 0;
  await page.route('**/api/tokensList', async (route) => {
    asked += 1;
    const stale = await route.fetch();
    await released;
    await route.fulfill({ response: stale });
  });
  await page.getByLabel('Master password').fill(PASSWORD);
  await page.getByLabel('Master password').press('Enter');
  await expect(page.getByTestId('result-count')).toHaveText(`Loading ${TOKENS} tokens…`);
  await expect.poll(() => asked).toBeGreaterThan(0);

  // A copy.
  await rows().getByRole('option', { name: new RegExp(name(10)) }).click();
  await page.getByRole('toolbar', { name: 'Token actions' }).getByRole('button', { name: 'Copy' }).click();
  await expect(page.getByText(`Copied “${name(10)}”.`)).toBeVisible();
  expect(h.clipboard.text).toBe('glpat-first-screen-e2e-10');
  // A rename.
  await page.getByRole('button', { name: 'Edit…' }).click();
  await page.getByRole('dialog', { name: `Edit “${name(10)}”` }).getByLabel('Name').fill(`${name(10)}-renamed`);
  await page.getByRole('dialog', { name: `Edit “${name(10)}”` }).getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { name: `${name(10)}-renamed`, level: 1 })).toBeVisible();
  // A delete.
  await rows().getByRole('option', { name: new RegExp(`${name(20)}\\b`) }).click();
  await page.getByRole('button', { name: 'Delete…' }).click();
  await page.getByRole('dialog', { name: `Move “${name(20)}” to the Trash?` }).getByRole('button', { name: 'Move to Trash' }).click();
  await expect(rows().getByRole('option', { name: new RegExp(name(20)) })).toHaveCount(0);
  // A selection, with its Edit open and typed into when the whole list comes in.
  await rows().getByRole('option', { name: new RegExp(name(30)) }).click();
  await page.getByRole('button', { name: 'Edit…' }).click();
  const edit = page.getByRole('dialog', { name: `Edit “${name(30)}”` });
  await edit.getByLabel('Name').fill(`${name(30)}-typed-in-the-gap`);
  await expect(page.getByTestId('result-count')).toHaveText(`Loading ${TOKENS - 1} tokens…`);

  release();
  await expect(page.getByTestId('result-count')).toHaveText(`${TOKENS - 1} tokens`);
  // Nothing the stale answer held came back, the selection is the one made, the Edit stays open.
  await expect(rows().getByRole('option', { selected: true })).toContainText(name(30));
  await expect(edit.getByLabel('Name')).toHaveValue(`${name(30)}-typed-in-the-gap`);
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { name: `${name(30)}-typed-in-the-gap`, level: 1 })).toBeVisible();
  const search = page.getByRole('searchbox', { name: 'Search tokens' });
  await search.fill(name(10));
  await expect(rows().getByRole('option')).toHaveCount(1);
  await expect(rows().getByRole('option').first()).toContainText(`${name(10)}-renamed`);
  await search.fill(name(20));
  await expect(rows().getByRole('option').first()).toBeVisible();
  await expect(rows().getByText(name(20), { exact: true })).toHaveCount(0);
  await search.fill('');
  const names = (await h.preview.services.api.tokensList({})).map((e) => e.name);
  expect(names).toContain(`${name(10)}-renamed`);
  expect(names).toContain(`${name(30)}-typed-in-the-gap`);
  expect(names).not.toContain(name(20));
  expect(names).toHaveLength(TOKENS - 1);
  await stopHolding();
});
