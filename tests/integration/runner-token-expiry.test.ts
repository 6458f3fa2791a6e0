// A runner authentication token expires when the administrator sets a lifetime for its runner type
// (runner_token_expiration_interval and the group/project ones; app/models/ci/runner.rb computes the expiry
// each time the token is set). The emulator models it; Token Vault stores the date, and a token past it is
// refused by POST /runners/verify as GitLab's authenticate_runner! does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { GitLabClient } from '../../electron/gitlab/client';
import { verifyRunnerToken } from '../../electron/gitlab/credential-api';
import { createCredentialAndStore } from '../../electron/gitlab/credential-create';
import { addDays, isoDay } from '../../electron/gitlab/tokens';
import { TEST_KDF } from '../../electron/vault/kdf';
import { Vault } from '../../electron/vault/vault';
import { start, type Emulator } from '../gitlab-emulator/server';
import { quickClient } from './gitlab-helpers';

let em: Emulator;
let client: GitLabClient;
let vault: Vault;
let dir: string;
let usingId: string;
const DAY = 86_400;

beforeAll(async () => {
  em = await start();
  client = quickClient(em.url);
  em.addProject('acme/app', { maint: 40 });
  em.state.settings.runnerTokenExpiration = { instance: null, group: null, project: 7 * DAY };
  dir = mkdtempSync(path.join(tmpdir(), 'tv-runner-exp-'));
  vault = await Vault.create(path.join(dir, 'v.tokenvault'), 'pw', { kdf: TEST_KDF });
  usingId = vault.add({ name: 'maint-api', kind: 'personal', instance: em.url, scopes: ['api'] }, em.issueToken({ username: 'maint', scopes: ['api'], expiresAt: addDays(isoDay(new Date()), 90) }).secret).id;
});
afterAll(async () => {
  vault.close();
  rmSync(dir, { recursive: true, force: true });
  await client.close();
  await em.stop();
});

it("a project runner's token gets the administrator's project lifetime, stored as its expiry; past it, verify is refused", async () => {
  const now = new Date(em.state.now());
  const entry = await createCredentialAndStore(vault, client, { usingId, kind: 'runner', name: 'build-07', owner: { kind: 'project', target: 'acme/app' } });
  expect(entry.expiresAt).toBe(isoDay(new Date(now.getTime() + 7 * DAY * 1000)));
  const secret = vault.readSecret(entry.id);
  expect(await verifyRunnerToken(client, secret)).toMatchObject({ id: entry.gitlab.tokenId });
  em.setNow(new Date(now.getTime() + 8 * DAY * 1000));
  try {
    expect(await verifyRunnerToken(client, secret)).toBeNull();
  } finally {
    em.setNow(now);
  }
});

it('a reset by id computes the expiry again from the reset; an instance runner with the setting blank never expires', async () => {
  const maint = vault.readSecret(usingId);
  const headers = { 'PRIVATE-TOKEN': maint, 'content-type': 'application/json' };
  const made = (await (await fetch(`${em.url}/api/v4/user/runners`, { method: 'POST', headers, body: JSON.stringify({ runner_type: 'project_type', project_id: 'acme/app' }) })).json()) as { id: number; token_expires_at: string };
  const now = new Date(em.state.now());
  em.setNow(new Date(now.getTime() + 3 * DAY * 1000));
  try {
    const reset = (await (await fetch(`${em.url}/api/v4/runners/${made.id}/reset_authentication_token`, { method: 'POST', headers })).json()) as { token_expires_at: string };
    expect(Date.parse(reset.token_expires_at) - Date.parse(made.token_expires_at)).toBe(3 * DAY * 1000);
  } finally {
    em.setNow(now);
  }
  const root = em.issueToken({ username: 'root', scopes: ['api'] });
  em.state.users.get(root.userId)!.admin = true;
  const instance = (await (await fetch(`${em.url}/api/v4/user/runners`, { method: 'POST', headers: { ...headers, 'PRIVATE-TOKEN': root.secret }, body: JSON.stringify({ runner_type: 'instance_type' }) })).json()) as { token_expires_at: string | null };
  expect(instance.token_expires_at).toBeNull();
});
