// Administrators' views of GitLab: impersonation tokens in the admin token list (users.rb,
// personal_access_tokens.rb finder_params), over real HTTP against the emulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditAccount } from '../../electron/gitlab/audit';
import type { GitLabClient } from '../../electron/gitlab/client';
import type { EntryOverview } from '../../electron/vault/types';
import { start, type Emulator } from '../gitlab-emulator/server';
import { quickClient } from './gitlab-helpers';

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
  gitlab: { tokenId, userId: null, username: null, target: null, accessLevel: null, active: null, revoked: null }, pendingRotation: null, history: [],
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
