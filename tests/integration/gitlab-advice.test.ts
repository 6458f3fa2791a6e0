// Advice GitLab's answers do not give by themselves: which scope a write needs (a 403 lists every
// scope registered for the route, read_api included — api_guard.rb), whether GitLab.com wants a
// paid plan (project_policy.rb, ee/…/project_policy.rb, ee/…/group_policy.rb), and which
// fine-grained permission a token route declares (personal_access_tokens.rb route_setting :authorization).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, createAccessToken, isoDay, revokeToken } from '../../electron/gitlab/tokens';
import { rotateEntry } from '../../electron/gitlab/vault-ops';
import { TEST_KDF } from '../../electron/vault/kdf';
import { Vault } from '../../electron/vault/vault';
import { start, type Emulator } from '../gitlab-emulator/server';
import { failure, quickClient } from './gitlab-helpers';

const today = isoDay(new Date());
let em: Emulator;
let com: Emulator;
let vault: Vault;
let dir: string;

beforeAll(async () => {
  em = await start({ settings: { granularTokens: true } });
  com = await start({ settings: { gitlabCom: true } });
  dir = mkdtempSync(path.join(tmpdir(), 'tv-advice-'));
  vault = await Vault.create(path.join(dir, 'v.tokenvault'), 'pw', { kdf: TEST_KDF });
});
afterAll(async () => {
  vault.close();
  rmSync(dir, { recursive: true, force: true });
  await em.stop();
  await com.stop();
});

let n = 0;
function stored(e: Emulator, input: { scopes?: string[]; granular?: string[] }) {
  const name = `adv-${++n}`;
  const t = e.issueToken({ username: 'alice', name, scopes: input.scopes ?? [], ...(input.granular ? { granular: input.granular } : {}) });
  return { t, id: vault.add({ name, kind: 'personal', instance: e.url, scopes: input.scopes ?? [] }, t.secret).id };
}

describe('scope advice for writes', () => {
  it("GitLab's 403 on a rotate lists read_api too; Token Vault never advises it for the write", async () => {
    const { t, id } = stored(em, { scopes: ['read_api'] });
    const res = await fetch(`${em.url}/api/v4/personal_access_tokens/${t.id}/rotate`, { method: 'POST', headers: { 'private-token': t.secret } });
    expect(((await res.json()) as { scope: string }).scope.split(' ')).toContain('read_api');
    const err = await failure(rotateEntry(vault, quickClient(em.url), id, { expiresAt: addDays(today, 30) }), t.secret);
    expect(err.code).toBe('insufficient_scope');
    expect(err.message).not.toContain('read_api');
    expect(err.details.scopes).not.toContain('read_api');
    expect(err.message).toMatch(/it needs api( or self_rotate)?\.$/);
  });

  it('a revoke by id with a read_api token: told it needs api', async () => {
    const helper = em.issueToken({ username: 'alice', scopes: ['read_api'] });
    const target = em.issueToken({ username: 'alice', scopes: ['api'] });
    const err = await failure(revokeToken(quickClient(em.url), helper.secret, { kind: 'personal', tokenId: target.id }));
    expect(err.message).toContain('it needs api.');
    expect(err.details.scopes).toEqual(['api']);
  });

  it('a read keeps the read scopes in its advice', async () => {
    const t = em.issueToken({ username: 'alice', scopes: ['read_user'] });
    const err = await failure(quickClient(em.url).request(t.secret, { path: '/personal_access_tokens', what: 'listing access tokens' }));
    expect(err.message).toContain('it needs api or read_api.');
  });
});

describe('GitLab.com and paid plans', () => {
  it('a project in a personal namespace needs no paid plan: its token is made', async () => {
    const alice = com.issueToken({ username: 'alice', scopes: ['api'] });
    com.addProject('alice/tool', { alice: 50 });
    const made = await createAccessToken(quickClient(com.url, { gitlabCom: true }), alice.secret, { kind: 'project', target: 'alice/tool', name: 'ci', scopes: ['read_api'], expiresAt: addDays(today, 30) });
    expect(made.name).toBe('ci');
  });

  it('a project in a Free group: a paid plan is named (trials count for project tokens)', async () => {
    const bob = com.issueToken({ username: 'bob', scopes: ['api'] });
    com.addGroup('freeco', { bob: 50 });
    com.addProject('freeco/app', { bob: 40 });
    const input = { kind: 'project' as const, target: 'freeco/app', name: 'ci', scopes: ['read_api'], expiresAt: addDays(today, 30) };
    const err = await failure(createAccessToken(quickClient(com.url, { gitlabCom: true }), bob.secret, input));
    expect(err.message).toContain('and on GitLab.com a paid plan (Premium or Ultimate) for the top-level group.');
    expect(err.message).not.toContain('not a trial');
    com.state.trialNamespaces.add('freeco');
    expect((await createAccessToken(quickClient(com.url, { gitlabCom: true }), bob.secret, input)).name).toBe('ci');
  });

  it('a group token in a group on a trial: refused, and the sentence says trials do not count', async () => {
    const carol = com.issueToken({ username: 'carol', scopes: ['api'] });
    com.addGroup('trialco', { carol: 50 });
    com.state.trialNamespaces.add('trialco');
    const err = await failure(createAccessToken(quickClient(com.url, { gitlabCom: true }), carol.secret, { kind: 'group', target: 'trialco', name: 'g', scopes: ['read_api'], expiresAt: addDays(today, 30) }));
    expect(err.message).toContain('a paid plan (Premium or Ultimate, not a trial) for the top-level group');
  });
});

describe('fine-grained tokens: each token route declares its permission', () => {
  it('without rotate_personal_access_token: refused as GitLab does, explained, nothing changed', async () => {
    const { t, id } = stored(em, { granular: ['Personal Access Token: Read'] });
    const err = await failure(rotateEntry(vault, quickClient(em.url), id, { expiresAt: addDays(today, 30) }), t.secret);
    expect(err.code).toBe('granular_permission');
    expect(err.details.permissions).toEqual(['rotate_personal_access_token']);
    expect(err.message).toBe('GitLab refused rotating the token: this fine-grained token was not granted rotate_personal_access_token (to rotate personal access tokens), so nothing changed; add that permission to the token on GitLab\'s access token page, or rotate it there.');
    expect(em.state.tokens.get(t.id)?.revoked).toBe(false);
    expect(vault.get(id).pendingRotation).toBeNull();
  });

  it('with it, the token rotates', async () => {
    const { t, id } = stored(em, { granular: ['Personal Access Token: Read', 'rotate_personal_access_token'] });
    const r = await rotateEntry(vault, quickClient(em.url), id, { expiresAt: addDays(today, 30) });
    expect(r.entry.expiresAt).toBe(addDays(today, 30));
    expect(em.state.tokens.get(t.id)?.revoked).toBe(true);
  });
});
