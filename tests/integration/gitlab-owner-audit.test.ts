// Audit of one project or group (issue 22, item 4) against the emulator over real HTTP: every credential
// kind GitLab lists beside the vault, matched by instance + kind + GitLab id. Each row state; lists longer
// than a page; a list GitLab refuses (the role named, the rest still read, that kind's entries "not
// checked" — never "only in vault"); a kind the version lacks (the version named); and hostile answers:
// wrong types, an endless list, ids shared across kinds and repeated within one, names full of control
// characters.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GitLabClient } from '../../electron/gitlab/client';
import { createDeployToken } from '../../electron/gitlab/credential-api';
import { createCredentialAndStore } from '../../electron/gitlab/credential-create';
import { ownerAuditText } from '../../electron/cli/owner-audit-text';
import { auditOwner, type OwnerAuditReport, type OwnerAuditRow } from '../../electron/gitlab/owner-audit';
import { MAX_LIST_ROWS } from '../../electron/gitlab/owner-lists';
import { addDays, isoDay } from '../../electron/gitlab/tokens';
import { TEST_KDF } from '../../electron/vault/kdf';
import { Vault } from '../../electron/vault/vault';
import type { EmCredential } from '../gitlab-emulator/credentials';
import { start, type Emulator } from '../gitlab-emulator/server';
import { failure, quickClient } from './gitlab-helpers';

let em: Emulator;
let client: GitLabClient;
let vault: Vault;
let dir: string;
let maint: string;
const today = isoDay(new Date());
const project = { kind: 'project' as const, target: 'acme/app' };

async function setUp(version?: string) {
  em = await start(version ? { settings: { version } } : {});
  client = quickClient(em.url);
  em.addProject('acme/app', { maint: 40, dev: 30 });
  em.addProject('acme/web', { maint: 40 });
  em.addGroup('acme', { maint: 50 });
  dir = mkdtempSync(path.join(tmpdir(), 'tv-owner-audit-'));
  vault = await Vault.create(path.join(dir, 'v.tokenvault'), 'pw', { kdf: TEST_KDF });
  maint = addPerson('maint', 'maint');
}
beforeEach(() => setUp());
afterEach(async () => {
  vault.close();
  rmSync(dir, { recursive: true, force: true });
  await client.close();
  await em.stop();
});

function addPerson(name: string, username: string): string {
  return vault.add({ name, kind: 'personal', instance: em.url, scopes: ['api'] }, em.issueToken({ username, name, scopes: ['api'], expiresAt: addDays(today, 90) }).secret).id;
}

/** A credential on GitLab that nobody stored, made straight in the emulator's state (as if made in GitLab's UI). */
function seed(kind: EmCredential['kind'], targetPath: string, fields: Partial<EmCredential> = {}): EmCredential {
  const target = em.state.findTarget('project', targetPath)!;
  const id = em.state.id();
  const c: EmCredential = {
    id, kind, owner: 'project', targetId: target.id, name: `${kind}-${id}`, username: null, scopes: [], expiresAt: null, revoked: false,
    secret: em.state.creds.newSecret(kind), createdAt: new Date().toISOString(), createdBy: 0, agentId: null, tags: [], paused: false, clientId: null, ...fields,
  };
  em.state.creds.credentials.set(id, c);
  return c;
}

const audit = (usingId = maint, ref = 'acme/app') => auditOwner(client, vault.readSecret(usingId), vault.list(), ref);
const row = (r: OwnerAuditReport, kind: OwnerAuditRow['kind'], name: string) => r.rows.find((x) => x.kind === kind && x.name === name);
const list = (r: OwnerAuditReport, kind: OwnerAuditRow['kind']) => r.lists.find((l) => l.kind === kind)!;

