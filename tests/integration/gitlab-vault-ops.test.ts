// Rotation safety, revoke, verify and create with a real vault file and the emulator over
// real HTTP: what is stored after each success, each refusal and each lost answer.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GitLabClient } from '../../electron/gitlab/client';
import { addDays, isoDay } from '../../electron/gitlab/tokens';
import { createAndStore, revokeEntry, rotateEntry, verifyEntry } from '../../electron/gitlab/vault-ops';
import { TEST_KDF } from '../../electron/vault/kdf';
import { Vault } from '../../electron/vault/vault';
import { start, type Emulator } from '../gitlab-emulator/server';
import { failure, quickClient } from './gitlab-helpers';

let em: Emulator;
let client: GitLabClient;
let vault: Vault;
let dir: string;
const today = isoDay(new Date());

beforeAll(async () => {
  em = await start();
  client = quickClient(em.url);
  dir = mkdtempSync(path.join(tmpdir(), 'tv-gitlab-'));
  vault = await Vault.create(path.join(dir, 'v.tokenvault'), 'pw', { kdf: TEST_KDF });
});
afterAll(async () => {
  vault.close();
  rmSync(dir, { recursive: true, force: true });
  await client.close();
  await em.stop();
});
beforeEach(() => em.resetFaults());

let n = 0;
/** A token on the emulator and its vault entry, verified once so GitLab's id is known. */
async function stored(scopes = ['api'], opts: { createdDaysAgo?: number; lifetime?: number } = {}) {
  const name = `tok-${++n}`;
  const created = new Date(Date.now() - (opts.createdDaysAgo ?? 0) * 86_400_000);
  const t = em.issueToken({ username: 'owner', name, scopes, createdAt: created.toISOString(), expiresAt: addDays(isoDay(created), opts.lifetime ?? 90) });
  const entry = vault.add({ name, kind: 'personal', instance: em.url, scopes, usedIn: ['CI variable GL_TOKEN'] }, t.secret);
  await verifyEntry(vault, client, entry.id);
  return { t, id: entry.id };
}

