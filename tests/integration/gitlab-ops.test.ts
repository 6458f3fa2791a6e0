// Token operations and the emulator's GitLab rules, over real HTTP: verify, rotate (self, by
// id, project/group), revoke, create, audit, and the pre-filled new-token page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditAccount } from '../../electron/gitlab/audit';
import type { GitLabClient } from '../../electron/gitlab/client';
import { newTokenPageUrl } from '../../electron/gitlab/prefill';
import { tokenSchema, tokenWithSecretSchema } from '../../electron/gitlab/schemas';
import {
  addDays, checkExpiry, createAccessToken, createUserToken, defaultRotationExpiry, isoDay, revokeToken, rotateToken, verifyToken,
} from '../../electron/gitlab/tokens';
import type { EntryOverview } from '../../electron/vault/types';
import { start, type Emulator } from '../gitlab-emulator/server';
import { failure, quickClient } from './gitlab-helpers';

let em: Emulator;
let client: GitLabClient;
const today = isoDay(new Date());
const self = { path: '/personal_access_tokens/self', schema: tokenSchema, what: 'checking the token' };

beforeAll(async () => {
  em = await start();
  client = quickClient(em.url);
});
afterAll(async () => {
  await client.close();
  await em.stop();
});

describe('verify', () => {
  it('collects token, owner and version facts into an entry patch', async () => {
    const t = em.issueToken({ username: 'vera', name: 'ci', scopes: ['api'], expiresAt: addDays(today, 40) });
    const r = await verifyToken(client, t.secret);
    expect(r.version).toBe('18.6.0');
    expect(r.user?.username).toBe('vera');
    expect(r.patch).toMatchObject({ scopes: ['api'], expiresAt: addDays(today, 40), revoked: false, gitlab: { tokenId: t.id, userId: t.userId, username: 'vera', active: true, revoked: false } });
    expect(r.patch.lastVerifiedAt).toBeTruthy();
  });

  it('without read scopes it still verifies, and says why the owner is unknown', async () => {
    const t = em.issueToken({ username: 'narrow2', scopes: ['read_repository'] });
    const r = await verifyToken(client, t.secret);
    expect(r.user).toBeNull();
    expect(r.notes.join(' ')).toMatch(/no read_user, read_api or api scope/);
    expect(r.patch.gitlab?.tokenId).toBe(t.id);
  });
});

describe('GitLab rules the emulator keeps', () => {
  it('a token stops working at 00:00 UTC on its expiry date', async () => {
    const day = addDays(today, 3);
    const t = em.issueToken({ username: 'midnight', scopes: ['api'], expiresAt: day });
    em.setNow(new Date(`${addDays(day, -1)}T23:59:59Z`));
    expect((await client.request(t.secret, self)).status).toBe(200);
    em.setNow(new Date(`${day}T00:00:00Z`));
    expect((await failure(client.request(t.secret, { ...self, expiresAt: day }), t.secret)).code).toBe('expired');
    em.setNow(null);
  });

  it('create: omitted expiry = the maximum lifetime; beyond it is a validation error', async () => {
    const admin = em.issueToken({ username: 'root2', admin: true, scopes: ['api'] });
    const user = em.addUser('someone');
    const path = `/users/${user.id}/personal_access_tokens`;
    const made = await client.request(admin.secret, { method: 'POST', path, body: { name: 'x', scopes: ['read_api'] }, schema: tokenWithSecretSchema, what: 'creating' });
    expect(made.data.expires_at).toBe(addDays(today, 365));
    const err = await failure(client.request(admin.secret, { method: 'POST', path, body: { name: 'y', scopes: ['read_api'], expires_at: addDays(today, 400) }, what: 'creating a token' }), admin.secret);
    expect(err.code).toBe('invalid_request');
    expect(err.message).toContain(`lets tokens live until ${addDays(today, 365)} at most (its maximum token lifetime)`);
  });

  it('rotation without expires_at gives one week (why the client always sends one)', async () => {
    const t = em.issueToken({ username: 'weekly', scopes: ['api'] });
    const r = await client.request(t.secret, { method: 'POST', path: '/personal_access_tokens/self/rotate', schema: tokenWithSecretSchema, what: 'rotating' });
    expect(r.data.expires_at).toBe(addDays(today, 7));
  });

  it('reusing a rotated-away token on a rotate endpoint revokes the whole family; other requests do not', async () => {
    const t = em.issueToken({ username: 'reuse', scopes: ['api'] });
    const fresh = await rotateToken(client, t.secret, { kind: 'personal', expiresAt: addDays(today, 30) });
    expect((await client.request(fresh.token, self)).data.id).toBe(fresh.id);
    // auth_finders.rb: a revoked token elsewhere is only refused…
    expect((await failure(client.request(t.secret, self), t.secret)).code).toBe('revoked');
    expect((await client.request(fresh.token, self)).data.id).toBe(fresh.id);
    // …but presented to ".../rotate" it makes GitLab revoke the family.
    const again = await failure(client.request(t.secret, { method: 'POST', path: `/personal_access_tokens/${t.id}/rotate`, what: 'rotating' }), t.secret);
    expect(again.code).toBe('revoked');
    expect((await failure(client.request(fresh.token, self), fresh.token)).code).toBe('revoked');
  });
});