describe('a project beside the vault', () => {
  it('each row state: in vault, only on GitLab, only in vault (deleted on GitLab), expiring soon — every kind, matched by kind and GitLab id', async () => {
    const agent = em.addAgent('acme/app', 'prod');
    const hook = em.addHook('project', 'acme/app', 'https://ci.example.com/hook');
    em.addHook('project', 'acme/app', 'https://chat.example.com/unstored');
    await createCredentialAndStore(vault, client, { usingId: maint, kind: 'deploy', name: 'registry-pull', owner: project, expiresAt: addDays(today, 10) });
    await createCredentialAndStore(vault, client, { usingId: maint, kind: 'runner', name: 'build-host', owner: project, tags: ['docker'] });
    await createCredentialAndStore(vault, client, { usingId: maint, kind: 'agent', name: 'prod-agent', owner: project, agentId: agent.id });
    await createCredentialAndStore(vault, client, { usingId: maint, kind: 'webhook', name: 'ci-hook-secret', owner: project, hookId: hook.id });
    const gone = await createCredentialAndStore(vault, client, { usingId: maint, kind: 'trigger', name: 'old-trigger', owner: project, description: 'old trigger' });
    em.state.creds.credentials.delete(gone.gitlab.tokenId!); // deleted in GitLab's UI
    const bot = em.issueToken({ username: 'x', kind: 'project', target: 'acme/app', name: 'ci-reader', scopes: ['read_api'] });
    const stored = vault.add({ name: 'ci-reader (mine)', kind: 'project', instance: em.url, scopes: ['read_api'] }, bot.secret);
    vault.update(stored.id, { gitlab: { tokenId: bot.id, target: 'acme/app' } });
    const forgotten = await createDeployToken(client, vault.readSecret(maint), project, { name: 'forgotten-pull', scopes: ['read_registry'], expiresAt: null });
    // Another project's trigger, stored: not this project's business.
    await createCredentialAndStore(vault, client, { usingId: maint, kind: 'trigger', name: 'web-trigger', owner: { kind: 'project', target: 'acme/web' }, description: 'web' });

    const r = await audit();
    expect(r.owner).toMatchObject({ kind: 'project', target: 'acme/app' });
    expect(r.lists.every((l) => l.status === 'read')).toBe(true);
    expect(row(r, 'deploy', 'registry-pull')).toMatchObject({ state: 'in_vault', expiringSoon: true, liveOnGitLab: true });
    expect(row(r, 'runner', 'build-host')).toMatchObject({ state: 'in_vault', entryName: 'build-host' });
    expect(row(r, 'agent', 'prod-agent')).toMatchObject({ state: 'in_vault', detail: 'agent prod' });
    expect(row(r, 'webhook', 'https://ci.example.com/hook')).toMatchObject({ state: 'in_vault', entryName: 'ci-hook-secret', gitlabId: hook.id });
    expect(row(r, 'webhook', 'https://chat.example.com/unstored')).toMatchObject({ state: 'only_on_gitlab', entryId: null });
    expect(row(r, 'project', 'ci-reader')).toMatchObject({ state: 'in_vault', entryName: 'ci-reader (mine)', gitlabId: bot.id });
    expect(row(r, 'deploy', 'forgotten-pull')).toMatchObject({ state: 'only_on_gitlab', gitlabId: forgotten.id, expiresAt: null });
    expect(row(r, 'trigger', 'old-trigger')).toMatchObject({ state: 'only_in_vault', liveOnGitLab: null, entryId: gone.id });
    expect(r.rows.some((x) => x.name === 'web-trigger')).toBe(false);
    expect(r.counts).toMatchObject({ in_vault: 5, only_on_gitlab: 2, only_in_vault: 1, not_checked: 0, expiring_soon: 1 });
    // Never a secret in the report, not even a trigger's its maker would see whole in GitLab's list.
    const text = JSON.stringify(r);
    for (const c of em.state.creds.credentials.values()) expect(text).not.toContain(c.secret);
    expect(text).not.toContain(bot.secret);
  });

  it('a credential GitLab revoked while the vault holds it as live: in vault with the mismatch said, or gone from a list of live ones', async () => {
    const deploy = await createCredentialAndStore(vault, client, { usingId: maint, kind: 'deploy', name: 'pull', owner: project, expiresAt: addDays(today, 200) });
    em.state.creds.credentials.get(deploy.gitlab.tokenId!)!.revoked = true;
    const made = await createCredentialAndStore(vault, client, { usingId: maint, kind: 'agent', name: 'edge-agent', owner: project, agentId: em.addAgent('acme/app', 'edge').id });
    em.state.creds.credentials.get(made.gitlab.tokenId!)!.revoked = true;
    const r = await audit();
    // deploy_tokens.rb lists revoked ones, marked.
    expect(row(r, 'deploy', 'pull')).toMatchObject({ state: 'in_vault', liveOnGitLab: false, note: 'GitLab says it no longer works (revoked); the vault still holds it as live.' });
    // GitLab's list of an agent's tokens holds active ones only: a revoked token is gone from it.
    expect(row(r, 'agent', 'edge-agent')).toMatchObject({ state: 'only_in_vault' });
  });

  it('lists longer than a page are followed to the end (130 triggers, 120 deploy tokens)', async () => {
    const triggers = Array.from({ length: 130 }, (_, i) => seed('trigger', 'acme/app', { name: `t-${String(i).padStart(3, '0')}` }));
    Array.from({ length: 120 }, (_, i) => seed('deploy', 'acme/app', { name: `d-${i}`, username: `gitlab+deploy-token-${i}`, scopes: ['read_registry'] }));
    const late = triggers[125]!;
    const kept = vault.add({ name: 'late-trigger', kind: 'trigger', instance: em.url }, late.secret);
    vault.update(kept.id, { gitlab: { tokenId: late.id, target: 'acme/app' } });
    const r = await audit();
    expect(list(r, 'trigger')).toMatchObject({ status: 'read', count: 130, truncated: false });
    expect(list(r, 'deploy')).toMatchObject({ status: 'read', count: 120 });
    expect(row(r, 'trigger', late.name)).toMatchObject({ state: 'in_vault', entryName: 'late-trigger' });
    expect(r.rows.filter((x) => x.state === 'only_on_gitlab' && x.kind === 'trigger')).toHaveLength(129);
    const pages = [...em.stats.byPath.entries()].filter(([p]) => /\/projects\/[^/]+\/triggers$/.test(p)).reduce((n, [, v]) => n + v, 0);
    expect(pages).toBe(2);
  });
});