describe('rotate with the vault', () => {
  it('writes the pending record first, then stores the new secret and clears it in one step', async () => {
    const { t, id } = await stored(['api'], { createdDaysAgo: 10, lifetime: 90 });
    const r = await rotateEntry(vault, client, id);
    const fresh = em.state.tokens.get(r.entry.gitlab.tokenId ?? -1);
    expect(fresh && vault.readSecret(id) === fresh.secret).toBe(true);
    expect(r.entry).toMatchObject({ pendingRotation: null, revoked: false, expiresAt: addDays(today, 90) });
    expect(r.entry.history.map((h) => h.action).slice(-2)).toEqual(['rotation-started', 'rotated']);
    expect(r.message).toContain('CI variable GL_TOKEN');
    // The places to update outlive the dialog: kept on the entry until ticked off.
    expect(r.entry.followUp?.places).toEqual([{ place: 'CI variable GL_TOKEN', done: false }]);
    expect(r.message).not.toContain(fresh?.secret ?? 'x');
    expect(em.state.tokens.get(t.id)?.revoked).toBe(true);
  });

  it('a lost answer: old secret kept, entry unconfirmed, no second rotation; verify explains and recovers', async () => {
    const { t, id } = await stored();
    em.faults.dropAfterRotate = 1;
    const err = await failure(rotateEntry(vault, client, id, { expiresAt: addDays(today, 30) }), t.secret);
    expect(err.code).toBe('rotation_unconfirmed');
    expect(err.details.recoveryUrl).toContain('/-/user_settings/personal_access_tokens?name=');
    expect(vault.readSecret(id)).toBe(t.secret);
    expect(vault.get(id).pendingRotation).toMatchObject({ state: 'unconfirmed', oldTokenId: t.id, requestedExpiresAt: addDays(today, 30) });

    const before = em.stats.requests;
    expect((await failure(rotateEntry(vault, client, id), t.secret)).code).toBe('rotation_pending');
    expect(em.stats.requests).toBe(before);

    // Real GitLab leaves the new token alive: nothing so far presented the old one to a rotate endpoint.
    const orphan = [...em.state.tokens.values()].find((x) => x.name === vault.get(id).name && x.id !== t.id);
    expect(orphan?.revoked).toBe(false);
    const v = await verifyEntry(vault, client, id);
    expect(v.finding).toMatchObject({ ok: false, code: 'rotation_lost' });
    expect(v.finding.message).toContain('Make a replacement on http');
    expect(v.finding.message).toContain("presented the old token to GitLab's rotate endpoint once more");
    expect(v.recovery?.how).toBe('reuse_detection');
    expect(v.recoveryUrl).toBe(err.details.recoveryUrl);
    expect(v.entry).toMatchObject({ revoked: true, pendingRotation: null });
    expect(orphan?.revoked).toBe(true);
  });

  it('a lost answer with another stored token: the orphan is found by name and creation time and revoked by id', async () => {
    const { t, id } = await stored();
    const { id: helperId } = await stored(['api']);
    em.faults.dropAfterRotate = 1;
    await failure(rotateEntry(vault, client, id, { expiresAt: addDays(today, 30) }), t.secret);
    const orphan = [...em.state.tokens.values()].find((x) => x.name === vault.get(id).name && x.id !== t.id)!;
    // An older namesake made before the rotation started is not the orphan.
    em.state.issue({ kind: 'personal', userId: t.userId, name: vault.get(id).name, scopes: ['api'], expiresAt: addDays(today, 9), createdAt: '2020-01-01T00:00:00Z' });
    const v = await verifyEntry(vault, client, id, { usingId: helperId });
    expect(v.recovery).toMatchObject({ how: 'revoked_orphan', orphanId: orphan.id });
    expect(v.finding.message).toContain(`(id ${orphan.id}, created`);
    expect(v.finding.message).toContain(`revoked by id with "${vault.get(helperId).name}"`);
    expect(orphan.revoked).toBe(true);
    expect(em.state.tokens.get(em.state.bySecret(vault.readSecret(helperId))!.id)?.revoked).toBe(false);
  });

  it('an unconfirmed rotation that never happened: verify finds the old token working and clears it', async () => {
    const { t, id } = await stored();
    vault.update(id, { pendingRotation: { state: 'unconfirmed', startedAt: new Date().toISOString(), oldTokenId: t.id, requestedExpiresAt: addDays(today, 30) } });
    const v = await verifyEntry(vault, client, id);
    expect(v.finding.ok).toBe(true);
    expect(v.finding.message).toContain('never happened');
    expect(v.entry.pendingRotation).toBeNull();
    expect((await rotateEntry(vault, client, id, { expiresAt: addDays(today, 30) })).entry.expiresAt).toBe(addDays(today, 30));
  });

  it('GitLab refuses (missing scope): nothing changed, pending record cleared', async () => {
    const { t, id } = await stored(['read_api']);
    const err = await failure(rotateEntry(vault, client, id, { expiresAt: addDays(today, 30) }), t.secret);
    expect(err.code).toBe('insufficient_scope');
    expect(vault.get(id).pendingRotation).toBeNull();
    expect(vault.readSecret(id)).toBe(t.secret);
  });

  it('a 502 after GitLab rotated: not retried, counted as unconfirmed, and verify finds the rotation lost', async () => {
    const { t, id } = await stored();
    const rotates = () => [...em.stats.byPath].filter(([p]) => p.endsWith('/rotate')).reduce((sum, [, c]) => sum + c, 0);
    const before = rotates();
    em.faults.badGatewayAfterRotate = 1;
    const err = await failure(rotateEntry(vault, client, id, { expiresAt: addDays(today, 30) }), t.secret);
    expect(err.code).toBe('rotation_unconfirmed');
    expect(rotates() - before).toBe(1);
    expect(vault.readSecret(id)).toBe(t.secret);
    expect(vault.get(id).pendingRotation?.state).toBe('unconfirmed');
    expect((await verifyEntry(vault, client, id)).finding.code).toBe('rotation_lost');
  });

  it('a rotation date beyond the maximum is refused before anything is written', async () => {
    const { id } = await stored();
    const before = vault.get(id);
    const err = await failure(rotateEntry(vault, client, id, { expiresAt: addDays(today, 500) }));
    expect(err.message).toContain('maximum token lifetime of 365 days');
    expect(vault.get(id).history).toHaveLength(before.history.length);
    expect(vault.get(id).pendingRotation).toBeNull();
  });
});

