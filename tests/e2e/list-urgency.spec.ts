// The token list as a new user reads it (issue 15, items 3, 4, 5 and 9): dead tokens look
// dead and lead to a replacement, chips on the calendar's levels, a 30-day token not alarming
// on day one, "in N days" the same in the list and the calendar, and at 800×600 names win.
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { TEST_KDF } from '../../electron/vault/kdf';
import { Vault } from '../../electron/vault/vault';
import { shoot, startHarness, type Harness, sharedPageHooks } from './harness';

const PASSWORD = 'dead tokens look dead today';
const DAY = 86_400_000;
const dayFromNow = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);
let h: Harness;
let page: Page;
const rows = () => page.getByRole('listbox', { name: 'Tokens' });
const row = (name: string) => rows().getByRole('option', { name: new RegExp(`^${name}`) });

sharedPageHooks(() => ({ h, page }));

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  const vault = await Vault.create(join(h.dir, 'vault.db'), PASSWORD, { kdf: TEST_KDF });
  const gl = { kind: 'personal' as const, instance: 'https://gitlab.example.com', scopes: ['read_api'] };
  const revoked = vault.add({ name: 'old-deployer', ...gl, expiresAt: dayFromNow(45), usedIn: ['deploy job'] }, 'glpat-dead-1');
  vault.update(revoked.id, { revoked: true });
  vault.add({ name: 'expired-mirror', ...gl, expiresAt: dayFromNow(-3) }, 'glpat-dead-2', 'imported');
  // Made here with the 30-day preset: not "expiring" on its first day.
  vault.add({ name: 'fresh-thirty-day', ...gl, expiresAt: dayFromNow(30) }, 'glpat-live-1', 'created');
  vault.add({ name: 'due-in-five', ...gl, expiresAt: dayFromNow(5) }, 'glpat-live-2', 'imported');
  vault.add({ name: 'due-in-twenty', ...gl, expiresAt: dayFromNow(20) }, 'glpat-live-3', 'imported');
  vault.add({ name: 'analytics-dashboard-reader-production', ...gl, expiresAt: dayFromNow(200) }, 'glpat-live-4', 'imported');
  vault.close();
  page = await browser.newPage();
  await page.goto(h.preview.url);
  await page.getByLabel('Master password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByTestId('result-count')).toContainText('6');
});

test('chips use the calendar levels; a token made with the 30-day preset starts Active', async () => {
  await expect(row('due-in-five').locator('.chip').first()).toHaveText('Within 7 days');
  await expect(row('due-in-twenty').locator('.chip').first()).toHaveText('Within 30 days');
  await expect(row('fresh-thirty-day').locator('.chip').first()).toHaveText('Active');
  await expect(row('expired-mirror').locator('.chip').first()).toHaveText('Expired');
  await expect(row('old-deployer').locator('.chip').first()).toHaveText('Revoked');
});

test('"in N days" is the same in the list and the calendar agenda', async () => {
  const listText = await row('due-in-twenty').locator('.token-meta').last().innerText();
  const listDays = /in (\d+) days/.exec(listText)?.[1];
  expect(listDays).toBeTruthy();
  await page.getByRole('button', { name: 'Calendar', exact: true }).click();
  const agendaDay = page.locator('.tv-cal-agenda-day').filter({ has: page.locator('xpath=following-sibling::ul[1]') }).filter({ hasText: `in ${listDays} days` });
  await expect(agendaDay.first()).toBeVisible();
  const agendaList = agendaDay.first().locator('xpath=following-sibling::ul[1]');
  await expect(agendaList).toContainText('due-in-twenty');
  await page.getByRole('button', { name: 'Tokens', exact: true }).click();
});

test('a revoked token is dimmed, says so, offers Create replacement first, and its copy warns', async () => {
  await expect(row('old-deployer')).toHaveClass(/dead/);
  await expect(row('old-deployer')).toContainText('No longer works');
  await expect(row('old-deployer')).not.toContainText('Expires in');
  await expect(row('expired-mirror')).toContainText('Expired 3 days ago');
  await row('old-deployer').click();
  await expect(page.getByTestId('dead-banner')).toContainText('it was revoked');
  const toolbar = page.getByRole('toolbar', { name: 'Token actions' });
  await expect(toolbar.getByRole('button').first()).toHaveText('Create replacement');
  await expect(toolbar.getByRole('button', { name: 'Create replacement' })).toHaveClass(/primary/);
  await expect(toolbar.getByRole('button', { name: 'Rotate…' })).toHaveCount(0);
  await toolbar.getByRole('button', { name: 'Copy', exact: true }).click();
  const toast = page.locator('.toast').filter({ hasText: 'old-deployer' });
  await expect(toast).toContainText('but it is revoked, so GitLab will refuse it');
  await expect(toast).toHaveClass(/toast-warning/);
  await expect(toast).not.toHaveClass(/toast-success/);
  for (const size of [{ width: 1200, height: 800 }, { width: 800, height: 600 }]) {
    await page.setViewportSize(size);
    await shoot(page, `i15-03-dead-token-${size.width}`);
  }
  await page.setViewportSize({ width: 1200, height: 780 });
});

test('at 800×600 names win: shown whole, chips wrap under them', async () => {
  await page.setViewportSize({ width: 800, height: 600 });
  const name = row('analytics-dashboard-reader-production').locator('.token-name');
  await expect(name).toBeVisible();
  const fits = await name.evaluate((el) => el.scrollWidth <= el.clientWidth);
  expect(fits, 'the name is not cut').toBe(true);
  const nameBox = await name.boundingBox();
  const chipBox = await row('analytics-dashboard-reader-production').locator('.chip').first().boundingBox();
  expect(chipBox!.y).toBeGreaterThan(nameBox!.y + nameBox!.height - 1);
  // The top bar keeps every tab on one line (a wrapped "New token" made the bar twice as tall).
  const tabs = page.getByRole('navigation', { name: 'Views' }).getByRole('button');
  const heights = await tabs.evaluateAll((els) => els.map((el) => el.getBoundingClientRect().height));
  const lineHeight = await tabs.first().evaluate((el) => parseFloat(getComputedStyle(el).lineHeight) || 20);
  expect(Math.max(...heights), 'no tab wraps onto a second line').toBeLessThan(lineHeight * 2);
  await shoot(page, 'i15-09-list-800');
  await page.setViewportSize({ width: 1200, height: 800 });
  await shoot(page, 'i15-09-list-1200');
  await page.setViewportSize({ width: 1200, height: 780 });
});

test('a filter hides revoked and expired; Create replacement opens the wizard with its name and scopes', async () => {
  await page.getByLabel('Hide revoked and expired').check();
  await expect(page.getByTestId('result-count')).toContainText('4 of 6');
  await expect(row('old-deployer')).toHaveCount(0);
  await page.getByLabel('Hide revoked and expired').uncheck();
  await row('old-deployer').click();
  await page.getByRole('button', { name: 'Create replacement' }).click();
  await expect(page.getByRole('heading', { name: 'Replacing “old-deployer”' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Expiry' })).toBeVisible();
  const draft = await h.preview.services.api.draftGet({});
  expect(draft?.fields).toMatchObject({ name: 'old-deployer', scopes: ['read_api'], usedIn: ['deploy job'], instance: 'https://gitlab.example.com', replaces: expect.any(String) });
});
