// The instance's token lifetime policy, over real HTTP against the emulator: an administrator's
// token reads max_personal_access_token_lifetime (settings.rb), the 400-day buffered limit
// (feature flag, 17.6+), GitLab.com's fixed rules, and the sentence a too-long expiry gets
// before GitLab is asked — and the one GitLab's own refusal gets when the limit was not known.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { learnLifetimePolicy } from '../../electron/gitlab/lifetime';
import { addDays, createAccessToken, isoDay } from '../../electron/gitlab/tokens';
import { createAndStore, rotateEntry } from '../../electron/gitlab/vault-ops';
import { TEST_KDF } from '../../electron/vault/kdf';
import { Vault } from '../../electron/vault/vault';
import { start, type Emulator } from '../gitlab-emulator/server';
import type { EmulatorSettings } from '../gitlab-emulator/state';
import { failure, quickClient } from './gitlab-helpers';

const today = isoDay(new Date());
let vault: Vault;
let dir: string;
const running: Emulator[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'tv-lifetime-'));
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

let n = 0;
/** A stored token of `username` (an administrator when `admin`). */
function stored(em: Emulator, username: string, opts: { admin?: boolean; scopes?: string[] } = {}) {
  const name = `life-${++n}`;
  const scopes = opts.scopes ?? ['api'];
  const t = em.issueToken({ username, admin: !!opts.admin, name, scopes, expiresAt: addDays(today, 30) });
  const entry = vault.add({ name, kind: 'personal', instance: em.url, scopes, usedIn: [] }, t.secret);
  return { t, id: entry.id };
}

describe('learning the maximum lifetime', () => {
  it("an administrator's token reads the instance setting; anyone else gets GitLab's default, marked as assumed", async () => {
    const em = await emulator({ maxLifetimeDays: 90 });
    const admin = em.issueToken({ username: 'root', admin: true, scopes: ['read_api'] });
    const user = em.issueToken({ username: 'alice', scopes: ['api'] });
    expect(await learnLifetimePolicy(quickClient(em.url), admin.secret)).toEqual({ maxDays: 90, source: 'setting', expiryRequired: true });
    expect(await learnLifetimePolicy(quickClient(em.url), user.secret)).toEqual({ maxDays: 365, source: 'assumed', expiryRequired: null });
  });

  it('a blank setting is 365 days, or 400 when the buffered limit is on (17.6+); CE has no setting at all', async () => {
    const plain = await emulator();
    const buffered = await emulator({ bufferedLimit: true });
    const ce = await emulator({ edition: 'ce' });
    const admin = (em: Emulator) => em.issueToken({ username: 'root', admin: true, scopes: ['api'] }).secret;
    expect(await learnLifetimePolicy(quickClient(plain.url), admin(plain))).toMatchObject({ maxDays: 365, source: 'default' });
    expect(await learnLifetimePolicy(quickClient(buffered.url), admin(buffered))).toMatchObject({ maxDays: 400, source: 'buffered' });
    expect(await learnLifetimePolicy(quickClient(ce.url), admin(ce))).toMatchObject({ maxDays: 365, source: 'default' });
  });

  it('GitLab.com: 365 days and expiry required, without asking', async () => {
    const em = await emulator({ gitlabCom: true });
    const user = em.issueToken({ username: 'alice', scopes: ['api'] });
    const before = em.stats.requests;
    expect(await learnLifetimePolicy(quickClient(em.url, { gitlabCom: true }), user.secret)).toEqual({ maxDays: 365, source: 'gitlab.com', expiryRequired: true });
    expect(em.stats.requests).toBe(before);
  });
});

describe('a too-long expiry is refused with the limit named, before GitLab is asked', () => {
  it('create: beyond the administrator\'s 90 days, nothing is made on GitLab', async () => {
    const em = await emulator({ maxLifetimeDays: 90 });
    const using = stored(em, 'root', { admin: true });
    const tokensBefore = em.state.tokens.size;
    const err = await failure(
      createAndStore(vault, quickClient(em.url), { usingId: using.id, kind: 'project', target: 'acme/app', name: 'too-long', scopes: ['read_api'], expiresAt: addDays(today, 120) }),
      using.t.secret,
    );
    expect(err.code).toBe('invalid_request');
    expect(err.message).toContain(`is beyond 127.0.0.1:${new URL(em.url).port}'s maximum token lifetime of 90 days (set by its administrator); pick ${addDays(today, 90)} or earlier`);
    expect(err.details.maxExpiresAt).toBe(addDays(today, 90));
    expect(em.state.tokens.size).toBe(tokensBefore);
  });

  it('rotate: a non-administrator is told the 365 days are assumed', async () => {
    const em = await emulator();
    const mine = stored(em, 'alice');
    const err = await failure(rotateEntry(vault, quickClient(em.url), mine.id, { expiresAt: addDays(today, 380) }), mine.t.secret);
    expect(err.message).toContain("maximum token lifetime of 365 days (GitLab's default; only an administrator's token can read the instance's own setting, which may be lower)");
    expect(em.state.tokens.get(mine.t.id)?.revoked).toBe(false);
    expect(vault.get(mine.id).pendingRotation).toBeNull();
  });

  it('the buffered limit lets an administrator create for 400 days', async () => {
    const em = await emulator({ bufferedLimit: true });
    const using = stored(em, 'root', { admin: true });
    const made = await createAndStore(vault, quickClient(em.url), { usingId: using.id, kind: 'project', target: 'acme/app', name: 'long-lived', scopes: ['read_api'], expiresAt: addDays(today, 400) });
    expect(made.expiresAt).toBe(addDays(today, 400));
  });

  it("GitLab's own refusal (a limit Token Vault could not read) names the last allowed day", async () => {
    const em = await emulator({ maxLifetimeDays: 30 });
    const alice = em.issueToken({ username: 'alice', scopes: ['api'] });
    const err = await failure(
      createAccessToken(quickClient(em.url), alice.secret, { kind: 'project', target: 'acme/app', name: 'x', scopes: ['read_api'], expiresAt: addDays(today, 60) }),
      alice.secret,
    );
    expect(err.code).toBe('invalid_request');
    expect(err.message).toMatch(new RegExp(`lets tokens live until ${addDays(today, 30)} at most \\(its maximum token lifetime\\); pick that date or earlier`));
    expect(err.details).toMatchObject({ status: 400, maxExpiresAt: addDays(today, 30) });
  });
});

describe('GitLab.com: project and group tokens need a paid plan', () => {
  it('a Maintainer on a Free namespace gets 400 "User does not have permission…", explained with the plan', async () => {
    const em = await emulator({ gitlabCom: true });
    const alice = em.issueToken({ username: 'alice', scopes: ['api'] });
    const c = quickClient(em.url, { gitlabCom: true });
    const input = { kind: 'project' as const, target: 'acme/app', name: 'ci', scopes: ['read_api'], expiresAt: addDays(today, 30) };
    const err = await failure(createAccessToken(c, alice.secret, input), alice.secret);
    expect(err.code).toBe('not_permitted');
    expect(err.details.status).toBe(400);
    expect(err.message).toContain('and on GitLab.com a paid plan (Premium or Ultimate) for the top-level group');
    em.state.paidNamespaces.add('acme');
    expect((await createAccessToken(c, alice.secret, input)).name).toBe('ci');
  });
});
