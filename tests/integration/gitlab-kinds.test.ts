// Every credential kind against the emulator over real HTTP (issue 22): create → store in one
// step, verify, rotate (GitLab's reset where it has one, else a swap: new → CI/CD variables → old
// revoked), revoke; a swap failing half-way says what GitLab and the vault hold and finishes later;
// too low a role is named, and a kind the instance's version lacks names the version.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GitLabClient } from '../../electron/gitlab/client';
import { createCredentialAndStore } from '../../electron/gitlab/credential-create';
import { addDays, isoDay } from '../../electron/gitlab/tokens';
import { entryStatus } from '../../electron/reminders/status';
import { revokeEntry, rotateEntry, verifyEntry } from '../../electron/gitlab/vault-ops';
import { TEST_KDF } from '../../electron/vault/kdf';
import { Vault } from '../../electron/vault/vault';
import { start, type Emulator } from '../gitlab-emulator/server';
import { variableKey } from '../gitlab-emulator/variable-routes';
import { failure, quickClient } from './gitlab-helpers';

let em: Emulator;
let client: GitLabClient;
let vault: Vault;
let dir: string;
let maint: string;
let dev: string;
let admin: string;
const today = isoDay(new Date());

beforeAll(async () => {
  em = await start();
  client = quickClient(em.url);
  em.addProject('acme/app', { maint: 40, dev: 30 });
  em.addGroup('acme', { maint: 50, dev: 40 });
  em.addUser('root', { admin: true });
  dir = mkdtempSync(path.join(tmpdir(), 'tv-kinds-'));
  vault = await Vault.create(path.join(dir, 'v.tokenvault'), 'pw', { kdf: TEST_KDF });
  const add = (name: string, username: string) => vault.add({ name, kind: 'personal', instance: em.url, scopes: ['api'] }, em.issueToken({ username, name, scopes: ['api'], expiresAt: addDays(today, 90) }).secret).id;
  maint = add('maint', 'maint');
  dev = add('dev', 'dev');
  admin = add('root', 'root');
});
afterAll(async () => {
  vault.close();
  rmSync(dir, { recursive: true, force: true });
  await client.close();
  await em.stop();
});
beforeEach(() => em.resetFaults());

const project = { kind: 'project' as const, target: 'acme/app' };
const variable = (key: string) => em.state.variables.get(variableKey('project', em.state.findTarget('project', 'acme/app')!.id, key, '*'));
const liveDeployIds = () => [...em.state.creds.credentials.values()].filter((c) => c.kind === 'deploy').map((c) => c.id);

