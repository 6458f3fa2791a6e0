// The vault's side of sync: merged entries and sync's state land together or not at all, and
// a write another process slipped in between sync's read and its write is never overwritten.
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_KDF } from '../../../electron/vault/kdf';
import type { Vault } from '../../../electron/vault/vault';
import { newVault, PASSWORD } from '../../helpers/vault-fixture';

let vault: Vault;
afterEach(() => vault?.close());

describe('Vault.putSynced', () => {
  it('stores entries under their own ids with sync state, and the state outlives a password change', async () => {
    vault = await newVault();
    const made = vault.add({ name: 'here' }, 'glpat-here-0000000000');
    const remote = { ...made, id: '6f1c2b0e-1111-4222-8333-444455556666', name: 'from elsewhere' };
    vault.putSynced([{ overview: remote, secret: 'glpat-remote-00000000', expected: null }], [], new Uint8Array([1, 2, 3]));
    expect(vault.get(remote.id).name).toBe('from elsewhere');
    expect(vault.readSecret(remote.id)).toBe('glpat-remote-00000000');
    await vault.changePassword(PASSWORD, 'a new password', { kdf: TEST_KDF });
    expect([...vault.readSyncState()!]).toEqual([1, 2, 3]);
  });

  it('writes nothing when an entry moved since sync read it (another process wrote)', async () => {
    vault = await newVault();
    const made = vault.add({ name: 'here' }, 'glpat-here-0000000000');
    const seenBySync = made.updatedAt;
    vault.update(made.id, { description: 'edited by the CLI meanwhile' });
    expect(() => vault.putSynced([{ overview: { ...made, description: 'merged' }, secret: null, expected: seenBySync }], [], new Uint8Array([9]))).toThrow(expect.objectContaining({ code: 'BUSY' }));
    expect(vault.get(made.id).description).toBe('edited by the CLI meanwhile');
    expect(vault.readSyncState()).toBeNull();
  });

  it('a removal is refused too when the entry moved since', async () => {
    vault = await newVault();
    const made = vault.add({ name: 'here' }, 'glpat-here-0000000000');
    vault.update(made.id, { description: 'edited meanwhile' });
    expect(() => vault.putSynced([], [{ id: made.id, expected: made.updatedAt }], null)).toThrow(expect.objectContaining({ code: 'BUSY' }));
    expect(vault.get(made.id).description).toBe('edited meanwhile');
  });
});
