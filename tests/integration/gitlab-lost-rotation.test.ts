// A rotation whose answer was lost, read again later: GitLab checks "expired" before "revoked"
// (access_token_validation_service.rb), and revokes a token family only from 16.3 (auth_finders.rb).
// Tokens are rotated just before they expire, so the usual lost rotation is read back as "Token is
// expired": that says nothing about whether GitLab rotated, and the new token may be alive on
// GitLab with nobody holding it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { GitLabClient } from '../../electron/gitlab/client';
import { addDays, isoDay } from '../../electron/gitlab/tokens';
import { rotateEntry, verifyEntry } from '../../electron/gitlab/vault-ops';
import { TEST_KDF } from '../../electron/vault/kdf';
import { Vault } from '../../electron/vault/vault';
import { start, type Emulator } from '../gitlab-emulator/server';
import { failure, quickClient } from './gitlab-helpers';

let em: Emulator;
let client: GitLabClient;
let vault: Vault;
let dir: string;
const today = isoDay(new Date());
const DAY = 86_400_000;

beforeAll(async () => {
  em = await start();
  dir = mkdtempSync(path.join(tmpdir(), 'tv-lost-'));
  vault = await Vault.create(path.join(dir, 'v.tokenvault'), 'pw', { kdf: TEST_KDF });
});
afterAll(async () => {
  vault.close();
  rmSync(dir, { recursive: true, force: true });
  await em.stop();
});
afterEach(async () => {
  em.setNow(null);
  em.resetFaults();
  em.state.settings.version = '18.6.0';
  await client?.close();
});

let n = 0;
/** A token two days from expiry (the moment people rotate), stored and verified; and a helper of the same user. */
async function nearExpiry() {
  client = quickClient(em.url);
  const name = `deploy-${++n}`;
  const t = em.issueToken({ username: 'owner', name, scopes: ['api'], createdAt: new Date(Date.now() - 88 * DAY).toISOString(), expiresAt: addDays(today, 2) });
  const h = em.issueToken({ username: 'owner', name: `helper-${n}`, scopes: ['api'] });
  const id = vault.add({ name, kind: 'personal', instance: em.url, scopes: ['api'] }, t.secret).id;
  const helperId = vault.add({ name: `helper-${n}`, kind: 'personal', instance: em.url, scopes: ['api'] }, h.secret).id;
  await verifyEntry(vault, client, id);
  await verifyEntry(vault, client, helperId);
  return { t, id, helperId, name };
}

/** Rotate with the answer dropped, then come back after the old token's expiry with a new process's client. */
async function loseRotationThenExpire(id: string) {
  em.faults.dropAfterRotate = 1;
  await failure(rotateEntry(vault, client, id, { expiresAt: addDays(today, 30) }));
  await client.close();
  em.setNow(new Date(Date.now() + 3 * DAY));
  client = quickClient(em.url);
  return new Date(Date.now() + 3 * DAY);
}

const orphanOf = (name: string, oldId: number) => [...em.state.tokens.values()].find((x) => x.name === name && x.id !== oldId);

describe('a lost rotation read after the old token expired', () => {
  it('keeps the pending rotation and says the new token may be alive with nobody holding it', async () => {
    const { t, id, name } = await nearExpiry();
    const now = await loseRotationThenExpire(id);
    const orphan = orphanOf(name, t.id)!;
    expect(orphan.revoked).toBe(false);
    const v = await verifyEntry(vault, client, id, { now });
    expect(v.finding).toMatchObject({ ok: false, code: 'rotation_unconfirmed' });
    expect(v.finding.message).toContain('cannot say whether it rotated');
    expect(v.finding.message).toContain('alive on GitLab with nobody holding it');
    // Never "the interrupted rotation never happened": the record stays, so a second rotation stays refused.
    expect(v.entry.pendingRotation).toMatchObject({ state: 'unconfirmed', oldTokenId: t.id });
    expect(orphan.revoked).toBe(false);
  });

  it('with another stored token (verify --using): the orphan is found by name and creation time and revoked', async () => {
    const { t, id, helperId, name } = await nearExpiry();
    const now = await loseRotationThenExpire(id);
    const orphan = orphanOf(name, t.id)!;
    const v = await verifyEntry(vault, client, id, { now, usingId: helperId });
    expect(v.recovery).toMatchObject({ how: 'revoked_orphan', orphanId: orphan.id });
    expect(v.finding).toMatchObject({ ok: false, code: 'rotation_lost' });
    expect(v.finding.message).toContain('after GitLab had rotated it');
    expect(v.finding.message).toContain(`revoked by id with "helper-${n}"`);
    expect(orphan.revoked).toBe(true);
    expect(v.entry.pendingRotation).toBeNull();
  });

  it('with another stored token and no orphan: the rotation never happened, and only then is the record cleared', async () => {
    const { t, id, helperId } = await nearExpiry();
    // A rotation refused before GitLab acted leaves no orphan; the record is as a crash would leave it.
    vault.update(id, { pendingRotation: { state: 'unconfirmed', startedAt: new Date().toISOString(), oldTokenId: t.id, requestedExpiresAt: addDays(today, 30), gitlabVersion: '18.6.0' } });
    em.setNow(new Date(Date.now() + 3 * DAY));
    const v = await verifyEntry(vault, client, id, { now: new Date(Date.now() + 3 * DAY), usingId: helperId });
    expect(v.recovery?.how).toBe('orphan_not_found');
    expect(v.finding.code).toBe('expired');
    expect(v.finding.message).toContain('so it never rotated');
    expect(v.entry.pendingRotation).toBeNull();
  });
});