describe('rotate', () => {
  it('self: old revoked, new secret works, explicit expiry kept, same name and scopes', async () => {
    const t = em.issueToken({ username: 'rot', name: 'deploy', scopes: ['api', 'read_registry'] });
    const fresh = await rotateToken(client, t.secret, { kind: 'personal', expiresAt: addDays(today, 60) });
    expect(fresh).toMatchObject({ name: 'deploy', scopes: ['api', 'read_registry'], expires_at: addDays(today, 60) });
    expect(fresh.id).not.toBe(t.id);
    expect(em.state.tokens.get(t.id)?.revoked).toBe(true);
  });

  it('by id with a stronger token (the rotated token itself only reads)', async () => {
    const weak = em.issueToken({ username: 'byid', name: 'reader', scopes: ['read_repository'] });
    const strong = em.issueToken({ username: 'byid', name: 'owner', scopes: ['api'] });
    expect((await failure(rotateToken(client, weak.secret, { kind: 'personal', expiresAt: addDays(today, 9) }), weak.secret)).code).toBe('insufficient_scope');
    const fresh = await rotateToken(client, strong.secret, { kind: 'personal', tokenId: weak.id, expiresAt: addDays(today, 9) });
    expect(fresh.name).toBe('reader');
    expect(fresh.expires_at).toBe(addDays(today, 9));
  });

  it('project tokens: self (17.9) and by id with a maintainer\'s token', async () => {
    em.addProject('acme/web', { maya: 40 });
    const maya = em.issueToken({ username: 'maya', scopes: ['api'] });
    const bot = em.issueToken({ username: 'x', kind: 'project', target: 'acme/web', scopes: ['api'] });
    const fresh = await rotateToken(client, bot.secret, { kind: 'project', target: 'acme/web', expiresAt: addDays(today, 20) });
    const again = await rotateToken(client, maya.secret, { kind: 'project', target: 'acme/web', tokenId: fresh.id, expiresAt: addDays(today, 21) });
    expect(again.access_level).toBe(40);
    expect(again.expires_at).toBe(addDays(today, 21));
  });

  it('self-rotation on GitLab 16.5 is "too new" and names 16.10', async () => {
    const old = await start({ settings: { version: '16.5.0' } });
    const t = old.issueToken({ username: 'u', scopes: ['api'] });
    const err = await failure(rotateToken(quickClient(old.url), t.secret, { kind: 'personal', expiresAt: addDays(today, 5) }), t.secret);
    expect(err.code).toBe('too_new');
    expect(err.message).toContain('16.10');
    await old.stop();
  });

  it('default expiry keeps the old lifetime, capped at the maximum; bad dates are refused before any call', () => {
    expect(defaultRotationExpiry({ createdAt: '2026-01-01T10:00:00Z', expiresAt: '2026-04-01' }, { today: '2026-11-25' })).toBe(addDays('2026-11-25', 90));
    expect(defaultRotationExpiry({ createdAt: '2025-01-01T00:00:00Z', expiresAt: '2027-01-01' }, { today: '2026-11-25' })).toBe(addDays('2026-11-25', 365));
    expect(defaultRotationExpiry({ expiresAt: null }, { today: '2026-11-25', maxLifetimeDays: 30 })).toBe('2026-12-25');
    expect(() => checkExpiry('2026-11-25', { today: '2026-11-25' })).toThrow(/not in the future/);
    expect(() => checkExpiry('2028-01-01', { today: '2026-11-25' })).toThrow(/beyond this instance's maximum lifetime; pick 2027-11-25/);
    expect(() => checkExpiry('next week', { today: '2026-11-25' })).toThrow(/YYYY-MM-DD/);
  });
});

describe('revoke and create', () => {
  it('revoke self: the token stops working', async () => {
    const t = em.issueToken({ username: 'gone', scopes: ['api'] });
    await revokeToken(client, t.secret, { kind: 'personal' });
    expect((await failure(client.request(t.secret, self), t.secret)).code).toBe('revoked');
  });

  it('project and group tokens: made by a person with the right role, never above it', async () => {
    em.addProject('acme/api', { pat: 40, dev: 30 });
    em.addGroup('acme-group', { pat: 50 });
    const pat = em.issueToken({ username: 'pat', scopes: ['api'] });
    const dev = em.issueToken({ username: 'dev', scopes: ['api'] });
    const made = await createAccessToken(client, pat.secret, { kind: 'project', target: 'acme/api', name: 'ci', scopes: ['read_api'], expiresAt: addDays(today, 30), description: 'CI reads' });
    expect(made).toMatchObject({ name: 'ci', access_level: 40, expires_at: addDays(today, 30) });
    expect((await client.request(made.token, self)).data.id).toBe(made.id);
    const group = await createAccessToken(client, pat.secret, { kind: 'group', target: 'acme-group', name: 'g', scopes: ['read_api'], expiresAt: addDays(today, 30), accessLevel: 50 });
    expect(group.access_level).toBe(50);
    // resource_access_tokens.rb: the create service refuses with 400, in its own words.
    const low = await failure(createAccessToken(client, dev.secret, { kind: 'project', target: 'acme/api', name: 'x', scopes: ['read_api'], expiresAt: addDays(today, 3) }), dev.secret);
    expect(low.code).toBe('not_permitted');
    expect(low.details.status).toBe(400);
    expect(low.message).toMatch(/User does not have permission to create project access token\): that needs the Maintainer role/);
    const above = await failure(createAccessToken(client, pat.secret, { kind: 'project', target: 'acme/api', name: 'x', scopes: ['read_api'], expiresAt: addDays(today, 3), accessLevel: 50 }), pat.secret);
    expect(above.code).toBe('invalid_request');
    expect(above.message).toContain("can't be greater");
    expect((await failure(createAccessToken(client, made.token, { kind: 'project', target: 'acme/api', name: 'x', scopes: ['read_api'], expiresAt: addDays(today, 3) }), made.token)).code).toBe('insufficient_scope');
  });

  it('user tokens: administrators only', async () => {
    const admin = em.issueToken({ username: 'root3', admin: true, scopes: ['api'] });
    const plain = em.issueToken({ username: 'plain', scopes: ['api'] });
    const made = await createUserToken(client, admin.secret, { userId: plain.userId, name: 'for-plain', scopes: ['read_api'], expiresAt: addDays(today, 10) });
    expect(made.user_id).toBe(plain.userId);
    expect((await failure(createUserToken(client, plain.secret, { userId: admin.userId, name: 'nope', scopes: ['api'], expiresAt: addDays(today, 10) }), plain.secret)).code).toBe('forbidden');
  });
});

