// Issue 24 items 1, 11 and 12 as a new user meets them: "Create replacement" on a revoked token
// finishes, into the same item (no "-v2"); a token already stored is refused by name with
// "Open it"; the GitLab address is remembered; Replace token… asks GitLab; Delete goes to the
// Trash, which restores or deletes for good; an earlier secret can be put back.
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { TEST_KDF } from '../../electron/vault/kdf';
import { Vault } from '../../electron/vault/vault';
import { pageText, shoot, startHarness, type Harness, sharedPageHooks } from './harness';

const PASSWORD = 'a replacement goes where the old one was';
const DAY = 86_400_000;
const dayFromNow = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);
let h: Harness;
let page: Page;
let deployerId = '';
let apiSecret = '';
const rows = () => page.getByRole('listbox', { name: 'Tokens' });
const row = (name: string) => rows().getByRole('option', { name: new RegExp(`^${name}`) });
const api = () => h.preview.services.api;

sharedPageHooks(() => ({ h, page }));

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  h.emulator.addUser('alice');
  const gl = { kind: 'personal' as const, instance: h.emulator.url };
  const vault = await Vault.create(join(h.dir, 'vault.db'), PASSWORD, { kdf: TEST_KDF });
  const dead = h.emulator.issueToken({ username: 'alice', name: 'old-deployer', scopes: ['read_api', 'read_repository'] });
  const deployer = vault.add({ name: 'old-deployer', ...gl, scopes: ['read_api', 'read_repository'], expiresAt: dayFromNow(40), usedIn: ['deploy job', 'nightly mirror'] }, dead.secret);
  vault.update(deployer.id, { revoked: true });
  deployerId = deployer.id;
  apiSecret = h.emulator.issueToken({ username: 'alice', name: 'deploy', scopes: ['api'] }).secret;
  const renamed = vault.add({ name: 'deploy', ...gl, scopes: ['api'] }, apiSecret);
  vault.update(renamed.id, { name: 'ci-deploy-api' });
  const registry = h.emulator.issueToken({ username: 'alice', name: 'registry-pull', scopes: ['read_registry'], expiresAt: dayFromNow(5) });
  vault.add({ name: 'registry-pull', ...gl, scopes: ['read_registry'], expiresAt: dayFromNow(5) }, registry.secret);
  vault.close();
  page = await browser.newPage();
  await page.setViewportSize({ width: 1200, height: 800 });
  await page.goto(h.preview.url);
  await page.getByLabel('Master password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByTestId('result-count')).toContainText('3');
});

test('Create replacement says "Replacing" from the start, keeps the scopes through Back and the pills, and stores into the same token', async () => {
  await row('old-deployer').click();
  await page.getByRole('button', { name: 'Create replacement' }).click();
  await expect(page.getByRole('heading', { name: 'Replacing “old-deployer”' })).toBeVisible();
  await expect(page.getByText(/The new token goes into “old-deployer”/)).toBeVisible();
  await shoot(page, '90-replacement-expiry-1200');

  // Back to Purpose: the scopes carried over stay, whatever purpose is picked, and Next works without one.
  await page.getByRole('button', { name: 'Purpose', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Purpose' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Next: scopes' })).toBeEnabled();
  await page.getByLabel('Clone or pull code (CI, build scripts)').check();
  expect((await api().draftGet({}))?.fields.scopes?.sort()).toEqual(['read_api', 'read_repository']);
  // The later steps stay reachable from the pills.
  await page.getByRole('button', { name: 'Scopes', exact: true }).click();
  await expect(page.getByRole('checkbox', { name: /^read_api\b/ })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: /^read_repository\b/ })).toBeChecked();
  await page.getByRole('button', { name: 'Expiry', exact: true }).click();
  await page.getByLabel('90 days').check();
  await page.getByRole('button', { name: 'Next: create' }).click();
  await page.getByRole('button', { name: 'Open GitLab’s page' }).click();

  const expiresAt = dayFromNow(90);
  const made = h.emulator.issueToken({ username: 'alice', name: 'old-deployer', scopes: ['read_api', 'read_repository'], expiresAt });
  await page.getByLabel('Paste the token GitLab showed you').fill(made.secret);
  await page.getByRole('button', { name: 'Use this token' }).click();
  const store = page.getByRole('button', { name: 'Store as replacement' });
  await expect(store).toBeEnabled();
  await shoot(page, '91-replacement-paste-1200');
  await store.click();
  await expect(page.getByText('“old-deployer” is stored')).toBeVisible();
  await page.getByRole('button', { name: 'Done' }).click();

  const tokens = await api().tokensList({});
  expect(tokens.map((t) => t.name).sort()).toEqual(['ci-deploy-api', 'old-deployer', 'registry-pull']);
  const replaced = tokens.find((t) => t.name === 'old-deployer')!;
  expect(replaced.id).toBe(deployerId);
  expect(replaced).toMatchObject({ revoked: false, status: 'active', expiresAt, usedIn: ['deploy job', 'nightly mirror'] });
  expect(replaced.followUp?.places.map((p) => p.place)).toEqual(['deploy job', 'nightly mirror']);
  expect(replaced.history.at(-1)).toMatchObject({ action: 'rotated', note: expect.stringContaining('the old one was revoked') });
  expect(await api().tokensOldSecrets({ id: deployerId })).toHaveLength(1);
  expect(await pageText(page)).not.toContain(made.secret);
});

