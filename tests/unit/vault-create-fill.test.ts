// A bulk import is all or nothing, also when it fails half-way through storing the rows (inside
// the write transaction, after checkMany let every row through): into a new vault (create's
// fill, which writes its temporary file with the log in memory and no syncs of its own) no vault
// and no temporary file is left; into an existing vault nothing changes. The vault create makes
// is, once at its path, an ordinary WAL-mode vault that passes SQLite's integrity check.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { TEST_KDF } from '../../electron/vault/kdf';
import { Vault } from '../../electron/vault/vault';
import { newVault, PASSWORD, tempDir } from '../helpers/vault-fixture';

/** 2,000 tokens whose 1,500th is named as the 10th (case aside): refused only by the insert's unique name tag. */
const itemsFailingAt1500 = () =>
  Array.from({ length: 2000 }, (_, i) => ({ input: { name: i === 1500 ? 'TOKEN-10' : `token-${i}`, kind: 'personal' as const, instance: 'https://gitlab.com' }, secret: `glpat-fill${String(i).padStart(16, '0')}` }));

describe('a bulk import that fails half-way through storing', () => {
  it('into a new vault (create with fill): no vault, no temporary file, and the path is free', async () => {
    const dir = tempDir('tv-fill-');
    const target = path.join(dir, 'new.tokenvault');
    let stored = 0;
    await expect(
      Vault.create(target, PASSWORD, {
        kdf: TEST_KDF,
        fill: (vault) => {
          const checked = vault.checkMany(itemsFailingAt1500());
          vault.addMany(checked, (done) => (stored = done));
        },
      }),
    ).rejects.toMatchObject({ code: 'NAME_TAKEN', message: expect.stringContaining('TOKEN-10') });
    // It got well past the first rows before the refusal.
    expect(stored).toBeGreaterThanOrEqual(1500);
    expect(fs.readdirSync(dir)).toEqual([]);
    const vault = await Vault.create(target, PASSWORD, { kdf: TEST_KDF });
    expect(vault.list()).toEqual([]);
    vault.close();
  });

  it('into an existing vault: the vault is as it was', async () => {
    const vault = await newVault();
    vault.add({ name: 'kept' }, 'glpat-kept0000000000000001');
    expect(() => vault.addMany(itemsFailingAt1500())).toThrow(expect.objectContaining({ code: 'NAME_TAKEN' }));
    expect(vault.list().map((e) => e.name)).toEqual(['kept']);
    const file = vault.path;
    vault.close();
    const again = Vault.open(file);
    await again.unlock(PASSWORD);
    expect(again.list().map((e) => e.name)).toEqual(['kept']);
    again.close();
  });

  it('a vault created with its rows is in WAL mode at its path, whole, and opens with every row', async () => {
    const dir = tempDir('tv-fill-');
    const target = path.join(dir, 'new.tokenvault');
    const items = itemsFailingAt1500().filter((_, i) => i !== 1500);
    const vault = await Vault.create(target, PASSWORD, { kdf: TEST_KDF, fill: (v) => void v.addMany(v.checkMany(items)) });
    vault.close();
    expect(fs.readdirSync(dir)).toEqual(['new.tokenvault']);
    const db = new Database(target, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    const again = Vault.open(target);
    await again.unlock(PASSWORD);
    expect(again.list()).toHaveLength(1999);
    expect(again.readSecret(again.list().find((e) => e.name === 'token-1999')!.id)).toBe('glpat-fill0000000000001999');
    again.close();
  });
});
