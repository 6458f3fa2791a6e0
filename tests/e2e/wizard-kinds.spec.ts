// The wizard makes the other GitLab credentials (issue 22): pick the kind and whose it is, give the
// kind's own details, Create and store with a stored person's token. The secret is made and stored
// main-side in one call and never reaches the page; a role GitLab refuses is named; and when GitLab
// answers but the store fails (the vault locked meanwhile), the new credential is revoked on GitLab
// again and the draft is kept. Shot light and dark at 1200×800 and 800×600 (artifacts/screens/wizard-kind-*).
import { expect, test, type Page } from '@playwright/test';
import { pageText, shoot, startHarness, type Harness, sharedPageHooks } from './harness';

const PASSWORD = 'a kettle singing in the empty hall';
let h: Harness;
let page: Page;

sharedPageHooks(() => ({ h, page }));

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  const em = h.emulator;
  em.addProject('acme/app', { maya: 40, dev: 30 });
  em.addGroup('acme', { maya: 50 });
  const api = h.preview.services.api;
  await api.vaultCreate({ password: PASSWORD });
  await api.tokensAdd({ entry: { name: 'maya-api', kind: 'personal', instance: em.url, scopes: ['api'] }, secret: em.issueToken({ username: 'maya', name: 'maya-api', scopes: ['api'] }).secret });
  page = await browser.newPage();
  await page.goto(h.preview.url);
});

async function shootBoth(name: string) {
  for (const size of [{ width: 1200, height: 800 }, { width: 800, height: 600 }]) {
    await page.setViewportSize(size);
    await shoot(page, `wizard-kind-${name}-${size.width}`);
  }
  await page.setViewportSize({ width: 1200, height: 800 });
}

const projectId = () => [...h.emulator.state.projects.values()].find((p) => p.path === 'acme/app')!.id;

/** Kind step: another credential, whose, and its name. */
async function startKind(label: string, owner: string | null, target: string, name: string, shot?: string) {
  await page.getByRole('button', { name: /New token/ }).click();
  await page.getByText('Other GitLab credentials').click();
  await page.getByLabel(label, { exact: true }).check();
  if (owner) await page.getByLabel(owner, { exact: true }).check();
  if (target) await page.getByLabel(/Project path|Group path/).fill(target);
  await page.getByLabel('Token name').fill(name);
  if (shot) await shootBoth(shot);
  await page.getByRole('button', { name: 'Next: details' }).click();
}

test('a deploy token to clone: the kind, its use and expiry, created and stored without the secret on the page', async () => {
  await startKind('Deploy token', 'A project', 'acme/app', 'clone-app', 'deploy-kind');
  await expect(page.getByRole('heading', { name: 'Details' })).toBeVisible();
  await page.getByLabel('Clone the repository (read_repository)').check();
  await page.getByLabel('Username').fill('ci-clone');
  await expect(page.getByText(/Still needed: an expiry date/)).toBeVisible();
  await page.locator('.preset').first().click();
  await shootBoth('deploy-details');
  await page.getByRole('button', { name: 'Next: create' }).click();
  await expect(page.getByRole('heading', { name: 'Create & store' })).toBeVisible();
  await shootBoth('deploy-create');
  await page.getByRole('button', { name: 'Create and store' }).dblclick();
  await expect(page.getByText('“clone-app” is stored')).toBeVisible();

  const made = h.emulator.state.creds.of('deploy', 'project', projectId());
  expect(made).toHaveLength(1); // a double-click made one
  expect(made[0]).toMatchObject({ username: 'ci-clone', scopes: ['read_repository'], revoked: false });
  const entry = (await h.preview.services.api.tokensList({})).find((e) => e.name === 'clone-app')!;
  expect(entry).toMatchObject({ kind: 'deploy', scopes: ['read_repository'] });
  expect(entry.gitlab.tokenId).toBe(made[0]!.id);
  expect((await h.preview.services.api.tokensReveal({ id: entry.id })).secret).toBe(made[0]!.secret);
  expect(await pageText(page)).not.toContain(made[0]!.secret);
  await shootBoth('deploy-stored');
  await page.getByRole('button', { name: 'Done' }).click();
});

test('a group runner with tags, created paused', async () => {
  await startKind('Runner authentication token', 'A group', 'acme', 'build-host-02');
  await page.getByLabel(/^Tags/).fill('docker, arm64');
  await page.getByLabel(/Create it paused/).check();
  await shootBoth('runner-details');
  await page.getByRole('button', { name: 'Next: create' }).click();
  await page.getByRole('button', { name: 'Create and store' }).click();
  await expect(page.getByText('“build-host-02” is stored')).toBeVisible();
  const runner = [...h.emulator.state.creds.credentials.values()].find((c) => c.kind === 'runner' && c.name === 'build-host-02')!;
  expect(runner).toMatchObject({ owner: 'group', tags: ['docker', 'arm64'], paused: true });
  const entry = (await h.preview.services.api.tokensList({})).find((e) => e.name === 'build-host-02')!;
  expect(entry.kind).toBe('runner');
  expect((await h.preview.services.api.tokensReveal({ id: entry.id })).secret).toBe(runner.secret);
  await page.getByRole('button', { name: 'Done' }).click();
});

