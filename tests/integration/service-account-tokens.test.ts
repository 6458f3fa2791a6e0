// A group service account's tokens by id, as the group's Owner (lib/api/group_service_accounts.rb): the
// emulator's rotate (17.5 docs) and revoke (GitLab MR 184287, 17.11) routes, and Token Vault's use of the
// revoke when GitLab made a service account's token but storing it failed — before, that token was left
// live and unrecorded with only a sentence saying so.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitLabClient } from '../../electron/gitlab/client';
import { createCredentialAndStore } from '../../electron/gitlab/credential-create';
import { addDays, isoDay } from '../../electron/gitlab/tokens';
import { TEST_KDF } from '../../electron/vault/kdf';
import { Vault } from '../../electron/vault/vault';
import { start, type Emulator } from '../gitlab-emulator/server';
import { failure, quickClient } from './gitlab-helpers';

let em: Emulator;
let client: GitLabClient;
const today = isoDay(new Date());
const in30 = addDays(today, 30);

beforeAll(async () => {
  em = await start();
  client = quickClient(em.url);
  em.addGroup('acme', { owner: 50, maint: 40 });
  em.addGroup('other', { stranger: 50 });
});
afterAll(async () => {
  await client.close();
  await em.stop();
});

async function api(secret: string, method: string, route: string, body?: unknown) {
  const res = await fetch(`${em.url}/api/v4${route}`, { method, headers: { 'PRIVATE-TOKEN': secret, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

/** A service account of acme and one token of it, made through the API as its Owner. */
async function account(owner: string) {
  const made = await api(owner, 'POST', '/groups/acme/service_accounts', { name: 'bot' });
  const userId = made.json!.id as number;
  const token = await api(owner, 'POST', `/groups/acme/service_accounts/${userId}/personal_access_tokens`, { name: 'ci', scopes: ['read_api'], expires_at: in30 });
  return { userId, tokenId: token.json!.id as number, secret: token.json!.token as string };
}

const person = (username: string) => em.issueToken({ username, scopes: ['api'], expiresAt: in30 }).secret;

describe('the emulator: a service account token by id', () => {
  it('the Owner rotates it (old one revoked, the new works until the date asked) and revokes it (then refused)', async () => {
    const owner = person('owner');
    const { userId, tokenId, secret } = await account(owner);
    const rotated = await api(owner, 'POST', `/groups/acme/service_accounts/${userId}/personal_access_tokens/${tokenId}/rotate`, { expires_at: addDays(today, 20) });
    expect(rotated.status).toBe(200);
    expect(rotated.json).toMatchObject({ name: 'ci', scopes: ['read_api'], user_id: userId, expires_at: addDays(today, 20) });
    expect((await api(secret, 'GET', '/personal_access_tokens/self')).status).toBe(401);
    const fresh = rotated.json!.token as string;
    expect((await api(fresh, 'GET', '/personal_access_tokens/self')).status).toBe(200);
    const newId = rotated.json!.id as number;
    expect((await api(owner, 'DELETE', `/groups/acme/service_accounts/${userId}/personal_access_tokens/${newId}`)).status).toBe(204);
    expect((await api(fresh, 'GET', '/personal_access_tokens/self')).json).toMatchObject({ error: 'invalid_token' });
    // A rotated-away (revoked) token does not rotate again.
    expect((await api(owner, 'POST', `/groups/acme/service_accounts/${userId}/personal_access_tokens/${tokenId}/rotate`)).json).toEqual({ message: '400 Bad request - Token already revoked' });
  });

  it("below Owner is 403; another group's Owner gets 404 User; a person's token id under the account is 404", async () => {
    const { userId, tokenId } = await account(person('owner'));
    const path = `/groups/acme/service_accounts/${userId}/personal_access_tokens/${tokenId}`;
    expect(await api(person('maint'), 'DELETE', path)).toEqual({ status: 403, json: { message: '403 Forbidden' } });
    expect((await api(person('stranger'), 'DELETE', `/groups/other/service_accounts/${userId}/personal_access_tokens/${tokenId}`)).json).toEqual({ message: '404 User Not Found' });
    const someone = em.issueToken({ username: 'owner', scopes: ['api'], expiresAt: in30 });
    expect((await api(person('owner'), 'DELETE', `/groups/acme/service_accounts/${userId}/personal_access_tokens/${someone.id}`)).json).toEqual({ message: '404 Personal Access Token Not Found' });
  });

  it('on GitLab 17.10 the revoke route is not there (404), on 17.4 neither is rotate', async () => {
    const { userId, tokenId } = await account(person('owner'));
    const path = `/groups/acme/service_accounts/${userId}/personal_access_tokens/${tokenId}`;
    em.state.settings.version = '17.10.0';
    try {
      expect((await api(person('owner'), 'DELETE', path)).status).toBe(404);
      em.state.settings.version = '17.4.0';
      expect((await api(person('owner'), 'POST', `${path}/rotate`)).status).toBe(404);
    } finally {
      em.state.settings.version = '18.6.0';
    }
  });
});

describe("Token Vault: GitLab made a service account's token, storing it failed", () => {
  it('the token is revoked on GitLab again by id, and the sentence says so', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tv-sa-'));
    const vault = await Vault.create(path.join(dir, 'v.tokenvault'), 'pw', { kdf: TEST_KDF });
    try {
      const usingId = vault.add({ name: 'owner-api', kind: 'personal', instance: em.url, scopes: ['api'] }, person('owner')).id;
      const failing = {
        get: vault.get.bind(vault), find: vault.find.bind(vault), readSecret: vault.readSecret.bind(vault), update: vault.update.bind(vault), replaceSecret: vault.replaceSecret.bind(vault),
        add: () => {
          throw new Error('The disk is full.');
        },
      };
      const before = new Set(em.state.tokens.keys());
      const err = await failure(createCredentialAndStore(failing, client, { usingId, kind: 'service-account', name: 'release-bot', owner: { kind: 'group', target: 'acme' }, scopes: ['read_api'], expiresAt: in30 }));
      const made = [...em.state.tokens.values()].filter((t) => !before.has(t.id));
      expect(made).toHaveLength(1);
      expect(made[0]!.revoked).toBe(true);
      expect(err.message).toMatch(new RegExp(`Storing the new token of service account \\S+ failed \\(The disk is full\\); its token \\(id ${made[0]!.id}\\) was revoked on GitLab again`));
    } finally {
      vault.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
