// What the detail pane and the wizard's API path do: edit, reveal for ten seconds, revoke with
// confirmation, create a project token through the API (once, whatever the clicks), and the
// list driven from the keyboard alone.
import { expect, test, type Page } from '@playwright/test';
import { pageText, shoot, startHarness, type Harness, sharedPageHooks } from './harness';

const PASSWORD = 'lanterns over a sleeping harbour';
let h: Harness;
let page: Page;
let adminSecret = '';
let carolId = 0;
const rows = () => page.getByRole('listbox', { name: 'Tokens' });

sharedPageHooks(() => ({ h, page }));

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  h.emulator.addUser('carol');
  h.emulator.addProject('platform/app', { carol: 50 });
  const api = h.preview.services.api;
  await api.vaultCreate({ password: PASSWORD });
  adminSecret = h.emulator.issueToken({ username: 'carol', name: 'carol-api', scopes: ['api'] }).secret;
  await api.tokensAdd({ entry: { name: 'carol-api', kind: 'personal', instance: h.emulator.url, scopes: ['api'] }, secret: adminSecret });
  const old = h.emulator.issueToken({ username: 'carol', name: 'old-reader', scopes: ['read_api'] });
  carolId = old.userId;
  await api.tokensAdd({ entry: { name: 'old-reader', kind: 'personal', instance: h.emulator.url, scopes: ['read_api'] }, secret: old.secret });
  const deployer = h.emulator.issueToken({ username: 'carol', name: 'old-deployer', scopes: ['api'] });
  await api.tokensAdd({ entry: { name: 'old-deployer', kind: 'personal', instance: h.emulator.url, scopes: ['api'] }, secret: deployer.secret });
  page = await browser.newPage();
  await page.goto(h.preview.url);
});

test('the list works from the keyboard: type, arrow down, Enter copies', async () => {
  await expect(page.getByRole('button', { name: /No token expires soon|expire|expired/i }).first()).toBeVisible();
  await shoot(page, '24-list-nothing-selected');
  const search = page.getByRole('searchbox', { name: 'Search tokens' });
  await expect(search).toBeFocused();
  await search.press('ArrowDown');
  await expect(rows()).toBeFocused();
  await expect(rows().getByRole('option', { selected: true })).toContainText('carol-api');
  await page.keyboard.press('ArrowDown');
  await expect(rows().getByRole('option', { selected: true })).toContainText('old-deployer');
  await page.keyboard.press('End');
  await expect(rows().getByRole('option', { selected: true })).toContainText('old-reader');
  await page.keyboard.press('Enter');
  await expect(page.getByText('Copied “old-reader”.')).toBeVisible();
  expect(h.clipboard.written).toHaveLength(1);
  await page.keyboard.press('/');
  await expect(search).toBeFocused();
});

test('edit changes the name and the where-used list', async () => {
  await page.getByRole('button', { name: 'Edit…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit “old-reader”' });
  await dialog.getByLabel('Name').fill('dashboard-reader');
  await dialog.getByLabel('Where it is used (one per line)').fill('grafana datasource\nnightly report cron');
  await shoot(page, '25-edit-dialog');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { name: 'dashboard-reader' })).toBeVisible();
  await expect(page.getByText('nightly report cron')).toBeVisible();
});

test('revoke asks first, explains a refusal in plain words, then GitLab stops accepting the token', async () => {
  await page.getByRole('button', { name: 'Revoke…' }).click();
  let dialog = page.getByRole('dialog', { name: 'Revoke “dashboard-reader” on GitLab?' });
  await expect(dialog.getByText('grafana datasource')).toBeVisible();
  await shoot(page, '27-revoke-confirm');
  // Any token may revoke itself (self_revocation.rb), so the refusal shown here is GitLab's
  // own reason for refusing the account, passed on as a sentence to act on.
  const carol = h.emulator.state.users.get(carolId)!;
  carol.denied = 'terms_not_accepted';
  await dialog.getByRole('button', { name: 'Revoke token' }).click();
  await expect(dialog.getByRole('alert')).toContainText('must accept the Terms of Service');
  await shoot(page, '28-revoke-refused');
  carol.denied = undefined;
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  await rows().getByRole('option', { name: /old-deployer/ }).click();
  await page.getByRole('button', { name: 'Revoke…' }).click();
  dialog = page.getByRole('dialog', { name: 'Revoke “old-deployer” on GitLab?' });
  await dialog.getByRole('button', { name: 'Revoke token' }).click();
  await expect(rows().getByRole('option', { name: /old-deployer/ })).toContainText('Revoked');
  const entry = (await h.preview.services.api.tokensList({})).find((e) => e.name === 'old-deployer')!;
  const { finding } = await h.preview.services.api.gitlabVerify({ id: entry.id });
  expect(finding.ok).toBe(false);
  expect(finding.code).toBe('revoked');
});

