// Administrators' views of GitLab, over real HTTP against the emulator: impersonation tokens in
// the admin token list (users.rb, personal_access_tokens.rb finder_params) and Admin Mode
// (api_guard.rb bypass_session_for_admin_mode?).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditAccount } from '../../electron/gitlab/audit';
import type { GitLabClient } from '../../electron/gitlab/client';
import { addDays, createUserToken, isoDay } from '../../electron/gitlab/tokens';
import type { EntryOverview } from '../../electron/vault/types';
import { start, type Emulator } from '../gitlab-emulator/server';
import { failure, quickClient } from './gitlab-helpers';

let em: Emulator;
let client: GitLabClient;

beforeAll(async () => {
  em = await start();
  client = quickClient(em.url);
});
afterAll(async () => {
  await client.close();
  await em.stop();
});

const entry = (name: string, tokenId: number, instance: string): EntryOverview => ({
  id: `id-${name}`, name, kind: 'personal', instance, scopes: [], expiresAt: null, description: '', usedIn: [], leadDays: null,
  createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', lastVerifiedAt: null, lastUsedAt: new Date().toISOString(), revoked: false,
  gitlab: { tokenId, userId: null, username: null, target: null, accessLevel: null, active: null, revoked: null }, pendingRotation: null, followUp: null, history: [],
});

describe('audit: impersonation tokens in an administrator\'s list', () => {
  it('are shown as impersonation tokens, not as "on GitLab but not in the vault"', async () => {
    const used = new Date().toISOString();
    const auditor = em.issueToken({ username: 'root-audit', admin: true, name: 'auditor', scopes: ['api'], lastUsedAt: used });
    const imp = em.issueToken({ username: 'root-audit', name: 'support-session', scopes: ['read_api'], impersonation: true, lastUsedAt: used });
    const stray = em.issueToken({ username: 'root-audit', name: 'stray', scopes: ['read_api'], lastUsedAt: used });
    const report = await auditAccount(client, auditor.secret, [entry('auditor', auditor.id, em.url)]);
    const row = (id: number) => report.rows.find((r) => r.tokenId === id);
    expect(row(imp.id)).toMatchObject({ impersonation: true, findings: ['impersonation'] });
    expect(row(stray.id)).toMatchObject({ impersonation: false, findings: ['not_in_vault'] });
    expect(report.counts).toMatchObject({ impersonation: 1, not_in_vault: 1 });
  });

  it('a non-administrator never sees them, and the audit still works when the impersonation list is refused', async () => {
    const used = new Date().toISOString();
    const me = em.issueToken({ username: 'plain-user', name: 'mine', scopes: ['read_api'], lastUsedAt: used });
    const imp = em.issueToken({ username: 'plain-user', name: 'admin-made', scopes: ['read_api'], impersonation: true, lastUsedAt: used });
    const report = await auditAccount(client, me.secret, [entry('mine', me.id, em.url)]);
    expect(report.rows.map((r) => r.tokenId)).toEqual([me.id]);
    expect(report.rows.some((r) => r.tokenId === imp.id)).toBe(false);
  });
});

describe('Admin Mode: admin calls need a token with the admin_mode scope', () => {
  it('an administrator\'s token without admin_mode is told so; with it, the call works', async () => {
    const strict = await start({ settings: { adminMode: true } });
    const c = quickClient(strict.url);
    try {
      const target = strict.issueToken({ username: 'dev-user', scopes: ['read_api'] });
      const plainAdmin = strict.issueToken({ username: 'root-strict', admin: true, name: 'no-admin-mode', scopes: ['api'] });
      const input = { userId: target.userId, name: 'made-by-admin', scopes: ['read_api'], expiresAt: addDays(isoDay(new Date()), 30) };
      const err = await failure(createUserToken(c, plainAdmin.secret, input), plainAdmin.secret);
      expect(err.code).toBe('forbidden');
      expect(err.details).toMatchObject({ status: 403, scopes: ['admin_mode'] });
      expect(err.message).toContain('this call needs a token with the admin_mode scope: Admin Mode is on for this instance');
      const withMode = strict.issueToken({ username: 'root-strict', admin: true, name: 'with-admin-mode', scopes: ['api', 'admin_mode'] });
      const made = await createUserToken(c, withMode.secret, input);
      expect(made).toMatchObject({ name: 'made-by-admin', user_id: target.userId });
    } finally {
      await c.close();
      await strict.stop();
    }
  });

  it('without Admin Mode an administrator\'s api token is enough', async () => {
    const target = em.issueToken({ username: 'dev-user2', scopes: ['read_api'] });
    const admin = em.issueToken({ username: 'root-open', admin: true, scopes: ['api'] });
    const made = await createUserToken(client, admin.secret, { userId: target.userId, name: 'x', scopes: ['read_api'], expiresAt: addDays(isoDay(new Date()), 30) });
    expect(made.user_id).toBe(target.userId);
  });
});

describe('a refused admin call whose token GitLab cannot describe', () => {
  it('before 15.5 (no /self) keeps GitLab\'s plain refusal instead of guessing who the user is', async () => {
    const old = await start({ settings: { version: '15.3.0' } });
    const c = quickClient(old.url);
    try {
      const target = old.issueToken({ username: 'someone', scopes: ['read_api'] });
      const plain = old.issueToken({ username: 'not-admin', scopes: ['api'] });
      const err = await failure(createUserToken(c, plain.secret, { userId: target.userId, name: 'x', scopes: ['read_api'], expiresAt: addDays(isoDay(new Date()), 30) }), plain.secret);
      expect(err.code).toBe('forbidden');
      expect(err.message).not.toMatch(/is not one|admin_mode/);
    } finally {
      await c.close();
      await old.stop();
    }
  });
});
