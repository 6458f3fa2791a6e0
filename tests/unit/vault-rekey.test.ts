// A password change must change the key: an old copy of the file plus the old password opens
// nothing stored after the change, and the old wrapped key is gone from the file and its log.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { TEST_KDF } from '../../electron/vault/kdf';
import { Vault } from '../../electron/vault/vault';
import { newVault, PASSWORD, tempDir } from '../helpers/vault-fixture';

const NEW_PASSWORD = 'a new and better passphrase';
const AFTER = 'glpat-storedAfterTheChange_123';

function metaBlob(file: string, key: string): Buffer {
  const db = new Database(file, { readonly: true });
  try {
    return Buffer.from((db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: Uint8Array }).value);
  } finally {
    db.close();
  }
}

/** The vault file and its write-ahead log, as raw bytes: what a thief or a sync folder gets. */
function rawBytes(file: string): Buffer {
  const parts = [file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f));
  return Buffer.concat(parts);
}

/** Copies the header rows of `from` into `into`: an attacker with an old copy and the old password. */
function spliceOldHeader(from: string, into: string): void {
  const db = new Database(into);
  const put = db.prepare('UPDATE meta SET value = ? WHERE key = ?');
  const old = new Database(from, { readonly: true });
  for (const row of old.prepare("SELECT key, value FROM meta WHERE key IN ('header', 'wrapped_key', 'header_check')").all() as { key: string; value: unknown }[]) put.run(row.value, row.key);
  old.close();
  db.close();
}

describe('password change re-keys the vault', () => {
  it('an old copy of the file plus the old password opens no secret stored after the change', async () => {
    const vault = await newVault();
    const before = vault.add({ name: 'before', kind: 'other' }, 'glpat-storedBeforeTheChange_1');
    const copy = path.join(tempDir(), 'old-copy.tokenvault');
    vault.close();
    fs.copyFileSync(vault.path, copy);

    const live = Vault.open(vault.path);
    await live.unlock(PASSWORD);
    await live.changePassword(PASSWORD, NEW_PASSWORD, { kdf: TEST_KDF });
    const after = live.add({ name: 'after', kind: 'other' }, AFTER);
    expect(live.readSecret(before.id)).toBe('glpat-storedBeforeTheChange_1');
    live.close();

    // The attacker puts the old header (old password, old wrapped key) on the new file.
    spliceOldHeader(copy, vault.path);
    const attacked = Vault.open(vault.path);
    await attacked.unlock(PASSWORD);
    expect(() => attacked.readSecret(after.id)).toThrow(expect.objectContaining({ code: 'DAMAGED' }));
    expect(() => attacked.readSecret(before.id)).toThrow(expect.objectContaining({ code: 'DAMAGED' }));
    expect(() => attacked.list()).toThrow(expect.objectContaining({ code: 'DAMAGED' }));
    attacked.close();
  });

  it('leaves neither the old wrapped key nor an old sealed row in the file or its log', async () => {
    const vault = await newVault();
    const entry = vault.add({ name: 'ci', kind: 'other' }, 'glpat-sealedUnderTheOldKey_42');
    vault.close();
    const oldWrapped = metaBlob(vault.path, 'wrapped_key');
    const oldSecret = (() => {
      const db = new Database(vault.path, { readonly: true });
      const row = db.prepare('SELECT secret FROM entries WHERE id = ?').get(entry.id) as { secret: Uint8Array };
      db.close();
      return Buffer.from(row.secret);
    })();

    const live = Vault.open(vault.path);
    await live.unlock(PASSWORD);
    const change = await live.changePassword(PASSWORD, NEW_PASSWORD, { kdf: TEST_KDF });
    expect(change).toMatchObject({ entries: 1, checkpointed: true });
    // Still open, as the app would be: the scan must hold for the live file and its -wal.
    const bytes = rawBytes(vault.path);
    expect(bytes.includes(oldWrapped)).toBe(false);
    expect(bytes.includes(oldSecret)).toBe(false);
    expect(live.readSecret(entry.id)).toBe('glpat-sealedUnderTheOldKey_42');
    live.close();

    const reopened = Vault.open(vault.path);
    await expect(reopened.unlock(PASSWORD)).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    await reopened.unlock(NEW_PASSWORD);
    expect(reopened.list().map((e) => e.name)).toEqual(['ci']);
    expect(reopened.find('CI').id).toBe(entry.id);
    expect(reopened.getSettings().keepBackups).toBeGreaterThan(0);
    reopened.close();
  });

  it('refuses a wrong current password or an empty new one and changes nothing on disk', async () => {
    const vault = await newVault();
    vault.add({ name: 'x', kind: 'other' }, 'glpat-x');
    const wrapped = metaBlob(vault.path, 'wrapped_key');
    await expect(vault.changePassword('wrong', NEW_PASSWORD, { kdf: TEST_KDF })).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    await expect(vault.changePassword(PASSWORD, '', { kdf: TEST_KDF })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(metaBlob(vault.path, 'wrapped_key').equals(wrapped)).toBe(true);
    vault.close();
  });

  it('a second process holding the old key is locked out instead of writing rows nobody can open', async () => {
    const vault = await newVault();
    const entry = vault.add({ name: 'shared', kind: 'other' }, 'glpat-shared');
    const other = Vault.open(vault.path);
    await other.unlock(PASSWORD);
    expect(other.list()).toHaveLength(1);

    await vault.changePassword(PASSWORD, NEW_PASSWORD, { kdf: TEST_KDF });
    expect(() => other.add({ name: 'stale', kind: 'other' }, 'glpat-stale')).toThrow(expect.objectContaining({ code: 'LOCKED', message: expect.stringMatching(/changed by another Token Vault process/) }));
    expect(other.isUnlocked).toBe(false);
    await other.unlock(NEW_PASSWORD);
    expect(other.readSecret(entry.id)).toBe('glpat-shared');
    other.close();
    expect(vault.list().map((e) => e.name)).toEqual(['shared']);
    vault.close();
  });
});
