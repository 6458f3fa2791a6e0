// GitLab's real "expiry past the limit" refusals, and where the limit applies at all. The model's
// validation says "Expiration date must be before D" (personal_access_token.rb); the APIs wrap it as
// 400 "400 Bad request - …" (project/group create, rotate) or 422 (the admin's user-token API), or
// join it into one sentence with other errors. The EE administrator's limit applies whether or not
// expiry is required; GitLab's own 365 days only while it is; lowering the EE limit revokes tokens.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnoseStatus } from '../../electron/gitlab/errors';
import { addDays, createAccessToken, createUserToken, isoDay } from '../../electron/gitlab/tokens';
import { createAndStore, rotateEntry, verifyEntry } from '../../electron/gitlab/vault-ops';
import { TEST_KDF } from '../../electron/vault/kdf';
import { Vault } from '../../electron/vault/vault';
import { start, type Emulator } from '../gitlab-emulator/server';
import type { EmulatorSettings } from '../gitlab-emulator/state';
import { failure, quickClient } from './gitlab-helpers';

const today = isoDay(new Date());
const D = addDays(today, 30);
const ctx = { host: 'gitlab.example', what: 'creating a project access token' };
let vault: Vault;
let dir: string;
const running: Emulator[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'tv-refusals-'));
  vault = await Vault.create(path.join(dir, 'v.tokenvault'), 'pw', { kdf: TEST_KDF });
});
afterAll(async () => {
  vault.close();
  rmSync(dir, { recursive: true, force: true });
  await Promise.all(running.map((e) => e.stop()));
});

async function emulator(settings: Partial<EmulatorSettings> = {}) {
  const em = await start({ settings });
  running.push(em);
  em.addProject('acme/app', { alice: 40 });
  return em;
}

/** The raw answer, as GitLab's body and status. */
async function raw(em: Emulator, secret: string, method: string, p: string, body: unknown) {
  const res = await fetch(`${em.url}/api/v4${p}`, { method, headers: { 'private-token': secret, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as unknown };
}

describe("GitLab's bodies are understood", () => {
  it.each([
    ['400 (project/group create, rotate)', 400, { message: `400 Bad request - Expiration date must be before ${D}` }],
    ['422 (admin user-token API)', 422, { message: `Expiration date must be before ${D}` }],
    ['the joined sentence (personal create)', 400, { message: `400 Bad request - Name can't be blank and Expiration date must be before ${D}` }],
  ])('%s names the last allowed day', (_label, status, body) => {
    const err = diagnoseStatus(status, body, ctx);
    expect(err.code).toBe('invalid_request');
    expect(err.details.maxExpiresAt).toBe(D);
    expect(err.message).toBe(`GitLab refused creating a project access token: gitlab.example lets tokens live until ${D} at most (its maximum token lifetime); pick that date or earlier.`);
  });
});

describe('the emulator answers as GitLab does', () => {
  it('project create and rotate: 400 "400 Bad request - Expiration date must be before D"; admin user-token create: 422', async () => {
    const em = await emulator({ maxLifetimeDays: 30 });
    const alice = em.issueToken({ username: 'alice', scopes: ['api'] });
    const root = em.issueToken({ username: 'root', admin: true, scopes: ['api'] });
    const create = await raw(em, alice.secret, 'POST', '/projects/acme%2Fapp/access_tokens', { name: 'x', scopes: ['read_api'], expires_at: addDays(today, 60) });
    expect(create).toEqual({ status: 400, body: { message: `400 Bad request - Expiration date must be before ${D}` } });
    const rotate = await raw(em, alice.secret, 'POST', `/personal_access_tokens/${alice.id}/rotate`, { expires_at: addDays(today, 60) });
    expect(rotate).toEqual({ status: 400, body: { message: `400 Bad request - Expiration date must be before ${D}` } });
    const user = await raw(em, root.secret, 'POST', `/users/${alice.userId}/personal_access_tokens`, { name: 'y', scopes: ['api'], expires_at: addDays(today, 60) });
    expect(user).toEqual({ status: 422, body: { message: `Expiration date must be before ${D}` } });
  });
});

describe('where the limit applies', () => {
  it("the EE administrator's limit applies even where expiry is not required", async () => {
    const em = await emulator({ maxLifetimeDays: 30, requireExpiry: false });
    const alice = em.issueToken({ username: 'alice', scopes: ['api'], expiresAt: null });
    const err = await failure(createAccessToken(quickClient(em.url), alice.secret, { kind: 'project', target: 'acme/app', name: 'ci', scopes: ['read_api'], expiresAt: addDays(today, 60) }));
    expect(err.details).toMatchObject({ status: 400, maxExpiresAt: D });
  });

  it('where expiry is not required and no EE limit is set: more than 365 days is allowed, and a token without expiry rotates into one without', async () => {
    const em = await emulator({ requireExpiry: false });
    const root = em.issueToken({ username: 'root', admin: true, name: 'root-admin', scopes: ['api'], expiresAt: null });
    const usingId = vault.add({ name: 'root-admin', kind: 'personal', instance: em.url, scopes: ['api'] }, root.secret).id;
    const client = quickClient(em.url);
    const made = await createAndStore(vault, client, { usingId, kind: 'project', target: 'acme/app', name: 'long-lived', scopes: ['read_api'], expiresAt: addDays(today, 500) });
    expect(made.expiresAt).toBe(addDays(today, 500));
    const r = await rotateEntry(vault, client, usingId);
    expect(r.entry.expiresAt).toBeNull();
    expect(r.warnings).toEqual([]);
  });

  it('an admin user-token create past the limit that Token Vault did not know: GitLab\'s 422 names the day', async () => {
    const em = await emulator({ maxLifetimeDays: 30 });
    const root = em.issueToken({ username: 'root', admin: true, scopes: ['api'] });
    const bob = em.addUser('bob');
    const err = await failure(createUserToken(quickClient(em.url), root.secret, { userId: bob.id, name: 'b', scopes: ['read_api'], expiresAt: addDays(today, 60) }));
    expect(err.details).toMatchObject({ status: 422, maxExpiresAt: D });
    expect(err.message).toContain(`lets tokens live until ${D} at most`);
  });
});

describe('a limit lowered by the administrator', () => {
  it('revokes longer-lived tokens, and verify says that may be why', async () => {
    const em = await emulator();
    const long = em.issueToken({ username: 'alice', name: 'long', scopes: ['api'], expiresAt: addDays(today, 200) });
    const id = vault.add({ name: 'long', kind: 'personal', instance: em.url, scopes: ['api'] }, long.secret).id;
    const client = quickClient(em.url);
    await verifyEntry(vault, client, id);
    expect(em.state.lowerMaxLifetime(30)).toContain(long.id);
    const v = await verifyEntry(vault, client, id);
    expect(v.finding.code).toBe('revoked');
    expect(v.finding.message).toContain("administrator may have lowered the maximum token lifetime: GitLab then revokes every token that expires later than the new limit");
    expect(v.finding.message).toContain(addDays(today, 200));
  });
});
