// The vault id the agent's socket is named by: read without opening the vault, leaving no
// -wal/-shm behind and no mode changed, and a foreign file is "not a vault".
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
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
    expect(await peekVaultId(vault.path)).toBe(id);
    expect(fs.readdirSync(dir).sort()).toEqual(before);
    expect(fs.statSync(vault.path).mode & 0o777).toBe(0o644);
  });

  it('refuses what is not a vault, and says when there is nothing there', async () => {
    const dir = tempDir();
    const text = path.join(dir, 'notes.txt');
    fs.writeFileSync(text, 'hello');
    await expect(peekVaultId(text)).rejects.toThrow(/is not a Token Vault vault/);
    await expect(peekVaultId(path.join(dir, 'missing'))).rejects.toThrow(/There is no vault at/);
  });

  it('finds an id that is not on the first pages by reading the header row (SQLite loaded only then)', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'late-header.tokenvault');
    const db = new Database(file);
    db.exec('CREATE TABLE filler(x BLOB)');
    const fill = db.prepare('INSERT INTO filler VALUES (?)');
    for (let i = 0; i < 40; i++) fill.run(Buffer.alloc(4096, 1));
    db.exec('CREATE TABLE meta(key TEXT PRIMARY KEY, value)');
    const id = '0a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d';
    db.prepare("INSERT INTO meta VALUES ('header', ?)").run(JSON.stringify({ format: 1, vaultId: id }));
    db.close();
    expect(fs.readFileSync(file).subarray(0, 64 * 1024).includes(id)).toBe(false);
    expect(await peekVaultId(file)).toBe(id);
  });

  it('passes over a "vaultId" with no whole id after it, and returns the header row\'s', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'decoy.tokenvault');
    const db = new Database(file);
    db.exec('CREATE TABLE meta(key TEXT PRIMARY KEY, value)');
    const id = '0a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d';
    db.prepare("INSERT INTO meta VALUES ('header', ?)").run(JSON.stringify({ format: 1, vaultId: id }));
    // SQLite fills a page from its end: a row inserted later lies earlier in the file. This one
    // names the key with no id after it, then with one cut short.
    db.prepare("INSERT INTO meta VALUES ('a-note', ?)").run('{"vaultId":"not-an-id","x":"vaultId\\":\\"0a1b2c3d-4e5f","y":"\\"vaultId\\":\\"0a1b2c3d"}');
    db.close();
    const head = fs.readFileSync(file).subarray(0, 64 * 1024).toString('latin1');
    const decoy = head.indexOf('"vaultId":"not-an-id');
    expect(decoy).toBeGreaterThan(-1);
    expect(decoy).toBeLessThan(head.indexOf(`"vaultId":"${id}"`));
    expect(await peekVaultId(file)).toBe(id);
  });
});
