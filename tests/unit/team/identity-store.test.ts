// A person's identity is made once, sealed in their vault, and survives what the vault goes through.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_KDF } from '../../../electron/vault/kdf';
import { Vault } from '../../../electron/vault/vault';
import { ensureIdentity, readIdentity } from '../../../electron/team/identity-store';
import { PASSWORD, tempDir } from '../../helpers/vault-fixture';

describe('the identity in a vault', () => {
  it('is made at first use, then the same one every time, and outlives a password change sealed under the new key', async () => {
    const file = path.join(tempDir('tv-identity-'), 'personal.tokenvault');
    const vault = await Vault.create(file, PASSWORD, { kdf: TEST_KDF });
    const first = await ensureIdentity(vault, 'Alice');
    expect(first.made).toBe(true);
    const again = await ensureIdentity(vault, 'someone else');
    expect(again).toEqual({ identity: first.identity, made: false });
    await vault.changePassword(PASSWORD, 'a new master password', { kdf: TEST_KDF });
    vault.close();
    const reopened = Vault.open(file);
    await reopened.unlock('a new master password');
    expect(readIdentity(reopened)).toEqual(first.identity);
    reopened.close();
  }, 60_000);
});
