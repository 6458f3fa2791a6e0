// "Move to team vault…" on a personal token (issue 20, item 5): with no team vault there is
// nowhere to go and it says so; a wrong master password for the team copy (it stays locked) and
// a name the team vault already uses are each refused in one sentence with the token still here;
// a move that works says what happens first, shows its steps, and ends on where the token is now
// — in the team copy (a member reads it after a sync), this vault's copy in its Trash.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { Vault } from '../../electron/vault/vault';
import { shoot, startHarness, type Harness, sharedPageHooks } from './harness';

const PW = 'tidal charts for the northern sound';
let h: Harness;
let page: Page;
let personalPath: string;
let teamPath: string;

sharedPageHooks(() => ({ h, page }));

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  const api = h.preview.services.api;
  await api.vaultCreate({ password: PW });
  personalPath = h.preview.services.session.path;
  await api.tokensAdd({ entry: { name: 'deploy-key', description: 'pushes the release images' }, secret: 'glpat-deploy-key-personal-0001' });
  await api.tokensAdd({ entry: { name: 'clash-name' }, secret: 'glpat-clash-name-personal-0002' });
  await api.teamMakeIdentity({ name: 'Alice' });
  page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  await page.goto(h.preview.url);
});

const openToken = async (name: string) => {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Tokens' }).click();
  await page.getByRole('option', { name: new RegExp(`^${name}`) }).click();
  await page.getByRole('button', { name: 'Move to team vault…' }).click();
  return page.getByRole('dialog');
};

test('with no team vault yet there is nowhere to move it: it says so, and where to make one', async () => {
  const dialog = await openToken('deploy-key');
  await expect(dialog.getByTestId('move-no-team')).toContainText('You have no team vault on this computer yet');
  await dialog.getByRole('button', { name: 'Close', exact: true }).filter({ hasText: 'Close' }).click();
  await expect(page.getByRole('option', { name: /^deploy-key/ })).toBeVisible();
});

test('a wrong master password for the team vault leaves it locked and the token here', async () => {
  // A team vault made as the Team tab makes it (the window then shows it), holding a token named
  // like one of Alice's; then back to the personal vault.
  const api = h.preview.services.api;
  const folder = path.join(h.dir, 'TeamSync');
  fs.mkdirSync(folder);
  await api.teamCreate({ name: 'Platform', place: { kind: 'folder', where: folder }, password: PW });
  teamPath = h.preview.services.session.path;
  await api.tokensAdd({ entry: { name: 'clash-name' }, secret: 'glpat-clash-name-the-teams-0003' });
  await api.vaultSwitch({ path: personalPath });
  await api.vaultUnlock({ password: PW });
  await page.reload();

  const dialog = await openToken('deploy-key');
  await expect(dialog).toContainText('To team vault Platform');
  await expect(dialog.getByRole('list', { name: 'What happens' })).toContainText('is stored in “Platform” first');
  await expect(dialog.getByRole('list', { name: 'What happens' })).toContainText('Every member of Platform can read it from then on');
  await shoot(page, 'team-move-01-confirm-1200');
  await dialog.getByLabel('Master password of team vault “Platform”').fill('not the team password');
  await dialog.getByRole('button', { name: 'Move to Platform' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('That is not the master password of team vault "Platform"; nothing was moved: the token is still in this vault.');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('option', { name: /^deploy-key/ })).toBeVisible();
});

test('a name the team vault already uses is refused, and both tokens stay where they were', async () => {
  const dialog = await openToken('clash-name');
  await dialog.getByLabel('Master password of team vault “Platform”').fill(PW);
  await dialog.getByRole('button', { name: 'Move to Platform' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Team vault "Platform" already has a token named "clash-name"; nothing was moved: the token is still in this vault. Rename yours (Edit…) and move it again, or keep the team\'s.');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  const vault = h.preview.services.session.unlocked();
  const mine = vault.list().find((e) => e.name === 'clash-name')!;
  expect(vault.readSecret(mine.id)).toBe('glpat-clash-name-personal-0002');
  expect(mine.trashedAt).toBeUndefined();
});

test('the move: steps, then where it is now; the team copy holds it, this vault’s copy is in the Trash', async () => {
  const dialog = await openToken('deploy-key');
  await dialog.getByLabel('Master password of team vault “Platform”').fill(PW);
  await dialog.getByRole('button', { name: 'Move to Platform' }).click();
  const result = page.getByRole('dialog', { name: '“deploy-key” is now in team vault “Platform”' });
  await expect(result.getByTestId('move-result')).toContainText('It is stored in Platform and was sent to the team: every member can read it from their next team sync.');
  await expect(result.getByTestId('move-result')).toContainText('is in its Trash');
  await shoot(page, 'team-move-02-result-1200');
  await page.setViewportSize({ width: 800, height: 600 });
  await shoot(page, 'team-move-03-result-800');
  await page.setViewportSize({ width: 1200, height: 800 });
  await expect(page.getByRole('option', { name: /^deploy-key/ })).toHaveCount(0);
  const personal = h.preview.services.session.unlocked();
  expect(personal.listAll().find((e) => e.name === 'deploy-key')?.trashedAt).toBeDefined();
  // In the team copy, with its secret, read as a member would read it.
  const copy = Vault.open(teamPath, { readOnly: true });
  await copy.unlock(PW);
  const there = copy.list().find((e) => e.name === 'deploy-key')!;
  expect(copy.readSecret(there.id)).toBe('glpat-deploy-key-personal-0001');
  expect(there.description).toBe('pushes the release images');
  copy.close();
  await result.getByRole('button', { name: 'Switch to Platform' }).click();
  await expect(page.getByRole('heading', { name: 'Unlock Token Vault' })).toBeVisible();
  await expect(page.getByTestId('vault-badge')).toHaveText('Platform');
});

test('the confirm dialog at 800×600', async () => {
  await page.getByLabel('Master password').fill(PW);
  await page.getByLabel('Master password').press('Enter');
  await expect(page.getByRole('button', { name: 'Lock' })).toBeVisible({ timeout: 30_000 });
  // A team copy's tokens are the team's: no move from here.
  await page.getByRole('option', { name: /^deploy-key/ }).click();
  await expect(page.getByRole('button', { name: 'Move to team vault…' })).toHaveCount(0);
  await page.keyboard.press('Control+1');
  await page.getByLabel('Master password').fill(PW);
  await page.getByLabel('Master password').press('Enter');
  await expect(page.getByRole('button', { name: 'Lock' })).toBeVisible({ timeout: 30_000 });
  await page.setViewportSize({ width: 800, height: 600 });
  await openToken('clash-name');
  await shoot(page, 'team-move-04-confirm-800');
});