describe('audit', () => {
  const entry = (over: Partial<EntryOverview>): EntryOverview => ({
    id: over.name ?? 'e', name: 'e', kind: 'personal', instance: null, scopes: [], expiresAt: null, description: '', usedIn: [], leadDays: null,
    createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', lastVerifiedAt: null, lastUsedAt: null, revoked: false,
    gitlab: { tokenId: null, userId: null, username: null, target: null, accessLevel: null, active: null, revoked: null }, pendingRotation: null, followUp: null, history: [], ...over,
  });

  it('lists the account\'s tokens beside the vault\'s and flags each problem', async () => {
    const a = await start();
    const c = quickClient(a.url);
    const used = new Date().toISOString();
    const auditor = a.issueToken({ username: 'aud', name: 'auditor', scopes: ['read_api'], lastUsedAt: used });
    const stored = a.issueToken({ username: 'aud', name: 'stored', scopes: ['read_repository'], expiresAt: addDays(today, 200), lastUsedAt: used });
    const byName = a.issueToken({ username: 'aud', name: 'by-name', scopes: ['read_registry'], lastUsedAt: used });
    const stranger = a.issueToken({ username: 'aud', name: 'stranger', scopes: ['api'] });
    const soon = a.issueToken({ username: 'aud', name: 'soon', scopes: ['read_api'], expiresAt: addDays(today, 10), lastUsedAt: used });
    const revoked = a.issueToken({ username: 'aud', name: 'revoked', scopes: ['read_api'], revoked: true });
    a.issueToken({ username: 'other-user', name: 'not-mine', scopes: ['api'] });
    const link = (name: string, tokenId: number | null) => entry({ name, instance: a.url, gitlab: { ...entry({}).gitlab, tokenId } });
    const entries = [link('auditor', auditor.id), link('stored', stored.id), link('by-name', null), link('revoked', revoked.id), link('vanished', 999_999), entry({ name: 'elsewhere', instance: 'https://gitlab.com' })];
    const report = await auditAccount(c, auditor.secret, entries);
    const row = (name: string) => report.rows.find((r) => r.name === name);
    expect(report.rows.map((r) => r.name).sort()).toEqual(['auditor', 'by-name', 'revoked', 'soon', 'stored', 'stranger', 'vanished']);
    expect(row('auditor')?.findings).toEqual([]);
    expect(row('stored')?.findings).toEqual([]);
    expect(row('by-name')).toMatchObject({ tokenId: byName.id, entryId: 'by-name', matchedBy: 'name', findings: ['not_verified'] });
    expect(row('stored')).toMatchObject({ entryId: 'stored', matchedBy: 'tokenId' });
    expect(row('stranger')?.findings).toEqual(['not_in_vault', 'over_privileged', 'never_used']);
    expect(row('soon')?.findings).toEqual(['not_in_vault', 'expiring_soon']);
    expect(row('revoked')).toMatchObject({ entryId: 'revoked', findings: ['revoked'] });
    expect(row('vanished')).toMatchObject({ tokenId: 999_999, findings: ['missing_on_gitlab'] });
    expect(report.counts).toMatchObject({ not_in_vault: 2, over_privileged: 1, missing_on_gitlab: 1, revoked: 1, expiring_soon: 1, not_verified: 1 });
    expect(stranger.id).toBeGreaterThan(0);
    expect(soon.id).toBeGreaterThan(0);
    await c.close();
    await a.stop();
  });
});