describe('deploy tokens', () => {
  it('create stores the token with its username and the read_registry default; verify finds it; revoke deletes it', async () => {
    const entry = await createCredentialAndStore(vault, client, { usingId: maint, kind: 'deploy', name: 'pull-secret', owner: project, expiresAt: addDays(today, 365) });
    const onGitLab = em.state.creds.credentials.get(entry.gitlab.tokenId!);
    expect(onGitLab?.scopes).toEqual(['read_registry']);
    expect(vault.readSecret(entry.id)).toBe(onGitLab?.secret);
    expect(vault.readSecret(entry.id)).toMatch(/^gldt-/);
    expect(entry).toMatchObject({ kind: 'deploy', scopes: ['read_registry'], expiresAt: addDays(today, 365), facts: { owner: 'project', managedBy: maint }, gitlab: { username: `gitlab+deploy-token-${entry.gitlab.tokenId}`, target: 'acme/app' } });
    const v = await verifyEntry(vault, client, entry.id);
    expect(v.finding).toMatchObject({ ok: true });
    expect(v.finding.message).toContain('as active (asked with "maint")');
    const r = await revokeEntry(vault, client, entry.id);
    expect(r.entry.revoked).toBe(true);
    expect(em.state.creds.credentials.has(entry.gitlab.tokenId!)).toBe(false);
    const after = await verifyEntry(vault, client, entry.id);
    expect(after.finding).toMatchObject({ ok: false, code: 'revoked' });
  });

  it("the managing token is never sent to an address that is not its own: a credential moved elsewhere is refused unsent", async () => {
    const entry = await createCredentialAndStore(vault, client, { usingId: maint, kind: 'deploy', name: 'moved-pull', owner: project });
    // The credential's address edited alone (a typo, another team member): maint's token must not follow it.
    vault.update(entry.id, { instance: 'http://127.0.0.1:9' });
    const before = em.stats.requests;
    const err = await failure(verifyEntry(vault, client, entry.id));
    expect(err.code).toBe('invalid_request');
    expect(err.message).toBe(`"maint" is for ${em.url}, and "moved-pull" is at http://127.0.0.1:9; a token is sent only to its own GitLab, so give a stored token for http://127.0.0.1:9 with --using.`);
    await expect(revokeEntry(vault, client, entry.id)).rejects.toMatchObject({ code: 'invalid_request' });
    expect(em.stats.requests).toBe(before);
    vault.update(entry.id, { instance: em.url });
    expect((await verifyEntry(vault, client, entry.id)).finding).toMatchObject({ ok: true });
  });

  it('a Developer is told the Maintainer role is needed; nothing is made or stored', async () => {
    const before = liveDeployIds().length;
    const err = await failure(createCredentialAndStore(vault, client, { usingId: dev, kind: 'deploy', name: 'dev-pull', owner: project }));
    expect(err.code).toBe('not_permitted');
    expect(err.message).toBe('GitLab refused creating a deploy token in project acme/app: that needs the Maintainer role in project acme/app, and this token\'s user does not have it.');
    expect(liveDeployIds().length).toBe(before);
    expect(vault.list().some((e) => e.name === 'dev-pull')).toBe(false);
  });

  it('rotate swaps: a new token, the CI/CD variable set to it, the old one revoked — in that order', async () => {
    em.addVariable('project', 'acme/app', 'REGISTRY_PULL', 'placeholder-value', { masked: true });
    const entry = await createCredentialAndStore(vault, client, { usingId: maint, kind: 'deploy', name: 'swap-ok', owner: project, expiresAt: addDays(today, 100), usedIn: ['acme/app:REGISTRY_PULL', 'the k8s pull secret'] });
    const oldId = entry.gitlab.tokenId!;
    const r = await rotateEntry(vault, client, entry.id);
    const fresh = em.state.creds.credentials.get(r.entry.gitlab.tokenId!);
    expect(fresh && fresh.id !== oldId).toBe(true);
    expect(vault.readSecret(entry.id)).toBe(fresh?.secret);
    expect(variable('REGISTRY_PULL')?.value).toBe(fresh?.secret);
    expect(em.state.creds.credentials.has(oldId)).toBe(false);
    expect(r.entry.pendingRotation).toBeNull();
    expect(r.entry.followUp?.places).toEqual([{ place: 'the k8s pull secret', done: false }]);
    expect(r.message).toContain(`old ${oldId} revoked`);
    expect(r.message).toContain('Still to update by hand: the k8s pull secret');
    expect(r.message).not.toContain(fresh!.secret);
  });

  it('a swap failing half-way (the variable update) keeps both tokens live, says so, and --finish completes it', async () => {
    em.addVariable('project', 'acme/app', 'HALF_WAY', 'placeholder-value', { masked: true });
    const entry = await createCredentialAndStore(vault, client, { usingId: maint, kind: 'deploy', name: 'swap-half', owner: project, expiresAt: addDays(today, 100), usedIn: ['acme/app:HALF_WAY'] });
    const oldId = entry.gitlab.tokenId!;
    const oldSecret = vault.readSecret(entry.id);
    em.faults.failPath = { method: 'PUT', path: /\/variables\/HALF_WAY$/, count: 1 };
    const err = await failure(rotateEntry(vault, client, entry.id), oldSecret);
    const now = vault.get(entry.id);
    const newId = now.gitlab.tokenId!;
    // GitLab: both live. Vault: the new one, and the record naming the old one.
    expect(newId).not.toBe(oldId);
    expect(em.state.creds.credentials.get(oldId)?.revoked).toBe(false);
    expect(em.state.creds.credentials.get(newId)?.secret).toBe(vault.readSecret(entry.id));
    expect(variable('HALF_WAY')?.value).toBe('placeholder-value');
    expect(now.pendingRotation).toMatchObject({ oldTokenId: oldId });
    expect(err.message).toContain(`GitLab now has two live deploy tokens for "swap-half": the new one (id ${newId}), stored in the vault, and the old one (id ${oldId}), still live because 1 of 1 CI/CD variables could not be set to the new one (acme/app:HALF_WAY`);
    expect(err.message).toContain(`run \`tokenvault gitlab rotate "swap-half" --finish\``);
    // The half-way state is in the token's history too, where the app shows it.
    expect(now.history.at(-1)?.note).toContain('two live deploy tokens');
    // Finishing: the variable gets the new token, then the old one is revoked.
    const done = await rotateEntry(vault, client, entry.id);
    expect(variable('HALF_WAY')?.value).toBe(vault.readSecret(entry.id));
    expect(em.state.creds.credentials.has(oldId)).toBe(false);
    expect(done.entry.gitlab.tokenId).toBe(newId);
    expect(done.entry.pendingRotation).toBeNull();
  });

  it('a swap failing at the last step (revoking the old one) says the old one is live and --finish revokes it', async () => {
    const entry = await createCredentialAndStore(vault, client, { usingId: maint, kind: 'deploy', name: 'swap-last', owner: project, expiresAt: addDays(today, 100) });
    const oldId = entry.gitlab.tokenId!;
    em.faults.failPath = { method: 'DELETE', path: new RegExp(`/deploy_tokens/${oldId}$`), count: 1 };
    const err = await failure(rotateEntry(vault, client, entry.id));
    expect(err.message).toContain(`the old one (id ${oldId}), still live because revoking it failed`);
    expect(em.state.creds.credentials.get(oldId)?.revoked).toBe(false);
    await rotateEntry(vault, client, entry.id);
    expect(em.state.creds.credentials.has(oldId)).toBe(false);
    expect(vault.get(entry.id).pendingRotation).toBeNull();
  });

  it('a swap whose answer to making the new token was lost: rotating again revokes the one nobody holds first', async () => {
    const entry = await createCredentialAndStore(vault, client, { usingId: maint, kind: 'deploy', name: 'swap-lost', owner: project, expiresAt: addDays(today, 100) });
    const oldId = entry.gitlab.tokenId!;
    em.faults.dropAfterPath = { method: 'POST', path: /\/deploy_tokens$/, count: 1 };
    const err = await rotateEntry(vault, client, entry.id).then(() => null, (e: unknown) => e as { code: string; message: string });
    expect(err?.code).toBe('rotation_unconfirmed');
    const live = () => [...em.state.creds.credentials.values()].filter((c) => c.kind === 'deploy' && c.name === 'swap-lost' && !c.revoked).map((c) => c.id);
    const orphan = live().find((x) => x !== oldId)!;
    expect(orphan).toBeGreaterThan(oldId);
    const r = await rotateEntry(vault, client, entry.id);
    // Only the new stored one is live: neither the old one nor the one made when the answer was lost.
    expect(live()).toEqual([r.entry.gitlab.tokenId]);
    expect(vault.get(entry.id).history.map((h) => h.note).join(' ')).toContain(`(id ${orphan}) was revoked with "maint"`);
  });

  it('a lost swap answer settled by verify: the one nobody holds is revoked, the stored one still works', async () => {
    const entry = await createCredentialAndStore(vault, client, { usingId: maint, kind: 'deploy', name: 'swap-lost-2', owner: project, expiresAt: addDays(today, 100) });
    const oldId = entry.gitlab.tokenId!;
    em.faults.dropAfterPath = { method: 'POST', path: /\/deploy_tokens$/, count: 1 };
    await rotateEntry(vault, client, entry.id).catch(() => undefined);
    const v = await verifyEntry(vault, client, entry.id);
    expect(v.finding.ok).toBe(true);
    expect(vault.get(entry.id).pendingRotation).toBeNull();
    expect([...em.state.creds.credentials.values()].filter((c) => c.kind === 'deploy' && c.name === 'swap-lost-2' && !c.revoked).map((c) => c.id)).toEqual([oldId]);
  });

  it('a create whose answer was lost: the token GitLab made (nobody holds it) is revoked again, an older namesake is left alone', async () => {
    const older = await createCredentialAndStore(vault, client, { usingId: maint, kind: 'deploy', name: 'lost-create-old', owner: project });
    vault.update(older.id, { name: 'kept-elsewhere' });
    em.faults.dropAfterPath = { method: 'POST', path: /\/deploy_tokens$/, count: 1 };
    const err = await createCredentialAndStore(vault, client, { usingId: maint, kind: 'deploy', name: 'lost-create-old', owner: project }).then(() => null, (e: unknown) => e as { message: string });
    expect(err?.message).toContain('was lost');
    expect(err?.message).toContain('it was revoked again');
    const live = [...em.state.creds.credentials.values()].filter((c) => c.kind === 'deploy' && c.name === 'lost-create-old' && !c.revoked).map((c) => c.id);
    expect(live).toEqual([older.gitlab.tokenId]);
    // Made again, it is stored and the only new one.
    const again = await createCredentialAndStore(vault, client, { usingId: maint, kind: 'deploy', name: 'lost-create-old', owner: project });
    expect(em.state.creds.credentials.get(again.gitlab.tokenId!)?.revoked).toBe(false);
  });

  it('a swap whose new token GitLab refuses to make changes nothing and keeps no record', async () => {
    const entry = await createCredentialAndStore(vault, client, { usingId: maint, kind: 'deploy', name: 'swap-refused', owner: project, expiresAt: addDays(today, 100) });
    const secret = vault.readSecret(entry.id);
    em.state.findTarget('project', 'acme/app')!.members.set(em.state.users.get(em.state.bySecret(vault.readSecret(maint))!.userId)!.id, 30);
    try {
      const err = await failure(rotateEntry(vault, client, entry.id));
      expect(err.message).toContain('needs the Maintainer role');
      expect(vault.readSecret(entry.id)).toBe(secret);
      expect(vault.get(entry.id).pendingRotation).toBeNull();
    } finally {
      em.state.findTarget('project', 'acme/app')!.members.set(em.state.bySecret(vault.readSecret(maint))!.userId, 40);
    }
  });
});

