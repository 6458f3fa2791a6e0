// The wizard's draft across a lock: the pasted token (GitLab shows it once) is kept, but sealed
// under the vault key while the vault is locked, never in clear; a key that changed meanwhile
// means it is forgotten and the draft says why.
import { describe, expect, it } from 'vitest';
import { FORGOTTEN_AT_LOCK, WizardDrafts } from '../../electron/app/drafts';
import type { DraftFields } from '../../electron/api';
import type { GitLabPort } from '../../electron/app/gitlab-port';
import { TEST_KDF } from '../../electron/vault/kdf';
import { Vault } from '../../electron/vault/vault';
import { newVault, PASSWORD } from '../helpers/vault-fixture';

/** Every string and byte array reachable from `root` (own fields, private ones included). */
function reachable(root: unknown, seen = new Set<unknown>()): (string | Uint8Array)[] {
  if (typeof root === 'string') return [root];
  if (root instanceof Uint8Array) return [root];
  if (root === null || typeof root !== 'object' || seen.has(root)) return [];
  seen.add(root);
  const children = root instanceof Map ? [...root.keys(), ...root.values()] : Object.values(root as object);
  return children.flatMap((child) => reachable(child, seen));
}

const holdsInClear = (drafts: WizardDrafts, secret: string) =>
  reachable(drafts).some((v) => (typeof v === 'string' ? v.includes(secret) : Buffer.from(v).includes(Buffer.from(secret))));

describe('wizard drafts across a lock', () => {
  const secret = `glpat-${'Draft0123456789abcdef'.slice(0, 20)}`;

  it('seals the pasted token at lock and opens it again after unlock', async () => {
    const vault = await newVault();
    const drafts = new WizardDrafts(() => new Date());
    drafts.save({ name: 'ci', kind: 'personal' });
    drafts.paste(secret);
    expect(holdsInClear(drafts, secret)).toBe(true);

    drafts.lock(vault);
    vault.lock();
    expect(holdsInClear(drafts, secret)).toBe(false);
    expect(drafts.get()).toMatchObject({ hasSecret: true, notice: null });

    await vault.unlock(PASSWORD);
    drafts.unseal(vault);
    const stored = drafts.store(vault);
    expect(vault.readSecret(stored.id)).toBe(secret);
    vault.close();
  });

  it('forgets the token, and says so, when the key changed while locked', async () => {
    const vault = await newVault();
    const drafts = new WizardDrafts(() => new Date());
    drafts.paste(secret);
    drafts.lock(vault);
    vault.close();
    // Another process changed the password (a new vault key) while this one was locked.
    const elsewhere = Vault.open(vault.path);
    await elsewhere.unlock(PASSWORD);
    await elsewhere.changePassword(PASSWORD, 'the new one', { kdf: TEST_KDF });
    elsewhere.close();

    const reopened = Vault.open(vault.path);
    await reopened.unlock('the new one');
    drafts.unseal(reopened);
    expect(drafts.get()).toMatchObject({ hasSecret: false, secretPrefix: null, notice: FORGOTTEN_AT_LOCK });
    expect(() => drafts.store(reopened)).toThrow(/Paste the token first/);
    drafts.paste(secret);
    expect(drafts.get()).toMatchObject({ hasSecret: true, notice: null });
    reopened.close();
  });
});

describe('wizard drafts: GitLab differs from what the user entered', () => {
  const secret = 'glpat-Differs0123456789ab';
  /** GitLab as the wizard's verify step sees it: this token is "gitlab-name", read_api + read_repository, expiring 2027-03-01. */
  const gitlab = {
    inspect: async () => ({
      finding: { ok: true, code: null, message: 'GitLab knows this token as “gitlab-name”.', name: 'gitlab-name', scopes: ['read_api', 'read_repository'], expiresAt: '2027-03-01', username: 'dana', active: true },
      facts: { tokenId: 7 },
    }),
  } as unknown as GitLabPort;
  const entered: DraftFields = { name: 'my-label', kind: 'personal', instance: 'https://gitlab.example.com', scopes: ['read_api'], expiresAt: '2027-01-01' };

  it('lists each differing field with its default: the user\'s name, GitLab\'s expiry and scopes', async () => {
    const drafts = new WizardDrafts(() => new Date());
    drafts.save(entered);
    drafts.paste(secret);
    const draft = await drafts.verify(gitlab);
    expect(draft.mismatches).toEqual([]);
    expect(draft.differences).toEqual([
      { field: 'name', mine: 'my-label', gitlab: 'gitlab-name', use: 'mine' },
      { field: 'expiresAt', mine: '2027-01-01', gitlab: '2027-03-01', use: 'gitlab' },
      { field: 'scopes', mine: ['read_api'], gitlab: ['read_api', 'read_repository'], use: 'gitlab' },
    ]);
    const vault = await newVault();
    expect(drafts.store(vault)).toMatchObject({ name: 'my-label', expiresAt: '2027-03-01', scopes: ['read_api', 'read_repository'] });
    vault.close();
  });

  it('stores what the user chose per field', async () => {
    const drafts = new WizardDrafts(() => new Date());
    drafts.save(entered);
    drafts.paste(secret);
    await drafts.verify(gitlab);
    const draft = drafts.save({ choices: { name: 'gitlab', expiresAt: 'mine', scopes: 'mine' } });
    expect(draft.differences.map((d) => d.use)).toEqual(['gitlab', 'mine', 'mine']);
    const vault = await newVault();
    expect(drafts.store(vault)).toMatchObject({ name: 'gitlab-name', expiresAt: '2027-01-01', scopes: ['read_api'] });
    vault.close();
  });

  it('forgets GitLab\'s answer when the address changes: it was about the old one', async () => {
    const drafts = new WizardDrafts(() => new Date());
    drafts.save(entered);
    drafts.paste(secret);
    await drafts.verify(gitlab);
    expect(drafts.save({ name: 'renamed' }).finding).not.toBeNull();
    const moved = drafts.save({ instance: 'https://gitlab.other.example' });
    expect(moved).toMatchObject({ hasSecret: true, finding: null, differences: [] });
  });

  it('forgets the choices when another token is pasted, and offers none when GitLab could not answer', async () => {
    const drafts = new WizardDrafts(() => new Date());
    drafts.save({ ...entered, choices: { name: 'gitlab' } });
    drafts.paste(secret);
    expect(drafts.get()?.fields.choices).toBeUndefined();
    expect(drafts.get()?.differences).toEqual([]);
    const vault = await newVault();
    // Unverified: stored as entered.
    expect(drafts.store(vault)).toMatchObject({ name: 'my-label', expiresAt: '2027-01-01', scopes: ['read_api'] });
    vault.close();
  });
});
