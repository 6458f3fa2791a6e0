// The vault's side of quick unlock: a sealed key opens only the vault it came from, and only
// while that vault still uses it; a refused key leaves the vault locked.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_KDF } from '../../electron/vault/kdf';
import { sealQuickKey } from '../../electron/vault/quick-key';
import { loadSodium } from '../../electron/vault/sodium';
import { Vault } from '../../electron/vault/vault';
import { PASSWORD, tempDir } from '../helpers/vault-fixture';

const attempt = <T>(fn: () => T | Promise<T>) => Promise.resolve().then(fn);
const ringKey = (vault: Vault) => (vault as unknown as { unlocked: { keys: { ring: { copy(i: number): Uint8Array } } } }).unlocked.keys.ring.copy(0);

describe('Vault.unlockWithSealedKey', () => {
  it('opens the vault whose key was sealed, with its tokens', async () => {
    const file = path.join(tempDir(), 'a.db');
    const vault = await Vault.create(file, PASSWORD, { kdf: TEST_KDF });
    vault.add({ name: 'ci', kind: 'other' }, 'glpat-sealed-key-test');
    const wrapping = randomBytes(32);
    const sealed = vault.sealKeyUnder(wrapping);
    vault.close();
    const again = Vault.open(file);
    await again.unlockWithSealedKey(sealed, wrapping);
    expect(again.readSecret(again.find('ci').id)).toBe('glpat-sealed-key-test');
    again.close();
  });

  it("refuses another vault's sealed key, and a wrong wrapping key, and stays locked", async () => {
    const dir = tempDir();
    const a = await Vault.create(path.join(dir, 'a.db'), PASSWORD, { kdf: TEST_KDF });
    const b = await Vault.create(path.join(dir, 'b.db'), PASSWORD, { kdf: TEST_KDF });
    const wrapping = randomBytes(32);
    const sealedA = a.sealKeyUnder(wrapping);
    const sealedB = b.sealKeyUnder(wrapping);
    b.lock();
    await expect(attempt(() => b.unlockWithSealedKey(sealedA, wrapping))).rejects.toMatchObject({ code: 'KEY_REFUSED' });
    await expect(attempt(() => b.unlockWithSealedKey(sealedB, randomBytes(32)))).rejects.toMatchObject({ code: 'KEY_REFUSED' });
    expect(b.isUnlocked).toBe(false);
    a.close();
    b.close();
  });

  it("refuses another vault's key even sealed for this vault's id: the key must open this vault's own data", async () => {
    const sodium = await loadSodium();
    const dir = tempDir();
    const a = await Vault.create(path.join(dir, 'a.db'), PASSWORD, { kdf: TEST_KDF });
    const b = await Vault.create(path.join(dir, 'b.db'), PASSWORD, { kdf: TEST_KDF });
    const wrapping = randomBytes(32);
    const forged = sealQuickKey(sodium, ringKey(a), wrapping, b.vaultId);
    b.lock();
    await expect(attempt(() => b.unlockWithSealedKey(forged, wrapping))).rejects.toMatchObject({ code: 'KEY_REFUSED' });
    expect(b.isUnlocked).toBe(false);
    a.close();
    b.close();
  });

  it('refuses the key of before a password change: same vault, same id, new key', async () => {
    const file = path.join(tempDir(), 'a.db');
    const vault = await Vault.create(file, PASSWORD, { kdf: TEST_KDF });
    const wrapping = randomBytes(32);
    const sealed = vault.sealKeyUnder(wrapping);
    await vault.changePassword(PASSWORD, 'the next password', { kdf: TEST_KDF });
    vault.close();
    const again = Vault.open(file);
    await expect(attempt(() => again.unlockWithSealedKey(sealed, wrapping))).rejects.toMatchObject({ code: 'KEY_REFUSED' });
    expect(again.isUnlocked).toBe(false);
    again.close();
  });
});