test('a token already stored, under a new name, is refused with "Open it"; the GitLab address is remembered', async () => {
  await page.getByRole('button', { name: 'Vault ▾' }).click();
  await page.getByRole('button', { name: 'Add an existing token…' }).click();
  let dialog = page.getByRole('dialog', { name: 'Add an existing token' });
  await dialog.getByLabel('GitLab address').fill(h.emulator.url);
  await dialog.getByLabel('The token').fill(apiSecret);
  await dialog.getByRole('button', { name: 'Next' }).click();
  await expect(dialog.getByText('Already stored as “ci-deploy-api”.')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Store token' })).toBeDisabled();
  await shoot(page, '92-already-stored-1200');
  await dialog.getByRole('button', { name: 'Open it' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'ci-deploy-api' })).toBeVisible();
  expect(await api().tokensList({})).toHaveLength(3);

  await page.getByRole('button', { name: 'Vault ▾' }).click();
  await page.getByRole('button', { name: 'Add an existing token…' }).click();
  dialog = page.getByRole('dialog', { name: 'Add an existing token' });
  await expect(dialog.getByLabel('GitLab address')).toHaveValue(h.emulator.url);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
});

test('Replace token… asks GitLab about the new token: its expiry replaces the old one', async () => {
  await row('registry-pull').click();
  await page.getByRole('button', { name: 'Replace token…' }).click();
  const renewed = h.emulator.issueToken({ username: 'alice', name: 'registry-pull', scopes: ['read_registry'], expiresAt: dayFromNow(300) });
  const dialog = page.getByRole('dialog', { name: 'Replace the token in “registry-pull”' });
  await dialog.getByLabel('New token').fill(renewed.secret);
  await dialog.getByRole('button', { name: 'Replace token' }).click();
  await expect(page.getByText(/Stored the new token for “registry-pull”\. GitLab says: expires/)).toBeVisible();
  const entry = (await api().tokensList({})).find((t) => t.name === 'registry-pull')!;
  expect(entry.expiresAt).toBe(dayFromNow(300));
  expect(entry.lastVerifiedAt).not.toBeNull();
});

test('an earlier token can be put back from the history', async () => {
  await expect(page.getByRole('heading', { name: 'Earlier tokens' })).toBeVisible();
  await shoot(page, '93-earlier-tokens-1200');
  await page.getByRole('button', { name: /^Put back the token replaced/ }).click();
  await page.getByRole('button', { name: 'Put it back' }).click();
  await expect(page.getByText(/Put back the token “registry-pull” held until/)).toBeVisible();
  const entry = (await api().tokensList({})).find((t) => t.name === 'registry-pull')!;
  expect(entry.expiresAt).toBe(dayFromNow(5));
  expect(await api().tokensOldSecrets({ id: entry.id })).toHaveLength(1);
});

test('Delete moves to the Trash, which says when it goes for good, restores it, and deletes for good', async () => {
  await row('registry-pull').click();
  await page.getByRole('button', { name: 'Delete…' }).click();
  const confirm = page.getByRole('dialog', { name: 'Move “registry-pull” to the Trash?' });
  await expect(confirm.getByText(/stays in the Trash for 30 days/)).toBeVisible();
  await confirm.getByRole('button', { name: 'Move to Trash' }).click();
  await expect(row('registry-pull')).toHaveCount(0);
  await page.getByRole('button', { name: 'Vault ▾' }).click();
  await page.getByRole('button', { name: 'Trash', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Trash' })).toBeVisible();
  await expect(page.getByRole('cell', { name: /^registry-pull/ })).toBeVisible();
  const purge = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(Date.now() + 30 * DAY));
  await expect(page.getByRole('cell', { name: purge })).toBeVisible();
  for (const [w, hgt] of [[1200, 800], [800, 600]] as const) {
    await page.setViewportSize({ width: w, height: hgt });
    await shoot(page, `94-trash-${w}`);
  }
  await page.setViewportSize({ width: 1200, height: 800 });
  await page.getByRole('button', { name: 'Restore “registry-pull”' }).click();
  await expect(page.getByText('The Trash is empty.')).toBeVisible();
  expect((await api().tokensList({})).map((t) => t.name)).toContain('registry-pull');

  const id = (await api().tokensList({})).find((t) => t.name === 'registry-pull')!.id;
  await api().tokensRemove({ id });
  await page.getByRole('button', { name: 'Tokens', exact: true }).click();
  await page.getByRole('button', { name: 'Vault ▾' }).click();
  await page.getByRole('button', { name: 'Trash', exact: true }).click();
  await page.getByRole('button', { name: 'Delete “registry-pull” now' }).click();
  await shoot(page, '95-trash-delete-now-1200');
  await page.getByRole('button', { name: 'Delete for good' }).click();
  await expect(page.getByText('The Trash is empty.')).toBeVisible();
  expect((await api().trashList({})).entries).toEqual([]);
});

test('the replacement wizard at 800×600', async () => {
  await page.setViewportSize({ width: 800, height: 600 });
  await page.getByRole('button', { name: 'Tokens', exact: true }).click();
  await row('old-deployer').click();
  await api().tokensUpdate({ id: deployerId, patch: {} });
  // Revoked again (the replacement made it live): Create replacement shows for a dead token only.
  await h.preview.services.api.gitlabRevoke({ id: deployerId });
  await page.reload();
  await row('old-deployer').click();
  await page.getByRole('button', { name: 'Create replacement' }).click();
  await expect(page.getByRole('heading', { name: 'Replacing “old-deployer”' })).toBeVisible();
  await shoot(page, '96-replacement-expiry-800');
  await page.getByRole('button', { name: 'Discard draft' }).click();
});