describe('pipeline trigger tokens', () => {
  it('create, verify (the secret compared: GitLab shows its maker the whole token), rotate by swap, revoke', async () => {
    const entry = await createCredentialAndStore(vault, client, { usingId: maint, kind: 'trigger', name: 'downstream', owner: project });
    expect(vault.readSecret(entry.id)).toMatch(/^glptt-/);
    // GitLab gives a trigger no expiry date: it never expires (a risk, said so), not "expiry unknown".
    expect(entryStatus(entry, new Date())).toBe('never');
    expect((await verifyEntry(vault, client, entry.id)).finding.message).toContain('it is the one stored here');
    const oldId = entry.gitlab.tokenId!;
    const r = await rotateEntry(vault, client, entry.id);
    expect(em.state.creds.credentials.has(oldId)).toBe(false);
    expect(em.state.creds.credentials.get(r.entry.gitlab.tokenId!)?.secret).toBe(vault.readSecret(entry.id));
    await revokeEntry(vault, client, entry.id);
    expect(em.state.creds.credentials.has(r.entry.gitlab.tokenId!)).toBe(false);
  });

  it('a trigger changed on GitLab is found out: the stored secret is not the one GitLab has', async () => {
    const entry = await createCredentialAndStore(vault, client, { usingId: maint, kind: 'trigger', name: 'changed', owner: project });
    em.state.creds.credentials.get(entry.gitlab.tokenId!)!.secret = 'glptt-changed-elsewhere-0000';
    const v = await verifyEntry(vault, client, entry.id);
    expect(v.finding).toMatchObject({ ok: false, code: 'unrecognised' });
    expect(v.finding.message).not.toContain('glptt-');
  });
});

