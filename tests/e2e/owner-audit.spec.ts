// The app's audit of a project or group (issue 22, item 4), reached from a token of that project: every
// credential GitLab lists beside the vault, each row's state, expiring soon flagged, and a list GitLab
// refuses named with the role it needs while the others are shown. The renderer asks through the
// contract only (gitlabAuditOwner) and never holds a secret. Shot light and dark at 1200×800 and 800×600
// (artifacts/screens/owner-audit-*).
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { createDeployToken } from '../../electron/gitlab/credential-api';
import { createCredentialAndStore } from '../../electron/gitlab/credential-create';
import { GitLabClient } from '../../electron/gitlab/client';
import { Vault } from '../../electron/vault/vault';
import { pageText, shoot, startHarness, type Harness, sharedPageHooks } from './harness';

const PASSWORD = 'a lighthouse counting the waves';
let h: Harness;
let page: Page;

sharedPageHooks(() => ({ h, page }));

test.beforeAll(async ({ browser }) => {
  h = await startHarness();
  const em = h.emulator;
  em.addProject('acme/app', { maya: 40 });
  const agent = em.addAgent('acme/app', 'prod-cluster');
  const hook = em.addHook('project', 'acme/app', 'https://ci.example.com/gitlab-hook');
  em.addHook('project', 'acme/app', 'https://chat.example.com/notify');
  const api = h.preview.services.api;
  await api.vaultCreate({ password: PASSWORD });
  await api.vaultLock({});
  // Made as the CLI makes them, straight into the vault file, while the app is locked.
  const vault = Vault.open(join(h.dir, 'vault.db'));
  await vault.unlock(PASSWORD);
  const client = new GitLabClient({ instance: em.url, env: {}, retries: 0, timeoutMs: 5000 });
  const maya = vault.add({ name: 'maya-api', kind: 'personal', instance: em.url, scopes: ['api'] }, em.issueToken({ username: 'maya', name: 'maya-api', scopes: ['api'] }).secret).id;
  const project = { kind: 'project' as const, target: 'acme/app' };
  const soon = new Date(Date.now() + 12 * 86_400_000).toISOString().slice(0, 10);
  await createCredentialAndStore(vault, client, { usingId: maya, kind: 'deploy', name: 'registry-pull', owner: project, expiresAt: soon });
  await createCredentialAndStore(vault, client, { usingId: maya, kind: 'runner', name: 'build-host-01', owner: project, tags: ['docker'] });
  await createCredentialAndStore(vault, client, { usingId: maya, kind: 'agent', name: 'prod-agent', owner: project, agentId: agent.id });
  await createCredentialAndStore(vault, client, { usingId: maya, kind: 'webhook', name: 'ci-hook-secret', owner: project, hookId: hook.id });
  const gone = await createCredentialAndStore(vault, client, { usingId: maya, kind: 'trigger', name: 'old-trigger', owner: project, description: 'old trigger' });
  em.state.creds.credentials.delete(gone.gitlab.tokenId!); // deleted in GitLab's UI
  await createDeployToken(client, vault.readSecret(maya), project, { name: 'forgotten-pull', scopes: ['read_registry'], expiresAt: null });
  vault.close();
  await client.close();
  await api.vaultUnlock({ password: PASSWORD });
  page = await browser.newPage();
  await page.goto(h.preview.url);
});

async function shootBoth(name: string) {
  for (const size of [{ width: 1200, height: 800 }, { width: 800, height: 600 }]) {
    await page.setViewportSize(size);
    await shoot(page, `owner-audit-${name}-${size.width}`);
  }
  await page.setViewportSize({ width: 1200, height: 800 });
}

const open = async (name: string) => page.getByRole('listbox', { name: 'Tokens' }).getByRole('option', { name: new RegExp(name) }).click();
const rowOf = (name: string) => page.getByRole('dialog').getByRole('row', { name: new RegExp(name) });

test("from a deploy token's page: every credential of its project, each in vault, only on GitLab or only in vault, expiring soon flagged", async () => {
  await open('registry-pull');
  await page.getByRole('button', { name: 'Audit acme/app…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Every credential of project acme/app' });
  await expect(dialog.getByRole('status')).toContainText('4 in vault · 2 only on GitLab · 1 only in vault · 0 not checked · 1 expiring within 30 days');
  await expect(rowOf('forgotten-pull')).toContainText('Only on GitLab');
  await expect(rowOf('https://chat.example.com/notify')).toContainText('Only on GitLab');
  await expect(rowOf('old-trigger')).toContainText(/Only in vault.*revoked or deleted on GitLab/);
  await expect(rowOf('registry-pull')).toContainText('In vault');
  await expect(rowOf('registry-pull')).toContainText('soon');
  await expect(rowOf('prod-agent')).toContainText('Cluster agent token');
  // Rows that need a look come first.
  await expect(dialog.getByRole('row').nth(1)).toContainText('Only on GitLab');
  const text = await pageText(page);
  for (const c of h.emulator.state.creds.credentials.values()) expect(text).not.toContain(c.secret);
  await shootBoth('project');
  await dialog.locator('.dialog-actions').getByRole('button', { name: 'Close' }).click();
});

test('a list GitLab refuses is named with the role it needs; the others are still shown, and its stored entries are "not checked"', async () => {
  h.emulator.faults.answerPath = { method: 'GET', path: /^\/projects\/[^/]+\/hooks$/, count: 1, reply: () => ({ status: 403, json: { message: '403 Forbidden' } }) };
  await open('ci-hook-secret');
  await page.getByRole('button', { name: 'Audit acme/app…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Every credential of project acme/app' });
  await expect(dialog.getByRole('list', { name: 'Lists not read whole' })).toContainText('Webhooks: GitLab refused listing the webhooks of project acme/app: that needs the Maintainer role in project acme/app, and this token\'s user does not have it.');
  await expect(rowOf('ci-hook-secret')).toContainText('Not checked');
  await expect(rowOf('ci-hook-secret')).toContainText('Its list was not read: see above.');
  await expect(rowOf('forgotten-pull')).toContainText('Only on GitLab');
  await shootBoth('refused');
  h.emulator.resetFaults();
  await dialog.getByRole('button', { name: 'Check again' }).click();
  await expect(dialog.getByRole('list', { name: 'Lists not read whole' })).toHaveCount(0);
  await expect(rowOf('ci-hook-secret')).toContainText('In vault');
  await dialog.locator('.dialog-actions').getByRole('button', { name: 'Close' }).click();
});

test("a personal token's page has no project audit; a runner's has its project's", async () => {
  await open('maya-api');
  await expect(page.getByRole('button', { name: /^Audit acme\/app/ })).toHaveCount(0);
  await open('build-host-01');
  await expect(page.getByRole('button', { name: 'Audit acme/app…' })).toBeVisible();
});
