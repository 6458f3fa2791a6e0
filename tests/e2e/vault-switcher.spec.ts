// The header's vault switcher (issue 20, item 5): the personal vault and the team vault side by
// side — each with its name and colour, the open one ticked and named in the header as personal
// or team — reached by mouse, by the arrow keys, and by Ctrl+1…9; switching locks the vault
// left and shows the other's unlock screen; a shortcut never switches away from the new-token
// wizard (a token shown once must not be dropped). Screens light and dark, 1200×800 and 800×600.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { shoot, startHarness, type Harness, sharedPageHooks } from './harness';

const PW = 'harbour lights over the slate roofs';
let h: Harness;
let page: Page;

sharedPageHooks(() => ({ h, page }));

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  const folder = path.join(h.dir, 'TeamSync');
  fs.mkdirSync(folder);
  const api = h.preview.services.api;
  await api.vaultCreate({ password: PW });
  await api.tokensAdd({ entry: { name: 'alice-own' }, secret: 'glpat-alice-own-personal-1' });
  await api.teamMakeIdentity({ name: 'Alice' });
  // Made as the Team tab makes it: a file beside the personal one, shown unlocked.
  await api.teamCreate({ name: 'Platform', place: { kind: 'folder', where: folder }, password: PW });
  await api.tokensAdd({ entry: { name: 'platform-deploy' }, secret: 'glpat-platform-deploy-team-1' });
  page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  await page.goto(h.preview.url);
});

const switcher = () => page.getByTestId('vault-switcher');
const menu = () => page.getByRole('menu', { name: 'Switch vault' });
const unlock = async () => {
  await page.getByLabel('Master password').fill(PW);
  await page.getByLabel('Master password').press('Enter');
  await expect(page.getByRole('button', { name: 'Lock' })).toBeVisible({ timeout: 30_000 });
};

test('the header says which vault is open and that it is the team’s; the menu lists personal and team vaults, each in its colour', async () => {
  await expect(switcher()).toHaveAccessibleName('Platform, team vault — switch vault');
  await expect(switcher()).toHaveAttribute('data-kind', 'team');
  await expect(switcher().getByText('Team', { exact: true })).toBeVisible();
  await switcher().click();
  const personal = menu().getByRole('group', { name: 'Personal' }).getByRole('menuitemradio');
  const team = menu().getByRole('group', { name: 'Team vaults' }).getByRole('menuitemradio');
  await expect(personal).toHaveCount(1);
  await expect(personal).toContainText('My vault');
  await expect(personal).toHaveAttribute('aria-checked', 'false');
  await expect(team).toHaveCount(1);
  await expect(team).toContainText('Platform');
  await expect(team).toHaveAttribute('aria-checked', 'true');
  // Two vaults, two colours: the team copy was given one the personal vault does not have.
  const personalColour = await personal.locator('.vault-dot').getAttribute('class');
  const teamColour = await team.locator('.vault-dot').getAttribute('class');
  expect(personalColour).toContain('vault-blue');
  expect(teamColour).not.toBe(personalColour);
  await expect(page.locator('.topbar')).not.toHaveAttribute('data-colour', 'blue');
  // Opened by click, focus is on the open vault.
  await expect(team).toBeFocused();
  await shoot(page, 'switcher-01-menu-1200');
  await page.keyboard.press('Escape');
  await expect(menu()).toHaveCount(0);
  await expect(switcher()).toBeFocused();
});

test('by keyboard alone: arrow down opens it, arrows move, Enter switches to the personal vault, which asks its password', async () => {
  await switcher().focus();
  await page.keyboard.press('ArrowDown');
  await expect(menu()).toBeVisible();
  await page.keyboard.press('Home');
  await expect(menu().getByRole('menuitemradio', { name: /My vault/ })).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(menu().getByRole('menuitem', { name: 'Open another vault…' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(menu().getByRole('menuitemradio', { name: /My vault/ })).toBeFocused();
  await page.keyboard.press('Enter');
  // The team vault was locked on the way out; the personal one opens with its own password.
  await expect(page.getByRole('heading', { name: 'Unlock Token Vault' })).toBeVisible();
  await expect(page.getByTestId('vault-badge')).toHaveText('My vault');
  expect(h.preview.services.session.path).toBe(path.join(h.dir, 'vault.db'));
  await unlock();
  await expect(switcher()).toHaveAccessibleName('My vault, personal vault — switch vault');
  await expect(page.getByText('alice-own')).toBeVisible();
  await expect(page.getByText('platform-deploy')).toHaveCount(0);
});

test('Ctrl+2 goes straight to the second vault of the menu — but not from the new-token wizard', async () => {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'New token' }).click();
  await page.keyboard.press('Control+2');
  await expect(page.getByRole('button', { name: 'Lock' })).toBeVisible();
  expect(h.preview.services.session.path).toBe(path.join(h.dir, 'vault.db'));
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Tokens' }).click();
  await page.keyboard.press('Control+2');
  await expect(page.getByRole('heading', { name: 'Unlock Token Vault' })).toBeVisible();
  await expect(page.getByTestId('vault-badge')).toHaveText('Platform');
  await unlock();
  await expect(page.getByText('platform-deploy')).toBeVisible();
  await expect(switcher()).toHaveAttribute('data-kind', 'team');
});

test('at 800×600 the switcher and its menu still say which vault is which', async () => {
  await page.setViewportSize({ width: 800, height: 600 });
  await expect(switcher().getByText('Team', { exact: true })).toBeVisible();
  await switcher().click();
  await expect(menu()).toBeVisible();
  await shoot(page, 'switcher-02-menu-800');
  await page.keyboard.press('Escape');
  await shoot(page, 'switcher-03-header-800');
});