describe('runner authentication tokens', () => {
  it('create (project runner, tags), verify with the token itself, rotate by its own reset, revoke deletes the runner', async () => {
    const entry = await createCredentialAndStore(vault, client, { usingId: maint, kind: 'runner', name: 'build-host', owner: project, tags: ['docker', 'linux'] });
    expect(entry.facts).toMatchObject({ owner: 'project', tags: ['docker', 'linux'], paused: false });
    const old = vault.readSecret(entry.id);
    expect(old).toMatch(/^glrt-/);
    expect((await verifyEntry(vault, client, entry.id)).finding).toMatchObject({ ok: true });
    const r = await rotateEntry(vault, client, entry.id);
    expect(vault.readSecret(entry.id)).not.toBe(old);
    expect(em.state.creds.credentials.get(entry.gitlab.tokenId!)?.secret).toBe(vault.readSecret(entry.id));
    expect(r.entry.history.at(-1)?.note).toBe('Reset on GitLab with its own token.');
    await revokeEntry(vault, client, entry.id);
    expect(em.state.creds.credentials.has(entry.gitlab.tokenId!)).toBe(false);
    expect((await verifyEntry(vault, client, entry.id)).finding).toMatchObject({ ok: false, code: 'revoked' });
  });

  it('a runner token reset elsewhere is no longer accepted: verify says so', async () => {
    const entry = await createCredentialAndStore(vault, client, { usingId: maint, kind: 'runner', name: 'reset-elsewhere', owner: project });
    em.state.creds.credentials.get(entry.gitlab.tokenId!)!.secret = 'glrt-someone-else-reset-it';
    const v = await verifyEntry(vault, client, entry.id);
    expect(v.finding.message).toBe('GitLab no longer accepts this runner authentication token: it was reset or the runner was deleted.');
  });

  it('an instance runner needs an administrator, and the sentence says so', async () => {
    const err = await failure(createCredentialAndStore(vault, client, { usingId: maint, kind: 'runner', name: 'shared', owner: { kind: 'instance' } }));
    expect(err.message).toContain('that needs an administrator');
  });

  it('GitLab before 15.10 cannot create a runner with a person\'s token: refused unsent, the version named', async () => {
    const old = await start({ settings: { version: '15.9.0' } });
    const oldClient = quickClient(old.url);
    old.addProject('acme/app', { maint: 40 });
    const v2 = await Vault.create(path.join(dir, 'old.tokenvault'), 'pw', { kdf: TEST_KDF });
    try {
      const m = v2.add({ name: 'm', kind: 'personal', instance: old.url, scopes: ['api'] }, old.issueToken({ username: 'maint', name: 'm', scopes: ['api'], expiresAt: addDays(today, 30) }).secret);
      const before = old.stats.byPath.get('/api/v4/user/runners') ?? 0;
      const err = await failure(createCredentialAndStore(v2, oldClient, { usingId: m.id, kind: 'runner', name: 'r', owner: project }));
      expect(err.code).toBe('too_new');
      expect(err.message).toMatch(/runs GitLab 15\.9\.0; creating a runner for project acme\/app needs GitLab 15\.10 or later\./);
      expect(old.stats.byPath.get('/api/v4/user/runners') ?? 0).toBe(before);
    } finally {
      v2.close();
      await oldClient.close();
      await old.stop();
    }
  });
});