describe('revoke, verify, create with the vault', () => {
  it('revoke marks the entry revoked and GitLab agrees', async () => {
    const { t, id } = await stored();
    const r = await revokeEntry(vault, client, id);
    expect(r.entry).toMatchObject({ revoked: true, gitlab: { revoked: true, active: false } });
    expect(em.state.tokens.get(t.id)?.revoked).toBe(true);
    expect((await revokeEntry(vault, client, id)).message).toContain('already revoked');
  });

  it('any token revokes itself, whatever its scopes (self_revocation.rb, 15.4+)', async () => {
    const { t, id } = await stored(['read_repository']);
    const r = await revokeEntry(vault, client, id);
    expect(r.entry.revoked).toBe(true);
    expect(em.state.tokens.get(t.id)?.revoked).toBe(true);
  });

  it('before 15.4 a read-only token is told to use --using, and is revoked by id with an api token', async () => {
    const old = await start({ settings: { version: '15.3.0' } });
    const oldClient = quickClient(old.url);
    const weak = old.issueToken({ username: 'owner', name: 'weak', scopes: ['read_api'] });
    const strong = old.issueToken({ username: 'owner', name: 'strong', scopes: ['api'] });
    const weakEntry = vault.add({ name: 'weak-153', kind: 'personal', instance: old.url, scopes: ['read_api'] }, weak.secret);
    vault.update(weakEntry.id, { gitlab: { tokenId: weak.id } });
    const strongEntry = vault.add({ name: 'strong-153', kind: 'personal', instance: old.url, scopes: ['api'] }, strong.secret);
    const err = await failure(revokeEntry(vault, oldClient, weakEntry.id), weak.secret);
    expect(err.code).toBe('insufficient_scope');
    expect(err.message).toMatch(/before 15\.4 lets a token revoke itself only with the api scope; revoke "weak-153" by id with a stored api token/);
    expect((await revokeEntry(vault, oldClient, weakEntry.id, { usingId: strongEntry.id })).entry.revoked).toBe(true);
    expect(old.state.tokens.get(weak.id)?.revoked).toBe(true);
    await oldClient.close();
    await old.stop();
  });

  it('verify of an expired token records it and says the date', async () => {
    const day = addDays(today, 2);
    const t = em.issueToken({ username: 'owner', name: 'old', scopes: ['api'], expiresAt: day });
    const entry = vault.add({ name: 'old-one', kind: 'personal', instance: em.url, expiresAt: day }, t.secret);
    em.setNow(new Date(`${day}T00:00:01Z`));
    try {
      const v = await verifyEntry(vault, client, entry.id);
      expect(v.finding).toMatchObject({ ok: false, code: 'expired' });
      expect(v.finding.message).toContain(day);
      expect(v.entry.gitlab.active).toBe(false);
    } finally {
      em.setNow(null);
    }
  });

  it('an unreachable GitLab changes nothing in the vault', async () => {
    const { id } = await stored();
    const before = vault.get(id);
    const v = await verifyEntry(vault, quickClient('http://127.0.0.1:1'), id);
    expect(v.finding.code).toBe('refused');
    expect(vault.get(id).updatedAt).toBe(before.updatedAt);
  });

  it('create stores the secret GitLab returns, with its id; a taken name is refused before GitLab is asked', async () => {
    em.addProject('acme/tools', { owner: 40 });
    const { id: usingId } = await stored();
    const entry = await createAndStore(vault, client, { usingId, kind: 'project', target: 'acme/tools', name: 'tools-ci', scopes: ['read_api'], expiresAt: addDays(today, 60) });
    const onGitLab = em.state.tokens.get(entry.gitlab.tokenId ?? -1);
    expect(onGitLab && vault.readSecret(entry.id) === onGitLab.secret).toBe(true);
    expect(entry).toMatchObject({ kind: 'project', instance: em.url, expiresAt: addDays(today, 60), gitlab: { target: 'acme/tools', accessLevel: 40, active: true } });
    const before = em.stats.requests;
    const err = await failure(createAndStore(vault, client, { usingId, kind: 'project', target: 'acme/tools', name: 'TOOLS-CI', scopes: ['read_api'], expiresAt: addDays(today, 60) }));
    expect(err.message).toContain('already has a token called');
    expect(em.stats.requests).toBe(before);
  });

  it('if storing fails after GitLab made the token, the new token is revoked so none is left unrecorded', async () => {
    em.addProject('acme/orphan', { owner: 40 });
    const { id: usingId } = await stored();
    const failingVault = {
      get: vault.get.bind(vault), find: vault.find.bind(vault), readSecret: vault.readSecret.bind(vault),
      update: vault.update.bind(vault), replaceSecret: vault.replaceSecret.bind(vault),
      add: () => {
        throw new Error('disk full');
      },
    };
    const before = new Set(em.state.tokens.keys());
    await expect(createAndStore(failingVault, client, { usingId, kind: 'project', target: 'acme/orphan', name: 'orphan', scopes: ['read_api'], expiresAt: addDays(today, 10) })).rejects.toThrow('disk full');
    const made = [...em.state.tokens.values()].filter((t) => !before.has(t.id));
    expect(made).toHaveLength(1);
    expect(made[0]?.revoked).toBe(true);
  });

  it('a create whose answer was lost: the token GitLab made, which nobody holds, is revoked again and the sentence says so', async () => {
    em.addProject('acme/lost', { owner: 40 });
    const { id: usingId } = await stored();
    const before = new Set(em.state.tokens.keys());
    em.faults.dropAfterPath = { method: 'POST', path: /\/access_tokens$/, count: 1 };
    const err = await failure(createAndStore(vault, client, { usingId, kind: 'project', target: 'acme/lost', name: 'lost-ci', scopes: ['read_api'], expiresAt: addDays(today, 10) }));
    const made = [...em.state.tokens.values()].filter((t) => !before.has(t.id));
    expect(made).toHaveLength(1);
    expect(made[0]?.revoked).toBe(true);
    expect(err.message).toContain(`GitLab had made it (id ${made[0]?.id})`);
    // Nothing stands in the way of making it again.
    const again = await createAndStore(vault, client, { usingId, kind: 'project', target: 'acme/lost', name: 'lost-ci', scopes: ['read_api'], expiresAt: addDays(today, 10) });
    expect(em.state.tokens.get(again.gitlab.tokenId ?? -1)?.revoked).toBe(false);
  });

  it('an admin creates a user token by username', async () => {
    const admin = em.issueToken({ username: 'boss', admin: true, scopes: ['api'] });
    em.addUser('newbie');
    const a = vault.add({ name: 'admin-token', kind: 'personal', instance: em.url }, admin.secret);
    const entry = await createAndStore(vault, client, { usingId: a.id, kind: 'personal', target: 'newbie', name: 'newbie-ci', scopes: ['read_api'], expiresAt: addDays(today, 14) });
    expect(em.state.users.get(entry.gitlab.userId ?? -1)?.username).toBe('newbie');
  });
});
