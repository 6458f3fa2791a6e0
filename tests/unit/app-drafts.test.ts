// The wizard's draft across a lock: the pasted token (GitLab shows it once) is kept, but sealed
// under the vault key while the vault is locked, never in clear; a key that changed meanwhile
// means it is forgotten and the draft says why.
import { describe, expect, it } from 'vitest';
import { FORGOTTEN_AT_LOCK, WizardDrafts } from '../../electron/app/drafts';
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