describe('cluster agent tokens', () => {
  it('create for an agent, verify in its list, rotate by swap (GitLab allows two at a time), revoke', async () => {
    const agent = em.addAgent('acme/app', 'prod-cluster');
    const entry = await createCredentialAndStore(vault, client, { usingId: maint, kind: 'agent', name: 'prod-agent', owner: project, agentId: agent.id });
    expect(vault.readSecret(entry.id)).toMatch(/^glagent-/);
    expect((await verifyEntry(vault, client, entry.id)).finding).toMatchObject({ ok: true });
    const oldId = entry.gitlab.tokenId!;
    const r = await rotateEntry(vault, client, entry.id);
    expect(em.state.creds.credentials.get(oldId)?.revoked).toBe(true);
    expect(em.state.creds.credentials.get(r.entry.gitlab.tokenId!)?.revoked).toBe(false);
    await revokeEntry(vault, client, entry.id);
    expect(em.state.creds.credentials.get(r.entry.gitlab.tokenId!)?.revoked).toBe(true);
  });

  it('an agent token swap whose answer was lost: rotating again revokes the orphan, so GitLab\'s two-token limit does not stop it', async () => {
    const agent = em.addAgent('acme/app', 'lost-cluster');
    const entry = await createCredentialAndStore(vault, client, { usingId: maint, kind: 'agent', name: 'lost-agent', owner: project, agentId: agent.id });
    em.faults.dropAfterPath = { method: 'POST', path: /\/cluster_agents\/\d+\/tokens$/, count: 1 };
    await rotateEntry(vault, client, entry.id).catch(() => undefined);
    const r = await rotateEntry(vault, client, entry.id);
    expect([...em.state.creds.credentials.values()].filter((c) => c.kind === 'agent' && c.agentId === agent.id && !c.revoked).map((c) => c.id)).toEqual([r.entry.gitlab.tokenId]);
  });

  it('an agent with two live tokens cannot take a third: GitLab\'s reason is passed on and nothing changes', async () => {
    const agent = em.addAgent('acme/app', 'full-cluster');
    const entry = await createCredentialAndStore(vault, client, { usingId: maint, kind: 'agent', name: 'full-1', owner: project, agentId: agent.id });
    await createCredentialAndStore(vault, client, { usingId: maint, kind: 'agent', name: 'full-2', owner: project, agentId: agent.id });
    const err = await failure(rotateEntry(vault, client, entry.id));
    expect(err.message).toContain('An agent can have only two active tokens at a time');
    expect(vault.get(entry.id).pendingRotation).toBeNull();
  });
});

