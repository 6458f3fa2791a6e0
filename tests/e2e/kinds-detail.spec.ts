// Each credential kind's detail (issue 22): its label, its own fields, what the kind is, an age and
// a rotation reminder for secrets that never expire, and a swap left half-way said plainly with the
// button that finishes it. Shot light and dark at 1200×800 and 800×600 (artifacts/screens/kind-*).
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { createCredentialAndStore } from '../../electron/gitlab/credential-create';
import { GitLabClient } from '../../electron/gitlab/client';
import { rotateEntry } from '../../electron/gitlab/vault-ops';
import { Vault } from '../../electron/vault/vault';
import { shoot, startHarness, type Harness, sharedPageHooks } from './harness';

const PASSWORD = 'lanterns over a sleeping harbour';
let h: Harness;
let page: Page;

sharedPageHooks(() => ({ h, page }));

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  const em = h.emulator;
  em.addProject('acme/app', { maya: 40 });
  em.addGroup('acme', { maya: 50 });
  em.addUser('root', { admin: true });
  const agent = em.addAgent('acme/app', 'prod-cluster');
  const hook = em.addHook('project', 'acme/app', 'https://ci.example.com/gitlab-hook');
  em.addVariable('project', 'acme/app', 'PULL_TOKEN', 'placeholder-1', { masked: true });
  const api = h.preview.services.api;
  await api.vaultCreate({ password: PASSWORD });
  await api.vaultLock({});
  // The credentials are made as the CLI makes them, straight into the vault file, while the app is locked.
  const vault = Vault.open(join(h.dir, 'vault.db'));
  await vault.unlock(PASSWORD);
  const client = new GitLabClient({ instance: em.url, env: {}, retries: 0, timeoutMs: 5000 });
  const add = (name: string, username: string) => vault.add({ name, kind: 'personal', instance: em.url, scopes: ['api'] }, em.issueToken({ username, name, scopes: ['api'] }).secret).id;
  const maya = add('maya-api', 'maya');
  const root = add('root-admin', 'root');
  const year = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
  const project = { kind: 'project' as const, target: 'acme/app' };
  await createCredentialAndStore(vault, client, { usingId: maya, kind: 'deploy', name: 'registry-pull', owner: project, expiresAt: year, usedIn: ['acme/app:PULL_TOKEN', 'k8s secret regcred (prod)'] });
  await createCredentialAndStore(vault, client, { usingId: maya, kind: 'trigger', name: 'downstream-trigger', owner: project, description: 'docs site rebuild', rotateEveryDays: 180 });
  await createCredentialAndStore(vault, client, { usingId: maya, kind: 'runner', name: 'build-host-01', owner: project, tags: ['docker', 'linux'] });
  await createCredentialAndStore(vault, client, { usingId: maya, kind: 'agent', name: 'prod-agent', owner: project, agentId: agent.id });
  await createCredentialAndStore(vault, client, { usingId: maya, kind: 'service-account', name: 'release-bot', owner: { kind: 'group', target: 'acme' }, scopes: ['read_api'], expiresAt: year });
  await createCredentialAndStore(vault, client, { usingId: root, kind: 'oauth-app', name: 'grafana-sso', owner: { kind: 'instance' }, redirectUri: 'https://grafana.example.com/login/gitlab', rotateEveryDays: 365 });
  await createCredentialAndStore(vault, client, { usingId: maya, kind: 'webhook', name: 'ci-hook-secret', owner: project, hookId: hook.id });
  // A swap left half-way: the variable update fails, both deploy tokens are live.
  const half = await createCredentialAndStore(vault, client, { usingId: maya, kind: 'deploy', name: 'half-swapped', owner: project, expiresAt: year, usedIn: ['acme/app:PULL_TOKEN'] });
  em.faults.failPath = { method: 'PUT', path: /\/variables\/PULL_TOKEN$/, count: 1 };
  await rotateEntry(vault, client, half.id).catch(() => undefined);
  vault.add({ name: 'my-feed', kind: 'feed', instance: em.url }, 'glft-feedtokenfeedtoken0');
  vault.close();
  await client.close();
  await api.vaultUnlock({ password: PASSWORD });
  page = await browser.newPage();
  await page.goto(h.preview.url);
});