test('a project token is created through the API with a stored api token, once', async () => {
  await page.getByRole('button', { name: /New token/ }).click();
  await page.getByLabel('Pull container images').check();
  await page.getByLabel('Project access token').check();
  await page.getByLabel('GitLab address').fill(h.emulator.url);
  await page.getByLabel('Project path').fill('platform/app');
  await page.getByLabel('Token name').fill('app-registry-pull');
  await page.getByRole('button', { name: 'Next: scopes' }).click();
  await expect(page.getByRole('checkbox', { name: /read_registry/ })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: /read_user/ })).toHaveCount(0);
  await page.getByRole('button', { name: 'Next: expiry' }).click();
  await page.getByLabel('30 days').check();
  await page.getByRole('button', { name: 'Next: create' }).click();
  await expect(page.getByLabel('Using the stored token')).toHaveValue(/.+/);
  await shoot(page, '29-wizard-create-via-api');
  await page.getByRole('button', { name: 'Create and store' }).dblclick();
  await expect(page.getByText('“app-registry-pull” is stored')).toBeVisible();
  const made = (await h.preview.services.api.tokensList({})).filter((e) => e.name === 'app-registry-pull');
  expect(made).toHaveLength(1);
  expect(made[0]).toMatchObject({ kind: 'project', scopes: ['read_registry'] });
  expect(await pageText(page)).not.toContain(adminSecret);
});

test('audit lists the account’s tokens beside the vault and flags the ones it lacks', async () => {
  h.emulator.issueToken({ username: 'carol', name: 'forgotten-laptop', scopes: ['api'] });
  // Stored by hand and never verified: the vault lacks GitLab's id for it, so it is matched by name.
  const byHand = h.emulator.issueToken({ username: 'carol', name: 'stored-by-hand', scopes: ['read_api'] });
  await h.preview.services.api.tokensAdd({ entry: { name: 'stored-by-hand', kind: 'personal', instance: h.emulator.url, scopes: ['read_api'] }, secret: byHand.secret });
  await page.getByRole('button', { name: 'Tokens', exact: true }).click();
  await rows().getByRole('option', { name: /carol-api/ }).click();
  await page.getByRole('button', { name: 'Audit account…' }).click();
  const dialog = page.getByRole('dialog', { name: /Tokens of this account/ });
  await expect(dialog.getByRole('row', { name: /forgotten-laptop/ }).locator('td.in-vault')).toHaveText('Not in vault');
  await expect(dialog.getByRole('row', { name: /carol-api/ }).locator('td.in-vault')).toHaveText(/^carol-api/);
  await expect(dialog.getByRole('row', { name: /stored-by-hand/ }).locator('td.in-vault')).toHaveText('stored-by-hand (not yet verified)');
  await expect(dialog.getByText(/matched by name only: verify/)).toBeVisible();
  await expect(dialog.getByText(/active tokens? (is|are) not in the vault/)).toBeVisible();
  await shoot(page, '30-audit');
  await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();
});

test('an idle lock from main shows the unlock form and says why', async () => {
  await h.preview.services.lock('idle');
  await expect(page.getByLabel('Master password')).toBeFocused();
  await expect(page.getByText('Locked after a while without use.')).toBeVisible();
  await page.getByLabel('Master password').fill(PASSWORD);
  await page.getByLabel('Master password').press('Enter');
  await expect(page.getByTestId('result-count')).toBeVisible();
});

// Last: it installs Playwright's fake clock, which the other steps must not run under.
test('reveal shows the secret, then hides it after ten seconds', async () => {
  await page.getByRole('button', { name: 'Tokens', exact: true }).click();
  await rows().getByRole('option', { name: /carol-api/ }).click();
  // Paused: an installed clock runs at real speed, and at a load average near 30 the countdown
  // read 9 s by the first look. Paused (30 s on, before the reveal starts its timer), only
  // runFor moves it, so "10 s" is read before any tick.
  await page.clock.install();
  await page.clock.pauseAt(Date.now() + 30_000);
  await page.getByRole('button', { name: 'Reveal' }).click();
  const revealed = page.getByRole('group', { name: 'Revealed token' });
  await expect(revealed).toContainText('glpat-');
  await expect(revealed).toContainText('hides in 10 s');
  const secret = (await revealed.locator('code').textContent()) ?? '';
  await shoot(page, '26-revealed');
  for (let i = 0; i < 11; i++) await page.clock.runFor(1000);
  await expect(revealed).toHaveCount(0);
  expect(await pageText(page)).not.toContain(secret);
});
