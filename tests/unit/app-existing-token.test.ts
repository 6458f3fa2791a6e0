import { describe, expect, it } from 'vitest';
import type { GitLabPort } from '../../electron/app/gitlab-port';
import { APP_PASSWORD, appWithVault } from '../helpers/app-services';

const SECRET = 'glpat-existing-0123456789abcdef';

/** GitLab that knows one token. */
const gitlab = {
  inspect: async (instance: string, secret: string) =>
    secret === SECRET
      ? { finding: { ok: true, code: null, message: 'ok', name: 'from-gitlab', scopes: ['read_api'], expiresAt: '2031-05-06', username: 'eve', active: true }, facts: { tokenId: 42, userId: 7 } }
      : { finding: { ok: false, code: 'revoked', message: `GitLab at ${instance} refuses this token.`, name: null, scopes: null, expiresAt: null, username: null, active: null }, facts: {} },
} as unknown as GitLabPort;

describe('add an existing token', () => {
  const app = appWithVault(gitlab);

  it('paste, verify, name: GitLab’s scopes and expiry are stored, and the answer never carries the secret', async () => {
    const pasted = await app.services.api.existingPaste({ secret: ` ${SECRET}\n`, instance: 'gitlab.example.com' });
    expect(pasted).toMatchObject({ hasSecret: true, secretPrefix: 'glpat-', fields: { instance: 'https://gitlab.example.com' } });
    const verified = await app.services.api.existingVerify({});
    expect(verified.finding).toMatchObject({ ok: true, name: 'from-gitlab' });
    expect(JSON.stringify([pasted, verified])).not.toContain(SECRET);
    const entry = await app.services.api.existingStore({ name: 'mine', kind: 'personal' });
    expect(entry).toMatchObject({ name: 'mine', scopes: ['read_api'], expiresAt: '2031-05-06', instance: 'https://gitlab.example.com' });
    expect(entry.lastVerifiedAt).not.toBeNull();
    expect(app.services.api.tokensReveal({ id: entry.id })).toMatchObject({ secret: SECRET });
  });

  it('leaves a wizard draft in progress alone', async () => {
    await app.services.api.draftSave({ fields: { name: 'wizard-token', step: 'paste' } });
    await app.services.api.existingPaste({ secret: SECRET });
    await app.services.api.existingStore({ name: 'other', kind: 'other' });
    expect(await app.services.api.draftGet({})).toMatchObject({ fields: { name: 'wizard-token', step: 'paste' } });
  });

  it('refuses a bad address, and stores unverified when GitLab says no', async () => {
    await expect(Promise.resolve().then(() => app.services.api.existingPaste({ secret: SECRET, instance: 'ftp://x' }))).rejects.toMatchObject({ code: 'BAD_INSTANCE' });
    await app.services.api.existingPaste({ secret: 'glpat-unknown-to-gitlab', instance: 'https://gitlab.example.com' });
    expect((await app.services.api.existingVerify({})).finding).toMatchObject({ ok: false, code: 'revoked' });
    expect(await app.services.api.existingStore({ name: 'x', kind: 'personal' })).toMatchObject({ lastVerifiedAt: null, scopes: [] });
  });

  it('a lock forgets the pasted token', async () => {
    await app.services.api.existingPaste({ secret: SECRET });
    await app.services.lock('idle');
    await app.services.api.vaultUnlock({ password: APP_PASSWORD });
    await expect(Promise.resolve().then(() => app.services.api.existingStore({ name: 'x', kind: 'personal' }))).rejects.toMatchObject({ code: 'NO_PASTE' });
  });
});