const open = async (name: string) => page.getByRole('listbox', { name: 'Tokens' }).getByRole('option', { name: new RegExp(name) }).click();

async function shootBoth(name: string) {
  for (const size of [{ width: 1200, height: 800 }, { width: 800, height: 600 }]) {
    await page.setViewportSize(size);
    await shoot(page, `kind-${name}-${size.width}`);
  }
  await page.setViewportSize({ width: 1200, height: 800 });
}

test('a deploy token: its label, id, username and project, and what the kind is', async () => {
  await open('registry-pull');
  const detail = page.getByRole('article');
  await expect(detail.getByText('Deploy token', { exact: false }).first()).toBeVisible();
  await expect(detail.getByText(/^gitlab\+deploy-token-\d+$/)).toBeVisible();
  await expect(detail.getByText('project acme/app')).toBeVisible();
  await expect(page.getByTestId('kind-note')).toContainText('GitLab cannot rotate it');
  await shootBoth('deploy');
});

test('a pipeline trigger token never expires: its age and the rotation reminder set for it', async () => {
  await open('downstream-trigger');
  await expect(page.getByTestId('age')).toHaveText('created today, never rotated');
  await expect(page.getByText(/Every 180 days: next by/)).toBeVisible();
  await shootBoth('trigger');
});

test('a runner: id, type, tags, paused', async () => {
  await open('build-host-01');
  await expect(page.getByText('docker, linux')).toBeVisible();
  await expect(page.getByText('project runner')).toBeVisible();
  await shootBoth('runner');
  // The rotation reminder is set in Edit, for a secret that never expires.
  await page.getByRole('button', { name: 'Edit…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit “build-host-01”' });
  await expect(dialog.getByLabel('Kind')).toHaveValue('runner');
  await dialog.getByLabel('Remind me to rotate it every this many days (it never expires)').fill('30');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText(/Every 30 days: next by/)).toBeVisible();
  await expect(page.getByText('docker, linux')).toBeVisible();
});

test('a cluster agent token, a service account, an OAuth application, a webhook, a feed token', async () => {
  await open('prod-agent');
  await expect(page.getByText(/prod-cluster|agent \(id \d+\)/).first()).toBeVisible();
  await shootBoth('agent');
  await open('release-bot');
  await expect(page.getByText(/service_account_group_\d+_\d+ \(user \d+\)/)).toBeVisible();
  await shootBoth('service-account');
  await open('grafana-sso');
  await expect(page.getByText('OAuth application secret', { exact: false }).first()).toBeVisible();
  await expect(page.getByText(/Every 365 days/)).toBeVisible();
  await shootBoth('oauth-app');
  await open('ci-hook-secret');
  // Exact: the history's note about the hook names the address too.
  await expect(page.getByText('https://ci.example.com/gitlab-hook', { exact: true })).toBeVisible();
  await shootBoth('webhook');
  await open('my-feed');
  await expect(page.getByTestId('kind-note')).toContainText('not through its API');
  await expect(page.getByRole('button', { name: 'Rotate…' })).toHaveCount(0);
  await shootBoth('feed');
});

test('a swap left half-way says both tokens are live, and Finish the swap completes it', async () => {
  await open('half-swapped');
  const note = page.getByTestId('half-way-swap');
  await expect(note).toContainText('GitLab has two live tokens');
  await shootBoth('half-way-swap');
  await note.getByRole('button', { name: 'Finish the swap' }).click();
  await expect(page.getByText(/Replaced "half-swapped": new deploy token \d+ stored, its CI\/CD variables updated, old \d+ revoked\./)).toBeVisible();
  await expect(page.getByTestId('half-way-swap')).toHaveCount(0);
});