describe('service accounts', () => {
  it("create (account + token) in a group, verify like a personal token, rotate itself, revoke itself", async () => {
    const entry = await createCredentialAndStore(vault, client, { usingId: maint, kind: 'service-account', name: 'ci-bot', owner: { kind: 'group', target: 'acme' }, scopes: ['api'], expiresAt: addDays(today, 60) });
    expect(entry).toMatchObject({ kind: 'service-account', scopes: ['api'], facts: { owner: 'group', managedBy: maint }, gitlab: { target: 'acme' } });
    expect(em.state.serviceAccounts.get(entry.gitlab.userId!)).toBe(em.state.findTarget('group', 'acme')!.id);
    expect((await verifyEntry(vault, client, entry.id)).finding).toMatchObject({ ok: true });
    const old = vault.readSecret(entry.id);
    await rotateEntry(vault, client, entry.id, { expiresAt: addDays(today, 60) });
    expect(vault.readSecret(entry.id)).not.toBe(old);
    const r = await revokeEntry(vault, client, entry.id);
    expect(r.entry.revoked).toBe(true);
  });

  it('a Maintainer of the group is told an Owner of the top-level group is needed', async () => {
    const err = await failure(createCredentialAndStore(vault, client, { usingId: dev, kind: 'service-account', name: 'nope', owner: { kind: 'group', target: 'acme' }, expiresAt: addDays(today, 30) }));
    expect(err.message).toBe("GitLab refused creating a service account in group acme: that needs the Owner role in the top-level group acme (or an administrator), and this token's user does not have it.");
  });
});

