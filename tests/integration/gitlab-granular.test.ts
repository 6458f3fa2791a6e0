// Fine-grained (granular) personal access tokens and instances that refuse legacy rotation, over
// real HTTP against the emulator: how GitLab marks them (entity `granular`, scopes ["granular"]),
// its 403 insufficient_granular_scope, and rotate_service.rb's refusal once an administrator
// requires fine-grained tokens.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitLabClient } from '../../electron/gitlab/client';
import { userSchema } from '../../electron/gitlab/schemas';
import { addDays, isFineGrained, isoDay } from '../../electron/gitlab/tokens';
import { rotateEntry, verifyEntry } from '../../electron/gitlab/vault-ops';
import { TEST_KDF } from '../../electron/vault/kdf';
import { Vault } from '../../electron/vault/vault';
import { start, type Emulator } from '../gitlab-emulator/server';
import { failure, quickClient } from './gitlab-helpers';

const today = isoDay(new Date());
let em: Emulator;
let client: GitLabClient;
let vault: Vault;
let dir: string;

beforeAll(async () => {
  em = await start({ settings: { granularTokens: true } });
  client = quickClient(em.url);
  dir = mkdtempSync(path.join(tmpdir(), 'tv-granular-'));
  vault = await Vault.create(path.join(dir, 'v.tokenvault'), 'pw', { kdf: TEST_KDF });
});
afterAll(async () => {
  vault.close();
  rmSync(dir, { recursive: true, force: true });
  await client.close();
  await em.stop();
});

let n = 0;
function stored(input: { scopes?: string[]; granular?: string[] }) {
  const name = `g-${++n}`;
  const t = em.issueToken({ username: 'alice', name, scopes: input.scopes ?? [], expiresAt: addDays(today, 60), ...(input.granular ? { granular: input.granular } : {}) });
  const entry = vault.add({ name, kind: 'personal', instance: em.url, scopes: input.scopes ?? [], usedIn: [] }, t.secret);
  return { t, id: entry.id };
}

describe('recognising a fine-grained token', () => {
  it('verify says what it is, reads its owner with User: Read, and stores GitLab\'s "granular" placeholder', async () => {
    const { id } = stored({ granular: ['Personal Access Token: Read', 'User: Read'] });
    const r = await verifyEntry(vault, client, id);
    expect(r.finding.ok).toBe(true);
    expect(r.finding.scopes).toEqual(['granular']);
    expect(r.finding.username).toBe('alice');
    expect(r.finding.message).toContain('This is a fine-grained personal access token: GitLab grants it named permissions per project, group or user instead of scopes');
    expect(r.finding.message).not.toContain('has no read_user');
  });

  it('without User: Read the owner stays unknown and the note names the missing permission', async () => {
    const { id } = stored({ granular: ['Personal Access Token: Read'] });
    const r = await verifyEntry(vault, client, id);
    expect(r.finding.ok).toBe(true);
    expect(r.finding.username).toBeNull();
    expect(r.finding.message).toContain('it needs a fine-grained token holding the permission User: Read');
  });

  it("GitLab's 403 insufficient_granular_scope becomes its own sentence, not a missing scope", async () => {
    const t = em.issueToken({ username: 'alice', scopes: [], granular: ['Personal Access Token: Read'] });
    const err = await failure(client.request(t.secret, { path: '/user', schema: userSchema, what: 'reading the token owner' }), t.secret);
    expect(err.code).toBe('granular_permission');
    expect(err.details).toMatchObject({ status: 403, permissions: ['User: Read'] });
    expect(err.message).toBe(
      "GitLab refused reading the token owner: it needs a fine-grained token holding the permission User: Read; add it to this token's permissions on GitLab, or — if this is a classic token — its group requires fine-grained tokens, so make one there.",
    );
  });

  it('is told apart by the entity field, or by the lone "granular" scope where the field is missing', () => {
    expect(isFineGrained({ granular: true, scopes: [] })).toBe(true);
    expect(isFineGrained({ scopes: ['granular'] })).toBe(true);
    expect(isFineGrained({ granular: false, scopes: ['api'] })).toBe(false);
    expect(isFineGrained({ scopes: ['api', 'granular'] })).toBe(false);
  });
});

describe('an instance that requires fine-grained tokens refuses legacy rotation', () => {
  it('a classic token: explained, nothing changed on GitLab or in the vault; a fine-grained token still rotates', async () => {
    em.state.settings.granularTokensEnforced = true;
    try {
      const classic = stored({ scopes: ['api'] });
      const before = vault.get(classic.id).history.length;
      const err = await failure(rotateEntry(vault, client, classic.id, { expiresAt: addDays(today, 30) }), classic.t.secret);
      expect(err.code).toBe('legacy_rotation_disabled');
      expect(err.details.status).toBe(400);
      expect(err.message).toContain('no longer rotates classic personal access tokens because its administrator requires fine-grained ones');
      expect(em.state.tokens.get(classic.t.id)?.revoked).toBe(false);
      const entry = vault.get(classic.id);
      expect(entry.pendingRotation).toBeNull();
      expect(vault.readSecret(classic.id)).toBe(classic.t.secret);
      expect(entry.history.length).toBe(before + 2); // rotation-started, then "refused; nothing changed"
      const fine = stored({ granular: ['Personal Access Token: Read', 'rotate_personal_access_token'] });
      const r = await rotateEntry(vault, client, fine.id, { expiresAt: addDays(today, 30) });
      expect(r.entry.expiresAt).toBe(addDays(today, 30));
      expect(em.state.tokens.get(fine.t.id)?.revoked).toBe(true);
    } finally {
      em.state.settings.granularTokensEnforced = false;
    }
  });
});
