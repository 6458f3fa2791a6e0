// Older GitLab releases, as the emulator answers them when told its version: the client learns
// the version first, says which version a missing feature needs instead of calling a working
// token "not recognised", and warns when GitLab did not do what a rotation asked.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenSchema } from '../../electron/gitlab/schemas';
import { addDays, isoDay, listAccessTokens, rotateToken, verifyToken } from '../../electron/gitlab/tokens';
import { rotateEntry, rotationWarnings } from '../../electron/gitlab/vault-ops';
import { versionAtLeast } from '../../electron/gitlab/version';
import { TEST_KDF } from '../../electron/vault/kdf';
import { Vault } from '../../electron/vault/vault';
import { start, type Emulator } from '../gitlab-emulator/server';
import { failure, quickClient } from './gitlab-helpers';

const today = isoDay(new Date());
const self = { path: '/personal_access_tokens/self', schema: tokenSchema, what: 'checking the token' };
let dir: string;
let vault: Vault;
const running: Emulator[] = [];
async function gitlab(version: string): Promise<Emulator> {
  const em = await start({ settings: { version } });
  running.push(em);
  return em;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'tv-versions-'));
  vault = await Vault.create(path.join(dir, 'v.tokenvault'), 'pw', { kdf: TEST_KDF });
});
afterAll(async () => {
  vault.close();
  rmSync(dir, { recursive: true, force: true });
  await Promise.all(running.map((em) => em.stop()));
});

describe('the emulator answers as older GitLab releases do', () => {
  it('before 15.5, /personal_access_tokens/self is read as a token id: 401 for users, 404 for admins', async () => {
    const em = await gitlab('15.3.0');
    const c = quickClient(em.url);
    const user = em.issueToken({ username: 'u', scopes: ['api'] });
    const admin = em.issueToken({ username: 'root', admin: true, scopes: ['api'] });
    const err = await failure(c.request(user.secret, self), user.secret);
    expect(err).toMatchObject({ code: 'unrecognised', details: { status: 401 } });
    expect((await failure(c.request(admin.secret, self), admin.secret)).details.status).toBe(404);
    await c.close();
  });

  it('before 15.5 /version wants api or read_api; since, read_user will do', async () => {
    const old = await gitlab('15.4.0');
    const now = await gitlab('15.5.0');
    const a = old.issueToken({ username: 'u', scopes: ['read_user'] });
    const b = now.issueToken({ username: 'u', scopes: ['read_user'] });
    expect((await failure(quickClient(old.url).request(a.secret, { path: '/version', what: 'v' }), a.secret)).code).toBe('insufficient_scope');
    expect((await quickClient(now.url).request(b.secret, { path: '/version', what: 'v' })).status).toBe(200);
  });

  it('versions compare by number, ignoring edition suffixes', () => {
    expect(versionAtLeast('16.10.1-ee', '16.6')).toBe(true);
    expect(versionAtLeast('16.5.0', '16.10')).toBe(false);
    expect(versionAtLeast('17.9.0-pre', '17.9')).toBe(true);
  });
});