describe('OAuth application secrets', () => {
  it('create (administrator), verify the application exists, renew the secret, delete it', async () => {
    const entry = await createCredentialAndStore(vault, client, { usingId: admin, kind: 'oauth-app', name: 'dashboard', owner: { kind: 'instance' }, redirectUri: 'https://dash.example.com/cb' });
    const old = vault.readSecret(entry.id);
    expect(old).toMatch(/^gloas-/);
    expect(entry.facts?.clientId).toBeTruthy();
    expect((await verifyEntry(vault, client, entry.id)).finding).toMatchObject({ ok: true });
    await rotateEntry(vault, client, entry.id);
    expect(vault.readSecret(entry.id)).not.toBe(old);
    expect(em.state.creds.credentials.get(entry.gitlab.tokenId!)?.secret).toBe(vault.readSecret(entry.id));
    await revokeEntry(vault, client, entry.id);
    expect(em.state.creds.credentials.has(entry.gitlab.tokenId!)).toBe(false);
  });

  it('a renew answer without the new secret counts as lost: the record says unconfirmed, and renewing again stores a working one', async () => {
    const entry = await createCredentialAndStore(vault, client, { usingId: admin, kind: 'oauth-app', name: 'no-secret-answer', owner: { kind: 'instance' }, redirectUri: 'https://ns.example.com/cb' });
    em.faults.answerPath = { method: 'POST', path: /\/applications\/\d+\/renew-secret$/, count: 1, reply: () => ({ status: 200, json: { id: entry.gitlab.tokenId, application_id: entry.facts?.clientId, application_name: 'no-secret-answer' } }) };
    const err = await rotateEntry(vault, client, entry.id).then(() => null, (e: unknown) => e as { code: string });
    expect(err?.code).toBe('rotation_unconfirmed');
    expect(vault.get(entry.id).pendingRotation?.state).toBe('unconfirmed');
    await rotateEntry(vault, client, entry.id);
    expect(em.state.creds.credentials.get(entry.gitlab.tokenId!)?.secret).toBe(vault.readSecret(entry.id));
    expect(vault.get(entry.id).pendingRotation).toBeNull();
  });

  it('a reset answer the vault cannot store (a token of another kind) counts as lost, never as "nothing changed"', async () => {
    const entry = await createCredentialAndStore(vault, client, { usingId: admin, kind: 'oauth-app', name: 'odd-secret-answer', owner: { kind: 'instance' }, redirectUri: 'https://odd.example.com/cb' });
    em.faults.answerPath = { method: 'POST', path: /\/applications\/\d+\/renew-secret$/, count: 1, reply: () => ({ status: 200, json: { id: entry.gitlab.tokenId, application_id: entry.facts?.clientId, application_name: 'odd', secret: 'gldt-notanoauthsecret0000' } }) };
    const err = await rotateEntry(vault, client, entry.id).then(() => null, (e: unknown) => e as { code: string; message: string });
    expect(err?.code).toBe('rotation_unconfirmed');
    expect(err?.message).toContain('could not be stored');
    expect(vault.get(entry.id).pendingRotation?.state).toBe('unconfirmed');
    await rotateEntry(vault, client, entry.id);
    expect(em.state.creds.credentials.get(entry.gitlab.tokenId!)?.secret).toBe(vault.readSecret(entry.id));
  });

  it('renewing on GitLab before 16.11 is refused unsent with the version named, and nothing changes', async () => {
    const old = await start({ settings: { version: '16.10.0' } });
    const oldClient = quickClient(old.url);
    const v2 = await Vault.create(path.join(dir, 'old2.tokenvault'), 'pw', { kdf: TEST_KDF });
    try {
      old.addUser('root', { admin: true });
      const r = v2.add({ name: 'root', kind: 'personal', instance: old.url, scopes: ['api'] }, old.issueToken({ username: 'root', name: 'root', scopes: ['api'], expiresAt: addDays(today, 30) }).secret);
      const app = await createCredentialAndStore(v2, oldClient, { usingId: r.id, kind: 'oauth-app', name: 'app', owner: { kind: 'instance' }, redirectUri: 'https://x.example.com/cb' });
      const secret = v2.readSecret(app.id);
      const err = await failure(rotateEntry(v2, oldClient, app.id));
      expect(err.code).toBe('too_new');
      expect(err.message).toContain('runs GitLab 16.10.0; renewing the secret of OAuth application');
      expect(err.message).toContain('needs GitLab 16.11 or later');
      expect(v2.readSecret(app.id)).toBe(secret);
      expect(v2.get(app.id).pendingRotation).toBeNull();
    } finally {
      v2.close();
      await oldClient.close();
      await old.stop();
    }
  });
});