describe('GitLab 16.0–16.2 have no reuse detection', () => {
  it('a lost rotation on 16.2: no family revocation is claimed, and the orphan is said to be alive', async () => {
    em.state.settings.version = '16.2.0';
    const { t, id, helperId, name } = await nearExpiry();
    em.faults.dropAfterRotate = 1;
    // Self-rotation needs 16.10: on 16.2 a token is rotated by id with another one.
    await failure(rotateEntry(vault, client, id, { expiresAt: addDays(today, 30), usingId: helperId }));
    expect(vault.get(id).pendingRotation?.gitlabVersion).toBe('16.2.0');
    await client.close();
    client = quickClient(em.url);
    const v = await verifyEntry(vault, client, id);
    expect(v.finding.code).toBe('rotation_lost');
    expect(v.finding.message).not.toMatch(/revok\w* (its|the) whole token family/);
    expect(v.finding.message).toContain('has no reuse detection');
    expect(v.finding.message).toContain('still alive on GitLab');
    expect(orphanOf(name, t.id)?.revoked).toBe(false);
  });

  it('on 16.2 the record stays until the orphan is dealt with: verify --using, as the sentence says, then finds and revokes it', async () => {
    em.state.settings.version = '16.2.0';
    const { t, id, helperId, name } = await nearExpiry();
    em.faults.dropAfterRotate = 1;
    await failure(rotateEntry(vault, client, id, { expiresAt: addDays(today, 30), usingId: helperId }));
    await client.close();
    client = quickClient(em.url);
    const first = await verifyEntry(vault, client, id);
    expect(first.finding.message).toContain('verify --using');
    // Nothing revoked the orphan, so the vault must not forget that it may be alive.
    expect(first.entry.pendingRotation).toMatchObject({ state: 'unconfirmed', oldTokenId: t.id });
    const orphan = orphanOf(name, t.id)!;
    const v = await verifyEntry(vault, client, id, { usingId: helperId });
    expect(v.recovery).toMatchObject({ how: 'revoked_orphan', orphanId: orphan.id });
    expect(orphan.revoked).toBe(true);
    expect(v.entry.pendingRotation).toBeNull();
  });

  it('verify --using a token that cannot see the account\'s tokens: not finding the orphan keeps the record', async () => {
    const { t, id, name } = await nearExpiry();
    const other = em.issueToken({ username: 'someone-else', name: `other-${n}`, scopes: ['api'] });
    const otherId = vault.add({ name: `other-${n}`, kind: 'personal', instance: em.url, scopes: ['api'] }, other.secret).id;
    await verifyEntry(vault, client, otherId);
    em.faults.dropAfterRotate = 1;
    await failure(rotateEntry(vault, client, id, { expiresAt: addDays(today, 30) }));
    const v = await verifyEntry(vault, client, id, { usingId: otherId });
    expect(v.recovery?.how).toBe('orphan_not_found');
    expect(orphanOf(name, t.id)?.revoked).toBe(false);
    expect(v.finding.message).toContain('stays marked unconfirmed');
    expect(v.entry.pendingRotation).toMatchObject({ state: 'unconfirmed', oldTokenId: t.id });
  });

  it('the version unknown (a record from before it was kept): the sentence says 16.0–16.2 would not revoke it', async () => {
    const { t, id } = await nearExpiry();
    em.faults.dropAfterRotate = 1;
    await failure(rotateEntry(vault, client, id, { expiresAt: addDays(today, 30) }));
    const { gitlabVersion: _dropped, ...pending } = vault.get(id).pendingRotation!;
    vault.update(id, { pendingRotation: pending });
    await client.close();
    client = quickClient(em.url);
    const v = await verifyEntry(vault, client, id);
    expect(v.recovery?.how).toBe('reuse_detection');
    expect(v.finding.message).toContain('16.0–16.2 do not');
    expect(em.state.tokens.get(t.id)?.revoked).toBe(true);
  });
});