test('a role GitLab refuses is named, nothing is stored, the draft stays', async () => {
  await h.preview.services.api.tokensAdd({ entry: { name: 'dev-api', kind: 'personal', instance: h.emulator.url, scopes: ['api'] }, secret: h.emulator.issueToken({ username: 'dev', name: 'dev-api', scopes: ['api'] }).secret });
  await startKind('Pipeline trigger token', null, 'acme/app', 'downstream');
  await page.getByRole('button', { name: 'Next: create' }).click();
  await page.getByLabel('Using the stored token').selectOption({ label: 'dev-api' });
  await page.getByRole('button', { name: 'Create and store' }).click();
  await expect(page.getByText(/needs the Maintainer role in project acme\/app/)).toBeVisible();
  await shootBoth('trigger-refused');
  expect(h.emulator.state.creds.of('trigger', 'project', projectId())).toHaveLength(0);
  expect((await h.preview.services.api.tokensList({})).map((e) => e.name)).not.toContain('downstream');
  expect((await h.preview.services.api.draftGet({}))?.fields).toMatchObject({ kind: 'trigger', name: 'downstream', target: 'acme/app' });
  await page.getByRole('button', { name: 'Discard draft' }).click();
});

test('a pipeline trigger token may be given an expiry (GitLab MR 146912): it is sent, stored, and the Details step no longer says triggers never expire', async () => {
  await startKind('Pipeline trigger token', null, 'acme/app', 'docs-rebuild');
  await expect(page.getByRole('heading', { name: 'Details' })).toBeVisible();
  await expect(page.getByText(/no expiry: set a rotation reminder|never expires/)).toHaveCount(0);
  await expect(page.getByText(/Optional\. GitLab keeps an expiry for trigger tokens/)).toBeVisible();
  await page.locator('.preset').first().click();
  await shootBoth('trigger-details');
  await page.getByRole('button', { name: 'Next: create' }).click();
  await page.getByLabel('Using the stored token').selectOption({ label: 'maya-api' });
  await page.getByRole('button', { name: 'Create and store' }).click();
  await expect(page.getByText('“docs-rebuild” is stored')).toBeVisible();
  const made = h.emulator.state.creds.of('trigger', 'project', projectId()).find((c) => c.name === 'docs-rebuild')!;
  expect(made.expiresAt).not.toBeNull();
  const entry = (await h.preview.services.api.tokensList({})).find((e) => e.name === 'docs-rebuild')!;
  expect(entry).toMatchObject({ kind: 'trigger', expiresAt: made.expiresAt!.slice(0, 10) });
  await expect(page.getByText(/keeps no expiry for this trigger token/)).toHaveCount(0);
  await page.getByRole('button', { name: 'Done' }).click();
});

test('a trigger token made without a date is stored as never expiring, and the last step says to set a rotation reminder', async () => {
  await startKind('Pipeline trigger token', null, 'acme/app', 'nightly-trigger');
  await page.locator('.preset').first().click();
  await page.getByRole('button', { name: 'No expiry' }).click();
  await page.getByRole('button', { name: 'Next: create' }).click();
  await expect(page.getByText('never (no date given)')).toBeVisible();
  await page.getByLabel('Using the stored token').selectOption({ label: 'maya-api' });
  await page.getByRole('button', { name: 'Create and store' }).click();
  await expect(page.getByText(/keeps no expiry for this trigger token: it works until it is revoked/)).toBeVisible();
  const made = h.emulator.state.creds.of('trigger', 'project', projectId()).find((c) => c.name === 'nightly-trigger')!;
  expect(made.expiresAt).toBeNull();
  expect((await h.preview.services.api.tokensList({})).find((e) => e.name === 'nightly-trigger')!.expiresAt).toBeNull();
  await page.getByRole('button', { name: 'Done' }).click();
});

test('GitLab answers but the store fails (the vault locked meanwhile): the new deploy token is revoked again, the draft kept', async () => {
  await startKind('Deploy token', 'A project', 'acme/app', 'pull-during-lock');
  await page.getByLabel('Pull container images (read_registry)').check();
  await page.locator('.preset').first().click();
  await page.getByRole('button', { name: 'Next: create' }).click();
  await expect(page.getByRole('button', { name: 'Close (keep draft)' })).toBeEnabled();
  const before = new Set(h.emulator.state.creds.of('deploy', 'project', projectId()).map((c) => c.id));
  await page.getByLabel('Using the stored token').selectOption({ label: 'maya-api' });
  h.emulator.faults.slowMs = 1500;
  await page.getByRole('button', { name: 'Create and store' }).click();
  // While the call is out the wizard cannot be closed or discarded.
  await expect(page.getByRole('button', { name: 'Close (keep draft)' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Discard draft' })).toBeDisabled();
  await h.preview.services.api.vaultLock({});
  // GitLab made it, and then it was taken back by id: no new deploy token is left on GitLab.
  const deletes = () => [...h.emulator.stats.byPath.keys()].filter((p) => /\/deploy_tokens\/\d+$/.test(p));
  await expect.poll(deletes, { timeout: 30_000 }).toHaveLength(1);
  await expect.poll(() => h.emulator.state.creds.of('deploy', 'project', projectId()).filter((c) => !before.has(c.id) && !c.revoked).length, { timeout: 30_000 }).toBe(0);
  h.emulator.resetFaults();
  await h.preview.services.api.vaultUnlock({ password: PASSWORD });
  expect((await h.preview.services.api.tokensList({})).map((e) => e.name)).not.toContain('pull-during-lock');
  expect((await h.preview.services.api.draftGet({}))?.fields).toMatchObject({ kind: 'deploy', name: 'pull-during-lock', scopes: ['read_registry'] });
});
