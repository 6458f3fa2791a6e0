// Pipeline trigger tokens may expire (lib/api/ci/triggers.rb `optional :expires_at, type: DateTime`, GitLab MR
// 146912; lib/api/entities/trigger.rb exposes it): the emulator takes the date, answers it on create and in the
// list, refuses what is not a date as Grape does; Token Vault asks for it and stores the date GitLab answered.
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
import { quickClient } from './gitlab-helpers';

let em: Emulator;
let client: GitLabClient;
let maint: string;
const today = isoDay(new Date());

beforeAll(async () => {
  em = await start();
  client = quickClient(em.url);
  em.addProject('acme/app', { maint: 40 });
  maint = em.issueToken({ username: 'maint', scopes: ['api'], expiresAt: addDays(today, 90) }).secret;
});
afterAll(async () => {
  await client.close();
  await em.stop();
});

async function post(body: unknown) {
  const res = await fetch(`${em.url}/api/v4/projects/acme%2Fapp/triggers`, { method: 'POST', headers: { 'PRIVATE-TOKEN': maint, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('the emulator: a trigger token with an expiry', () => {
  it('answers expires_at on create and in the list, null when none was given', async () => {
    const made = await post({ description: 'nightly', expires_at: `${addDays(today, 30)}T00:00:00Z` });
    expect(made.status).toBe(201);
    expect(made.json.expires_at).toBe(`${addDays(today, 30)}T00:00:00.000Z`);
    expect((await post({ description: 'forever' })).json.expires_at).toBeNull();
    const list = (await (await fetch(`${em.url}/api/v4/projects/acme%2Fapp/triggers`, { headers: { 'PRIVATE-TOKEN': maint } })).json()) as Array<Record<string, unknown>>;
    expect(list.find((t) => t.id === made.json.id)?.expires_at).toBe(`${addDays(today, 30)}T00:00:00.000Z`);
  });

  it('refuses an expiry that is not a date-time, as Grape does, and makes nothing', async () => {
    const before = em.state.creds.credentials.size;
    expect(await post({ description: 'bad', expires_at: 'next tuesday' })).toEqual({ status: 400, json: { error: 'expires_at is invalid' } });
    expect(em.state.creds.credentials.size).toBe(before);
  });
});

describe('Token Vault: a trigger made with an expiry', () => {
  it('stores the date GitLab answered, so reminders and the calendar see it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tv-trig-'));
    const vault = await Vault.create(path.join(dir, 'v.tokenvault'), 'pw', { kdf: TEST_KDF });
    try {
      const usingId = vault.add({ name: 'maint-api', kind: 'personal', instance: em.url, scopes: ['api'] }, maint).id;
      const entry = await createCredentialAndStore(vault, client, { usingId, kind: 'trigger', name: 'downstream-60', owner: { kind: 'project', target: 'acme/app' }, expiresAt: addDays(today, 60) });
      expect(entry.expiresAt).toBe(addDays(today, 60));
      const c = em.state.creds.credentials.get(entry.gitlab.tokenId!)!;
      expect(c.expiresAt?.slice(0, 10)).toBe(addDays(today, 60));
    } finally {
      vault.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