describe('the client on older GitLab', () => {
  it('15.3, api token: verifies by finding the token in its list, and says why', async () => {
    const em = await gitlab('15.3.0');
    const c = quickClient(em.url);
    const t = em.issueToken({ username: 'u', name: 'ci', scopes: ['api'] });
    const r = await verifyToken(c, t.secret, { knownName: 'ci' });
    expect(r.token.id).toBe(t.id);
    expect(r.version).toBe('15.3.0');
    expect(r.notes.join(' ')).toMatch(/runs GitLab 15\.3\.0, which cannot describe a token by itself \(that needs 15\.5\)/);
    await c.close();
  });

  it('15.3, token not identifiable: "GitLab accepts this token … needs 15.5", not "not recognised"', async () => {
    const em = await gitlab('15.3.0');
    const t = em.issueToken({ username: 'u', name: 'ci', scopes: ['read_api'] });
    const err = await failure(verifyToken(quickClient(em.url), t.secret), t.secret);
    expect(err.code).toBe('too_new');
    expect(err.details).toMatchObject({ tokenWorks: true, needsVersion: '15.5' });
    expect(err.message).toMatch(/^GitLab accepts this token, but 127\.0\.0\.1:\d+ runs GitLab 15\.3\.0, which cannot say which token it is/);
  });

  it('15.3, a token that cannot read the version: its plain 401 on /self still means "older than 15.5"', async () => {
    const em = await gitlab('15.3.0');
    const t = em.issueToken({ username: 'u', scopes: ['read_repository'] });
    const err = await failure(verifyToken(quickClient(em.url), t.secret), t.secret);
    expect(err.code).toBe('too_new');
    expect(err.message).toContain('is older than GitLab 15.5 and cannot say which token it is');
  });

  it('an unknown token stays "not recognised" on any version', async () => {
    const em = await gitlab('15.3.0');
    const err = await failure(verifyToken(quickClient(em.url), 'glpat-nosuchtoken0000000'));
    expect(err.code).toBe('unrecognised');
  });

  it('15.9: rotate by id does not exist yet, and nothing is sent to it', async () => {
    const em = await gitlab('15.9.0');
    const c = quickClient(em.url);
    const t = em.issueToken({ username: 'u', scopes: ['api'] });
    const err = await failure(rotateToken(c, t.secret, { kind: 'personal', tokenId: t.id, expiresAt: addDays(today, 30) }), t.secret);
    expect(err.message).toMatch(/runs GitLab 15\.9\.0; rotating the token needs GitLab 16\.0 or later/);
    expect(em.stats.byPath.get(`/api/v4/personal_access_tokens/${t.id}/rotate`)).toBeUndefined();
  });

  it('16.5: self-rotation would answer 401 (":id" route); the client says 16.10 is needed and sends nothing', async () => {
    const em = await gitlab('16.5.0');
    const t = em.issueToken({ username: 'u', scopes: ['api'] });
    const raw = await failure(quickClient(em.url).request(t.secret, { method: 'POST', path: '/personal_access_tokens/self/rotate', what: 'r' }), t.secret);
    expect(raw.details.status).toBe(401);
    const err = await failure(rotateToken(quickClient(em.url), t.secret, { kind: 'personal', expiresAt: addDays(today, 30) }), t.secret);
    expect(err).toMatchObject({ code: 'too_new', details: { needsVersion: '16.10', version: '16.5.0' } });
    expect(em.state.tokens.get(t.id)?.revoked).toBe(false);
  });

  it('17.8: a project token rotating itself gets 401 from GitLab; the client says 17.9 is needed', async () => {
    const em = await gitlab('17.8.0');
    const bot = em.issueToken({ username: 'x', kind: 'project', target: 'acme/app', scopes: ['api'] });
    const raw = await failure(quickClient(em.url).request(bot.secret, { method: 'POST', path: '/projects/acme%2Fapp/access_tokens/self/rotate', what: 'r' }), bot.secret);
    expect(raw.details.status).toBe(401);
    const err = await failure(rotateToken(quickClient(em.url), bot.secret, { kind: 'project', target: 'acme/app', expiresAt: addDays(today, 30) }), bot.secret);
    expect(err.message).toMatch(/runs GitLab 17\.8\.0; rotating the token needs GitLab 17\.9 or later/);
  });

  it('16.5: rotate ignores expires_at (one week); the rotation says so', async () => {
    const em = await gitlab('16.5.0');
    const c = quickClient(em.url);
    const t = em.issueToken({ username: 'u', name: 'weekly', scopes: ['api'] });
    const entry = vault.add({ name: 'weekly-165', kind: 'personal', instance: em.url, scopes: ['api'] }, t.secret);
    vault.update(entry.id, { gitlab: { tokenId: t.id } });
    const helper = vault.add({ name: 'helper-165', kind: 'personal', instance: em.url, scopes: ['api'] }, em.issueToken({ username: 'u', scopes: ['api'] }).secret);
    const r = await rotateEntry(vault, c, entry.id, { expiresAt: addDays(today, 60), usingId: helper.id });
    expect(r.entry.expiresAt).toBe(addDays(today, 7));
    expect(r.warnings[0]).toBe(
      `Warning: GitLab set the new token to expire on ${addDays(today, 7)}, not ${addDays(today, 60)} as asked (GitLab 16.5.0 ignores the expiry asked for a rotation; 16.6 honours it); rotate it again before then.`,
    );
    expect(r.message).toContain(r.warnings[0]);
  });

  it('description: kept across rotation from 17.7; a rotation that loses it is reported', async () => {
    const em = await gitlab('17.7.0');
    const c = quickClient(em.url);
    const t = em.issueToken({ username: 'u', name: 'described', scopes: ['api'], description: 'deploys the site' });
    const entry = vault.add({ name: 'described-177', kind: 'personal', instance: em.url, scopes: ['api'] }, t.secret);
    const r = await rotateEntry(vault, c, entry.id, { expiresAt: addDays(today, 30) });
    expect(r.warnings).toEqual([]);
    expect(em.state.tokens.get(r.entry.gitlab.tokenId!)?.description).toBe('deploys the site');
    c.version = '17.6.0';
    expect(rotationWarnings(c, { asked: addDays(today, 30), description: 'deploys the site' }, { expires_at: addDays(today, 30), description: '' })).toEqual([
      'Warning: the new token lost its description on GitLab (GitLab 17.6.0 keeps it across rotation only from 17.7).',
    ]);
    await c.close();
  });

  it('before 17.2 a project token list holds only active tokens; since, revoked and expired ones too', async () => {
    for (const [version, expected] of [['17.1.0', 1], ['17.2.0', 2]] as const) {
      const em = await gitlab(version);
      em.addProject('acme/app', { owner: 40 });
      const owner = em.issueToken({ username: 'owner', scopes: ['api'] });
      em.issueToken({ username: 'x', kind: 'project', target: 'acme/app', scopes: ['read_api'] });
      em.issueToken({ username: 'x', kind: 'project', target: 'acme/app', scopes: ['read_api'], revoked: true });
      expect(await listAccessTokens(quickClient(em.url), owner.secret, { kind: 'project', target: 'acme/app' })).toHaveLength(expected);
    }
  });
});
