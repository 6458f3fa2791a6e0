// Rotation follow-up (issue 15, item 7): the "tick off each place" list a rotation shows
// survives Done as pending tasks — on the token ("2 places still to update"), as a chip in the
// list and a badge on the Tokens tab — across a lock, until the last place is ticked off.
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { TEST_KDF } from '../../electron/vault/kdf';
import { Vault } from '../../electron/vault/vault';
import { shoot, startHarness, type Harness, sharedPageHooks } from './harness';

const PASSWORD = 'tick off every place please';
const PLACES = ['acme/app:DEPLOY_TOKEN', 'deploy.sh on build-01', '~/.netrc on the release laptop'];
let h: Harness;
let page: Page;
const rows = () => page.getByRole('listbox', { name: 'Tokens' });
const row = (name: string) => rows().getByRole('option', { name: new RegExp(`^${name}`) });
const badge = () => page.getByTestId('tasks-count');
const followUp = () => page.getByTestId('follow-up');

sharedPageHooks(() => ({ h, page }));

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  h.emulator.addUser('alice');
  const bot = h.emulator.issueToken({ username: 'alice', name: 'deploy-bot', scopes: ['api'] });
  const vault = await Vault.create(join(h.dir, 'vault.db'), PASSWORD, { kdf: TEST_KDF });
  vault.add({ name: 'deploy-bot', kind: 'personal', instance: h.emulator.url, scopes: ['api'], usedIn: PLACES }, bot.secret);
  vault.add({ name: 'quiet-reader', kind: 'personal', instance: 'https://gitlab.example.com', scopes: ['read_api'] }, 'glpat-quiet-reader-1');
  vault.close();
  page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  await page.goto(h.preview.url);
  await page.getByLabel('Master password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByTestId('result-count')).toContainText('2');
});

test('rotate → tick one place → Done: the rest stay on the token, with a badge on the Tokens tab', async () => {
  await expect(badge()).toHaveCount(0);
  await row('deploy-bot').click();
  await expect(followUp()).toHaveCount(0);
  await page.getByRole('button', { name: 'Rotate…' }).click();
  await page.getByRole('button', { name: 'Rotate now' }).click();
  const dialog = page.getByRole('dialog', { name: 'Rotated' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText('What is left unticked stays on the token as a task.')).toBeVisible();
  await dialog.getByLabel(PLACES[0]!).check();
  await expect(dialog.getByLabel(PLACES[0]!)).toBeChecked();
  await shoot(page, 'follow-up-1-rotated-checklist-1200x800');
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toHaveCount(0);

  // Still to do after Done: the badge counts tokens, the chip and the section count places.
  await expect(badge()).toHaveText('1');
  await expect(page.getByRole('button', { name: /^Tokens/ })).toHaveAccessibleDescription('1 token with places still to update after a rotation');
  await expect(row('deploy-bot').locator('.chip-tasks')).toHaveText('2 to update');
  await expect(row('quiet-reader').locator('.chip-tasks')).toHaveCount(0);
  await expect(followUp().getByRole('heading')).toHaveText('2 places still to update');
  await expect(followUp().getByLabel(PLACES[0]!)).toBeChecked();
  await expect(followUp().getByLabel(PLACES[1]!)).not.toBeChecked();
  await expect(followUp().getByLabel(PLACES[2]!)).not.toBeChecked();
  await shoot(page, 'follow-up-2-pending-1200x800');
  await page.setViewportSize({ width: 800, height: 600 });
  await expect(badge()).toBeVisible();
  await shoot(page, 'follow-up-3-pending-800x600');
  await page.setViewportSize({ width: 1200, height: 800 });
});

test('the tasks survive a lock: kept in the vault, not in the page', async () => {
  await page.keyboard.press('Control+l');
  await page.getByLabel('Master password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(badge()).toHaveText('1');
  await row('deploy-bot').click();
  await expect(followUp().getByRole('heading')).toHaveText('2 places still to update');
});

test('ticking the last places off clears the tasks: badge, chip and section gone', async () => {
  await followUp().getByLabel(PLACES[1]!).check();
  await expect(followUp().getByRole('heading')).toHaveText('1 place still to update');
  await expect(row('deploy-bot').locator('.chip-tasks')).toHaveText('1 to update');
  await expect(badge()).toHaveText('1');
  // The last tick takes the whole section away, so click rather than check (which re-reads the box).
  await followUp().getByLabel(PLACES[2]!).click();
  await expect(followUp()).toHaveCount(0);
  await expect(badge()).toHaveCount(0);
  await expect(row('deploy-bot').locator('.chip-tasks')).toHaveCount(0);
  await expect(page.locator('.history').getByText(`Updated with the new token: "${PLACES[2]}".`)).toBeVisible();
  await shoot(page, 'follow-up-4-all-done-1200x800');
  await page.setViewportSize({ width: 800, height: 600 });
  await shoot(page, 'follow-up-5-all-done-800x600');
  await page.setViewportSize({ width: 1200, height: 800 });
  const stored = (await h.preview.services.api.tokensList({})).find((e) => e.name === 'deploy-bot');
  expect(stored?.followUp).toBeNull();
});