describe('audit: entries never verified, matched by name', () => {
  const entry = (name: string, over: Partial<EntryOverview> = {}): EntryOverview => ({
    id: `id-${name}`, name, kind: 'personal', instance: null, scopes: [], expiresAt: null, description: '', usedIn: [], leadDays: null,
    createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', lastVerifiedAt: null, lastUsedAt: null, revoked: false,
    gitlab: { tokenId: null, userId: null, username: null, target: null, accessLevel: null, active: null, revoked: null }, pendingRotation: null, followUp: null, history: [], ...over,
  });

  it('reports a stored, never-verified token as "in vault, not yet verified", not as missing, only when its name points at one token', async () => {
    const a = await start();
    const c = quickClient(a.url);
    const auditor = a.issueToken({ username: 'una', name: 'auditor', scopes: ['read_api'], lastUsedAt: new Date().toISOString() });
    // Stored but never verified: the vault has the secret, not GitLab's id for it.
    const laptop = a.issueToken({ username: 'una', name: 'laptop-cli', scopes: ['read_api'], lastUsedAt: new Date().toISOString() });
    // The only token of that name has expired since it was stored: still the same token.
    const lapsed = a.issueToken({ username: 'una', name: 'lapsed', scopes: ['read_api'], expiresAt: addDays(today, 5) });
    // Replaced on GitLab's page by hand: the old one revoked, the new one under the same name.
    a.issueToken({ username: 'una', name: 'renewed', scopes: ['read_api'], revoked: true });
    const renewed = a.issueToken({ username: 'una', name: 'renewed', scopes: ['read_api'] });
    // Two live tokens of one name: which one the vault holds cannot be told by name.
    const twinA = a.issueToken({ username: 'una', name: 'twin', scopes: ['read_api'] });
    const twinB = a.issueToken({ username: 'una', name: 'twin', scopes: ['read_api'] });
    // Names are matched exactly: 'Case-Differs' is not 'case-differs'.
    const cased = a.issueToken({ username: 'una', name: 'case-differs', scopes: ['read_api'] });
    // Another instance's entry of the same name never matches.
    const foreign = a.issueToken({ username: 'una', name: 'other-instance', scopes: ['read_api'] });
    a.setNow(new Date(`${addDays(today, 6)}T12:00:00Z`));

    const here = { instance: a.url };
    const entries = [
      entry('auditor', { ...here, gitlab: { ...entry('x').gitlab, tokenId: auditor.id } }),
      entry('laptop-cli', here), entry('lapsed', here), entry('renewed', here), entry('twin', here), entry('Case-Differs', here),
      entry('other-instance', { instance: 'https://gitlab.example.com' }),
    ];
    const report = await auditAccount(c, auditor.secret, entries, { now: new Date(`${addDays(today, 6)}T12:00:00Z`) });
    const rowOf = (tokenId: number) => report.rows.find((r) => r.tokenId === tokenId);
    const entryRows = (entryId: string) => report.rows.filter((r) => r.entryId === entryId);

    expect(rowOf(auditor.id)).toMatchObject({ entryId: 'id-auditor', matchedBy: 'tokenId' });
    expect(rowOf(auditor.id)?.findings).not.toContain('not_verified');
    expect(rowOf(laptop.id)).toMatchObject({ entryId: 'id-laptop-cli', matchedBy: 'name', findings: ['not_verified'] });
    expect(rowOf(lapsed.id)).toMatchObject({ entryId: 'id-lapsed', matchedBy: 'name', findings: ['not_verified', 'expired'] });
    expect(rowOf(renewed.id)).toMatchObject({ entryId: 'id-renewed', matchedBy: 'name' });
    // Matched entries appear once, on their token's row, never as "not on GitLab".
    for (const id of ['id-laptop-cli', 'id-lapsed', 'id-renewed']) expect(entryRows(id)).toHaveLength(1);

    for (const t of [twinA, twinB, cased, foreign]) expect(rowOf(t.id)).toMatchObject({ entryId: null, matchedBy: null, findings: expect.arrayContaining(['not_in_vault']) });
    for (const id of ['id-twin', 'id-Case-Differs']) expect(entryRows(id)).toEqual([expect.objectContaining({ tokenId: null, matchedBy: null, findings: ['missing_on_gitlab'] })]);
    expect(entryRows('id-other-instance')).toEqual([]);
    expect(report.counts.not_verified).toBe(3);
    a.setNow(null);
    await c.close();
    await a.stop();
  });
});

describe('pre-filled new-token page', () => {
  it('personal (new and legacy addresses), project and group', () => {
    expect(newTokenPageUrl('gitlab.example.com/', { kind: 'personal', name: 'ci token', scopes: ['read_api', 'read_registry'], description: 'for CI' }))
      .toBe('https://gitlab.example.com/-/user_settings/personal_access_tokens?name=ci+token&description=for+CI&scopes=read_api%2Cread_registry');
    expect(newTokenPageUrl('https://git.corp.example', { kind: 'personal', legacy: true, name: 'x' })).toBe('https://git.corp.example/-/profile/personal_access_tokens?name=x');
    expect(newTokenPageUrl('https://gitlab.com', { kind: 'project', projectPath: '/acme/sub group/app/', name: 'deploy', scopes: ['read_repository'] }))
      .toBe('https://gitlab.com/acme/sub%20group/app/-/settings/access_tokens?name=deploy&scopes=read_repository');
    expect(newTokenPageUrl('https://gitlab.com', { kind: 'group', projectPath: 'acme' })).toBe('https://gitlab.com/groups/acme/-/settings/access_tokens');
  });
});