describe('webhook secret tokens', () => {
  it('create makes a strong secret, sets it on the hook and stores it in one step; rotate sets a new one', async () => {
    const hook = em.addHook('project', 'acme/app', 'https://ci.example.com/hook');
    const entry = await createCredentialAndStore(vault, client, { usingId: maint, kind: 'webhook', name: 'ci-hook', owner: project, hookId: hook.id });
    const first = vault.readSecret(entry.id);
    expect(first.length).toBeGreaterThanOrEqual(43);
    expect(em.state.creds.hooks.get(hook.id)?.token).toBe(first);
    expect(entry.facts).toMatchObject({ owner: 'project', hookUrl: 'https://ci.example.com/hook' });
    expect(entryStatus(entry, new Date())).toBe('never');
    await rotateEntry(vault, client, entry.id);
    expect(vault.readSecret(entry.id)).not.toBe(first);
    expect(em.state.creds.hooks.get(hook.id)?.token).toBe(vault.readSecret(entry.id));
  });

  it('a lost answer to the PUT keeps the secret that was sent; rotating again sends the same one', async () => {
    const hook = em.addHook('project', 'acme/app', 'https://ci.example.com/hook2');
    const entry = await createCredentialAndStore(vault, client, { usingId: maint, kind: 'webhook', name: 'ci-hook-2', owner: project, hookId: hook.id });
    em.faults.failPath = { method: 'PUT', path: /\/hooks\/\d+$/, count: 1 };
    const err = await failure(rotateEntry(vault, client, entry.id));
    expect(err.code).toBe('rotation_unconfirmed');
    const sent = vault.readSecret(entry.id);
    expect(vault.get(entry.id).pendingRotation?.state).toBe('unconfirmed');
    await rotateEntry(vault, client, entry.id);
    expect(vault.readSecret(entry.id)).toBe(sent);
    expect(em.state.creds.hooks.get(hook.id)?.token).toBe(sent);
    expect(vault.get(entry.id).pendingRotation).toBeNull();
  });

  it('create stores the secret before setting it: a PUT GitLab never confirmed keeps it (the hook may hold it), a PUT GitLab refused takes it out again', async () => {
    const hook = em.addHook('project', 'acme/app', 'https://ci.example.com/hook3');
    em.faults.failPath = { method: 'PUT', path: /\/hooks\/\d+$/, count: 1 };
    const err = await failure(createCredentialAndStore(vault, client, { usingId: maint, kind: 'webhook', name: 'ci-hook-3', owner: project, hookId: hook.id }));
    expect(err.message).toMatch(/500|GitLab/);
    const kept = vault.find('ci-hook-3');
    expect(kept.history.at(-1)?.note).toMatch(/GitLab did not confirm the change, so the hook may hold this secret or its earlier one/);
    expect(kept.gitlab.tokenId).toBe(hook.id);
    // Rotating sets it again, as the note says.
    await rotateEntry(vault, client, kept.id);
    expect(em.state.creds.hooks.get(hook.id)?.token).toBe(vault.readSecret(kept.id));

    const refused = em.addHook('project', 'acme/app', 'https://ci.example.com/hook4');
    await failure(createCredentialAndStore(vault, client, { usingId: dev, kind: 'webhook', name: 'ci-hook-4', owner: project, hookId: refused.id }));
    expect(() => vault.find('ci-hook-4')).toThrow();
    expect(em.state.creds.hooks.get(refused.id)?.token ?? null).toBeNull();
  });
});

describe('feed and incoming email tokens', () => {
  it('verify explains that GitLab cannot check them, and sends nothing', async () => {
    const entry = vault.add({ name: 'my-feed', kind: 'feed', instance: em.url }, 'glft-abcdefghijklmnopqrst');
    const before = em.stats.requests;
    const v = await verifyEntry(vault, client, entry.id);
    expect(v.finding.message).toContain("GitLab's API cannot check a feed token");
    expect(em.stats.requests).toBe(before);
    await expect(rotateEntry(vault, client, entry.id)).rejects.toThrow(/reset it in GitLab's user interface/);
  });
});
