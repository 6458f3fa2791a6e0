// Verify all (issue 15, item 4): every unverified token of one GitLab instance checked at once,
// paced, with progress, a summary, and a cancel that starts no further check.
import { expect, test, type Page } from '@playwright/test';
import { shoot, startHarness, type Harness } from './harness';

const PASSWORD = 'seven lamps along the quay';
const NAMES = ['alpha-ci', 'bravo-ci', 'charlie-ci', 'delta-ci', 'echo-ci'];
let h: Harness;
let page: Page;
const rows = () => page.getByRole('listbox', { name: 'Tokens' });
const row = (name: string) => rows().getByRole('option', { name: new RegExp(`^${name}`) });
const host = () => h.emulator.url.replace(/^https?:\/\//, '');

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  h.emulator.addUser('erin');
  const api = h.preview.services.api;
  await api.vaultCreate({ password: PASSWORD });
  for (const name of NAMES) {
    const { secret } = h.emulator.issueToken({ username: 'erin', name, scopes: ['read_api'] });
    await api.tokensAdd({ entry: { name, kind: 'personal', instance: h.emulator.url, scopes: ['read_api'] }, secret });
  }
  // Revoked on GitLab's website; the vault does not know yet.
  const revoked = h.emulator.issueToken({ username: 'erin', name: 'old-deployer', scopes: ['api'], revoked: true });
  await api.tokensAdd({ entry: { name: 'old-deployer', kind: 'personal', instance: h.emulator.url, scopes: ['api'] }, secret: revoked.secret });
  page = await browser.newPage();
  await page.setViewportSize({ width: 1200, height: 800 });
  await page.goto(h.preview.url);
  await expect(page.getByTestId('result-count')).toContainText('6');
});

test.afterAll(async () => {
  await page?.close();
  await h?.close();
});

test.afterEach(() => {
  expect(h.unexpected).toEqual([]);
  h.emulator.resetFaults();
});

test('an unverified token offers to verify all of its instance; Cancel starts no further check', async () => {
  await row('alpha-ci').click();
  const offer = page.getByRole('button', { name: `Verify all 6 unverified tokens on ${host()}` });
  await expect(offer).toBeVisible();
  await shoot(page, 'i15-verify-all-offer');
  // GitLab holds every answer, so the test, not the machine's load, decides what is running
  // when Cancel is pressed: the two checks the pace allows at once, and nothing else.
  let answer!: () => void;
  h.emulator.faults.held = new Promise<void>((resolve) => (answer = resolve));
  const requestsBefore = h.emulator.stats.requests;
  await offer.click();
  const dialog = page.getByRole('dialog', { name: `Verify 6 unverified tokens on ${host()}` });
  const status = dialog.getByTestId('verify-all-status');
  await expect(status).toContainText(/Checked 0 of 6…/);
  await expect.poll(() => h.emulator.stats.requests - requestsBefore).toBe(2);
  await shoot(page, 'i15-verify-all-progress');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(status).toContainText(/Cancelling…/);
  h.emulator.faults.held = null;
  answer();
  await expect(status).toContainText(/4 tokens were not checked: you cancelled\./);
  const checked = Number(/Checked (\d) of 6\./.exec(await status.innerText())?.[1]);
  expect(checked).toBe(2);
  await dialog.locator('.dialog-actions').getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  // What was checked is no longer unverified; the offer counts what is left.
  await row('old-deployer').click();
  await expect(page.getByRole('button', { name: `Verify all ${6 - checked} unverified tokens on ${host()}` })).toBeVisible();
});

test('Verify all checks the rest with progress, then sums up and marks the revoked token', async () => {
  const requestsBefore = h.emulator.stats.requests;
  h.emulator.faults.slowMs = 300;
  await page.getByRole('button', { name: /^Verify all \d unverified tokens on/ }).click();
  const dialog = page.getByRole('dialog', { name: /^Verify \d unverified tokens on/ });
  const status = dialog.getByTestId('verify-all-status');
  await expect(status).toContainText(/Checked \d of \d…/);
  await expect(status.getByRole('status')).toBeVisible({ timeout: 15_000 });
  await expect(status).toContainText(/Checked (\d) of \1\./);
  await expect(status).toContainText('1 token no longer works (revoked or expired on GitLab).');
  await expect(status).toContainText(/GitLab confirmed \d tokens?\./);
  await expect(status).not.toContainText('not checked');
  await expect(dialog.getByRole('list', { name: 'Tokens GitLab did not confirm' })).toContainText('old-deployer');
  expect(h.emulator.stats.requests).toBeGreaterThan(requestsBefore);
  await shoot(page, 'i15-verify-all-done');
  await dialog.locator('.dialog-actions').getByRole('button', { name: 'Close' }).click();
  await expect(row('old-deployer').locator('.chip').first()).toHaveText('Revoked');
  for (const name of NAMES) await expect(row(name)).not.toContainText('Unverified');
  await expect(page.getByRole('button', { name: /^Verify all/ })).toHaveCount(0);
});

test('when GitLab keeps refusing (429 beyond what the client waits out), the run stops and says to try later', async () => {
  const api = h.preview.services.api;
  for (const name of ['foxtrot-ci', 'golf-ci', 'hotel-ci', 'india-ci']) {
    const { secret } = h.emulator.issueToken({ username: 'erin', name, scopes: ['read_api'] });
    await api.tokensAdd({ entry: { name, kind: 'personal', instance: h.emulator.url, scopes: ['read_api'] }, secret });
  }
  await page.reload();
  await page.setViewportSize({ width: 800, height: 600 });
  await row('foxtrot-ci').click();
  const offer = page.getByRole('button', { name: `Verify all 4 unverified tokens on ${host()}` });
  await expect(offer).toBeVisible();
  await shoot(page, 'i15-verify-all-offer-800');
  // One 429 whose Retry-After is far longer than the client waits by itself.
  h.emulator.faults.rateLimited = { count: 1, retryAfterSeconds: 3600 };
  await offer.click();
  const status = page.getByRole('dialog', { name: /^Verify 4 unverified tokens on/ }).getByTestId('verify-all-status');
  await expect(status.getByRole('status')).toBeVisible({ timeout: 15_000 });
  await expect(status).toContainText('were not checked: GitLab asked to slow down (when to try again is listed below).');
  await expect(status).toContainText('1 token could not be checked');
  await expect(status).toContainText(/Checked [12] of 4\./);
  await shoot(page, 'i15-verify-all-rate-limited-800');
  await page.setViewportSize({ width: 1200, height: 800 });
});
