// The vault id the agent's socket is named by: read without opening the vault, leaving no
// -wal/-shm behind and no mode changed, and a foreign file is "not a vault".
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { peekVaultId } from '../../electron/vault/vault-id';
import { newVault, tempDir } from '../helpers/vault-fixture';

describe('peekVaultId', () => {
  it('is the vault\'s id, read without a trace, also after the vault was used in WAL mode', async () => {
    const dir = tempDir();
    const vault = await newVault(dir);
    const id = vault.vaultId;
    vault.add({ name: 'x' }, 'glpat-peek-000000000000');
    vault.close();
    fs.chmodSync(vault.path, 0o644);
    const before = fs.readdirSync(dir).sort();
    expect(peekVaultId(vault.path)).toBe(id);
    expect(fs.readdirSync(dir).sort()).toEqual(before);
    expect(fs.statSync(vault.path).mode & 0o777).toBe(0o644);
  });

  it('refuses what is not a vault, and says when there is nothing there', () => {
    const dir = tempDir();
    const text = path.join(dir, 'notes.txt');
    fs.writeFileSync(text, 'hello');
    expect(() => peekVaultId(text)).toThrow(/is not a Token Vault vault/);
    expect(() => peekVaultId(path.join(dir, 'missing'))).toThrow(/There is no vault at/);
  });
});