describe('what GitLab will not show', () => {
  it('a 403 on one list names the role it needs; every other list is read, and that kind\'s entries are not checked, never "only in vault"', async () => {
    const hook = em.addHook('project', 'acme/app', 'https://ci.example.com/hook');
    await createCredentialAndStore(vault, client, { usingId: maint, kind: 'webhook', name: 'hook-secret', owner: project, hookId: hook.id });
    await createCredentialAndStore(vault, client, { usingId: maint, kind: 'deploy', name: 'pull', owner: project, expiresAt: addDays(today, 200) });
    em.faults.answerPath = { method: 'GET', path: /^\/projects\/[^/]+\/hooks$/, count: 1, reply: () => ({ status: 403, json: { message: '403 Forbidden' } }) };
    const r = await audit();
    expect(list(r, 'webhook')).toMatchObject({ status: 'refused' });
    expect(list(r, 'webhook').message).toMatch(/GitLab refused listing the webhooks of project acme\/app: that needs the Maintainer role in project acme\/app/);
    expect(row(r, 'webhook', 'hook-secret')).toMatchObject({ state: 'not_checked', note: list(r, 'webhook').message });
    expect(row(r, 'deploy', 'pull')).toMatchObject({ state: 'in_vault' });
    expect(r.lists.filter((l) => l.status === 'read').map((l) => l.kind)).toEqual(['project', 'deploy', 'trigger', 'runner', 'agent']);
  });

  it('a Developer is told each role: access tokens, deploy tokens and triggers need Maintainer; agents the Developer may see, their tokens not', async () => {
    const dev = addPerson('dev', 'dev');
    em.addAgent('acme/app', 'prod');
    const r = await audit(dev);
    expect(list(r, 'project')).toMatchObject({ status: 'refused' });
    expect(list(r, 'project').message).toMatch(/needs the Maintainer role/);
    expect(list(r, 'deploy').message).toMatch(/that needs the Maintainer role in project acme\/app/);
    expect(list(r, 'trigger').status).toBe('refused');
    // The agents list answered (a Developer's to read); the agent's tokens did not.
    expect(list(r, 'agent').message).toMatch(/listing the tokens of agent \d+ of project acme\/app: that needs the Developer role to see project acme\/app's agents and the Maintainer role for their tokens/);
    expect([...em.stats.byPath.keys()].some((p) => p.endsWith('/cluster_agents'))).toBe(true);
  });

  it('a kind the version lacks names the version, and its stored entries are not checked', async () => {
    await em.stop();
    await client.close();
    vault.close();
    rmSync(dir, { recursive: true, force: true });
    await setUp('14.9.0');
    const tokenOnOld = vault.add({ name: 'old-agent', kind: 'agent', instance: em.url }, 'glagent-abcdefghijklmnopqrstu');
    vault.update(tokenOnOld.id, { gitlab: { tokenId: 999, target: 'acme/app' } });
    const r = await audit();
    expect(r.version).toBe('14.9.0');
    expect(list(r, 'agent')).toMatchObject({ status: 'too_old' });
    expect(list(r, 'agent').message).toMatch(/runs GitLab 14\.9\.0; listing the cluster agents of project acme\/app needs GitLab 15\.0 or later/);
    expect(row(r, 'agent', 'old-agent')).toMatchObject({ state: 'not_checked' });
    expect(list(r, 'deploy').status).toBe('read');
  });

  it("a group: its service accounts' tokens where an administrator may see them; the group's Owner is told why not", async () => {
    const admin = addPerson('root', 'root');
    em.state.users.get([...em.state.users.values()].find((u) => u.username === 'root')!.id)!.admin = true;
    const sa = await createCredentialAndStore(vault, client, { usingId: maint, kind: 'service-account', name: 'release-bot', owner: { kind: 'group', target: 'acme' }, scopes: ['read_api'], expiresAt: addDays(today, 20) });
    const asAdmin = await audit(admin, 'acme');
    expect(asAdmin.owner.kind).toBe('group');
    expect(row(asAdmin, 'service-account', 'release-bot')).toMatchObject({ state: 'in_vault', entryId: sa.id, expiringSoon: true });
    const asOwner = await audit(maint, 'acme');
    expect(list(asOwner, 'service-account')).toMatchObject({ status: 'refused' });
    expect(list(asOwner, 'service-account').message).toMatch(/needs an administrator \(GitLab has no group route listing a service account's tokens: issue 523474\)/);
    expect(row(asOwner, 'service-account', 'release-bot')).toMatchObject({ state: 'not_checked' });
    expect(list(asOwner, 'group').status).toBe('read');
  });

  it('a path GitLab shows this token neither as a project nor as a group is one sentence', async () => {
    const err = await failure(audit(maint, 'acme/secret'), vault.readSecret(maint));
    expect(err.message).toMatch(/has no project or group acme\/secret that this token can see/);
  });
});

describe('a hostile answer', () => {
  it('wrong types in one list: that kind is "not understood", its entries not checked, the others read', async () => {
    await createCredentialAndStore(vault, client, { usingId: maint, kind: 'deploy', name: 'pull', owner: project, expiresAt: addDays(today, 200) });
    em.faults.answerPath = { method: 'GET', path: /\/deploy_tokens$/, count: 1, reply: () => ({ status: 200, json: [{ id: 'seven', name: 5, scopes: 'all' }] }) };
    const r = await audit();
    expect(list(r, 'deploy')).toMatchObject({ status: 'failed' });
    expect(list(r, 'deploy').message).toMatch(/^The list of deploy tokens could not be read: /);
    expect(row(r, 'deploy', 'pull')).toMatchObject({ state: 'not_checked' });
    expect(list(r, 'trigger').status).toBe('read');
  });

  it(`an endless list stops at ${MAX_LIST_ROWS} rows, said; a stored trigger not among them is not checked, not "only in vault"`, async () => {
    const kept = await createCredentialAndStore(vault, client, { usingId: maint, kind: 'trigger', name: 'real', owner: project, description: 'real' });
    em.faults.answerPath = {
      method: 'GET', path: /\/triggers$/, count: 10_000,
      reply: (page) => ({ status: 200, json: Array.from({ length: 100 }, (_, i) => ({ id: 10_000_000 + page * 100 + i, description: `flood ${page}-${i}`, expires_at: null })), headers: { 'x-next-page': String(page + 1) } }),
    };
    const r = await audit();
    expect(list(r, 'trigger')).toMatchObject({ status: 'read', truncated: true, count: MAX_LIST_ROWS });
    expect(list(r, 'trigger').message).toMatch(/only the first 10000 were read/);
    expect(row(r, 'trigger', 'real')).toMatchObject({ state: 'not_checked', entryId: kept.id });
    // 100 pages of 100, then it stopped: the flood was not followed further.
    expect(em.faults.answerPath!.count).toBe(10_000 - 100);
  });

  it('ids that collide across kinds match only their own kind; an id listed twice is shown once, said', async () => {
    const deploy = await createCredentialAndStore(vault, client, { usingId: maint, kind: 'deploy', name: 'pull', owner: project, expiresAt: addDays(today, 200) });
    const same = deploy.gitlab.tokenId!;
    em.faults.answerPath = { method: 'GET', path: /\/triggers$/, count: 1, reply: () => ({ status: 200, json: [{ id: same, description: 'a trigger with the deploy token\'s id', expires_at: null }, { id: same, description: 'again', expires_at: null }] }) };
    const r = await audit();
    expect(row(r, 'deploy', 'pull')).toMatchObject({ state: 'in_vault', entryId: deploy.id, gitlabId: same });
    expect(r.rows.filter((x) => x.kind === 'trigger')).toEqual([expect.objectContaining({ gitlabId: same, state: 'only_on_gitlab', entryId: null, name: "a trigger with the deploy token's id" })]);
    expect(list(r, 'trigger').message).toMatch(/listed 1 of them twice under the same id; each is shown once/);
  });

  it('names full of control characters and far too long are cut and cleaned', async () => {
    em.faults.answerPath = { method: 'GET', path: /\/triggers$/, count: 1, reply: () => ({ status: 200, json: [{ id: 5, description: `\u001b[31mred\u0007${'x'.repeat(100_000)}`, expires_at: '2099-01-01T00:00:00Z' }] }) };
    const r = await audit();
    const t = r.rows.find((x) => x.kind === 'trigger')!;
    expect(t.name).toHaveLength(255);
    expect(t.name).not.toMatch(/[\u0000-\u001f]/);
    expect(t.expiresAt).toBe('2099-01-01');
  });

  it("a hostile GitLab's error text and names reach the printed audit without terminal escapes, C1 controls or bidi overrides", async () => {
    const hostile = '\u001b]0;PWNED\u0007\u001b[2J\u009b31m \u202eevil\u202c \u2066x\u2069\u200f\u061c';
    em.faults.answerPath = { method: 'GET', path: /\/hooks$/, count: 1, reply: () => ({ status: 400, json: { message: `400 Bad request - does not have permission ${hostile}` } }) };
    const triggers = { method: 'GET', path: /\/triggers$/, count: 1, reply: () => ({ status: 200, json: [{ id: 5, description: `t${hostile}`, expires_at: null }] }) };
    const r1 = await audit();
    em.faults.answerPath = { method: 'GET', path: /\/deploy_tokens$/, count: 1, reply: () => ({ status: 422, json: { message: { name: [hostile] } } }) };
    const r2 = await audit();
    em.faults.answerPath = triggers;
    const r3 = await audit();
    const controls = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
    expect(list(r1, 'webhook').message).toContain('does not have permission');
    expect(list(r2, 'deploy').message).toContain('name');
    for (const r of [r1, r2, r3]) {
      const printed = ownerAuditText(r).split('\n');
      for (const line of printed) expect(line, line).not.toMatch(controls);
    }
    expect(ownerAuditText(r1)).toContain('PWNED');
  });
});
