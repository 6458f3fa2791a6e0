// Nothing left behind on disk: a removed token's sealed bytes are zeroed (secure_delete) and
// the write-ahead log is emptied on lock and close, so a later key compromise cannot revive it.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Vault } from '../../electron/vault/vault';
import { newVault, PASSWORD } from '../helpers/vault-fixture';

function sealedRow(file: string, id: string): { overview: Buffer; secret: Buffer } {
  const db = new Database(file, { readonly: true });
  try {
    const row = db.prepare('SELECT overview, secret FROM entries WHERE id = ?').get(id) as { overview: Uint8Array; secret: Uint8Array };
    return { overview: Buffer.from(row.overview), secret: Buffer.from(row.secret) };
  } finally {
    db.close();
  }
}

function rawBytes(file: string): Buffer {
  return Buffer.concat([file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
}

describe('removed tokens leave no sealed bytes behind', () => {
  it('add, rm, close: neither the sealed secret nor the sealed overview remains in the file or -wal', async () => {
    const vault = await newVault();
    for (let i = 0; i < 20; i++) vault.add({ name: `keep-${i}`, kind: 'other' }, `glpat-keep-${i}`);
    const doomed = vault.add({ name: 'doomed', kind: 'other' }, 'glpat-removedForGood_0000');
    const sealed = sealedRow(vault.path, doomed.id);
    vault.remove(doomed.id);
    vault.close();
    const bytes = rawBytes(vault.path);
    expect(bytes.includes(sealed.secret)).toBe(false);
    expect(bytes.includes(sealed.overview)).toBe(false);
  });

  it('lock alone (the app stays open) empties the log too', async () => {
    const vault = await newVault();
    const doomed = vault.add({ name: 'doomed', kind: 'other' }, 'glpat-removedForGood_1111');
    const sealed = sealedRow(vault.path, doomed.id);
    // A second connection, as the CLI beside the app: its presence keeps the -wal file alive.
    const other = Vault.open(vault.path);
    await other.unlock(PASSWORD);
    vault.remove(doomed.id);
    vault.lock();
    expect(fs.statSync(`${vault.path}-wal`).size).toBe(0);
    expect(rawBytes(vault.path).includes(sealed.secret)).toBe(false);
    other.close();
    vault.close();
  });
});
