// Schema 7's smaller rows (row-format.ts): a vault written before (32-byte name tags, secrets
// that store their nonce) opens read-only as it is, is converted once at its first unlock,
// reads exactly as before and takes 64 bytes less per token (20 of them twice: the name tag is in its index); the schema 1 fixture ends in the
// same form. The padding is untouched: a secret still fills one 64-byte block.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { type EntryKeys, type EntryRow, normaliseName, openOverview, overviewAd } from '../../electron/vault/entry-codec';
import { encodeOverview } from '../../electron/vault/overview-codec';
import { randomBytes } from 'node:crypto';
import { associatedData, seal } from '../../electron/vault/seal';
import { SCHEMA_VERSION } from '../../electron/vault/schema';
import { sodiumNow } from '../../electron/vault/sodium';
import { keyedHash } from '../../electron/vault/sodium-raw';
import { Vault } from '../../electron/vault/vault';
import { newVault, PASSWORD, tempDir } from '../helpers/vault-fixture';

const keysOf = (vault: Vault) => (vault as unknown as { unlocked: { keys: EntryKeys } }).unlocked.keys;
type FullRow = EntryRow & { secret: Uint8Array };
const rowsOf = (file: string): FullRow[] => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT id, name_tag, overview, secret, created_at, updated_at FROM entries ORDER BY id').all() as FullRow[];
  } finally {
    db.close();
  }
};
const pragma = (file: string, name: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma(name, { simple: true });
  } finally {
    db.close();
  }
};

/** Rewrites every row as schema 6 wrote it: a 32-byte name tag, the secret sealed with its nonce stored. */
function writeAsSchema6(vault: Vault): void {
  const keys = keysOf(vault);
  const db = vault.connection;
  for (const row of db.prepare('SELECT id, name_tag, overview, secret, created_at, updated_at FROM entries').all() as FullRow[]) {
    const { overview, secretTag } = openOverview(sodiumNow(), keys, vault.vaultId, row);
    const secret = vault.readSecret(row.id);
    const version = randomBytes(16).toString('hex');
    const tag = keyedHash(keys.nameKey, overview.trashedAt === undefined ? normaliseName(overview.name) : `\u0000trash\u0000${overview.id}`, 32);
    const sealedOverview = seal(sodiumNow(), keys.entryKey, encodeOverview(overview, version, secretTag), 'overview', overviewAd(vault.vaultId, row.id, row.created_at, row.updated_at, tag));
    const sealedSecret = seal(sodiumNow(), keys.entryKey, secret, 'secret', associatedData(vault.vaultId, row.id, 'secret', version));
    db.prepare('UPDATE entries SET name_tag = ?, overview = ?, secret = ? WHERE id = ?').run(tag, sealedOverview, sealedSecret, row.id);
  }
  db.prepare("DELETE FROM meta WHERE key = 'row_format'").run();
  db.pragma('user_version = 6');
}

async function contents(vault: Vault) {
  const entries = vault.listAll();
  return { entries, secrets: entries.map((e) => vault.readSecret(e.id)), byName: vault.find('ci-deploy').id };
}

describe('schema 7 rows', () => {
  it('a vault from before is read as it is read-only, converted once at its first unlock, reads the same and is 64 bytes a token smaller', async () => {
    const vault = await newVault();
    vault.add({ name: 'ci-deploy', kind: 'project', instance: 'https://gitlab.com', scopes: ['api'], usedIn: ['acme/app:CI_TOKEN'] }, 'glpat-aaaaaaaaaaaaaaaaaaaa');
    vault.add({ name: 'Registry Pull', description: 'ünïcödé' }, 'x'.repeat(63));
    const gone = vault.add({ name: 'old one' }, 'glpat-cccccccccccccccccccc');
    vault.trash(gone.id);
    const before = await contents(vault);
    writeAsSchema6(vault);
    const file = vault.path;
    vault.close();
    const old = rowsOf(file);
    expect(old.map((r) => [r.name_tag.length, r.secret.length, r.secret[0]])).toEqual(old.map(() => [32, 105, 1]));
    expect(pragma(file, 'user_version')).toBe(6);

    // Read-only (verifying or opening a backup): nothing is converted, and names are still found.
    const bytes = fs.readFileSync(file);
    const readOnly = Vault.open(file, { readOnly: true });
    await readOnly.unlock(PASSWORD);
    expect(await contents(readOnly)).toEqual(before);
    readOnly.close();
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);

    const again = Vault.open(file);
    await again.unlock(PASSWORD);
    expect(await contents(again)).toEqual(before);
    again.close();
    const converted = rowsOf(file);
    expect(pragma(file, 'user_version')).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBe(7);
    // Same padding (one 64-byte block for a secret up to 63 bytes), no stored nonce, a 12-byte name tag.
    expect(converted.map((r) => [r.name_tag.length, r.secret.length, r.secret[0]])).toEqual(old.map(() => [12, 81, 2]));
    converted.forEach((r, i) => {
      expect(r.overview.length).toBe(old[i]!.overview.length);
      expect(r.created_at).toBe(old[i]!.created_at);
      expect(r.updated_at).toBe(old[i]!.updated_at);
    });
    expect(fs.statSync(file).size).toBeLessThanOrEqual(bytes.length);

    // Converted once: a later unlock rewrites nothing.
    const third = Vault.open(file);
    await third.unlock(PASSWORD);
    expect(await contents(third)).toEqual(before);
    third.close();
    expect(rowsOf(file).map((r) => Buffer.from(r.secret).toString('hex'))).toEqual(converted.map((r) => Buffer.from(r.secret).toString('hex')));
  });

  it('a name stays unique across the conversion: the converted file refuses a second "ci-deploy"', async () => {
    const vault = await newVault();
    vault.add({ name: 'ci-deploy' }, 'glpat-aaaaaaaaaaaaaaaaaaaa');
    writeAsSchema6(vault);
    const file = vault.path;
    vault.close();
    const again = Vault.open(file);
    await again.unlock(PASSWORD);
    expect(() => again.add({ name: 'CI-Deploy ' }, 'glpat-bbbbbbbbbbbbbbbbbbbb')).toThrow(/already/i);
    again.close();
  });

  it('the schema 1 fixture ends in schema 7 form at its first unlock', async () => {
    const file = path.join(tempDir(), 'old.tokenvault');
    fs.copyFileSync(path.resolve('tests/fixtures/vault-schema-v1.tokenvault'), file);
    const vault = Vault.open(file);
    await vault.unlock('old vault password');
    expect(vault.readSecret(vault.find('registry').id)).toBe('glpat-madeByTheOldCode_0002');
    vault.close();
    expect(rowsOf(file).map((r) => [r.name_tag.length, r.secret[0]])).toEqual([
      [12, 2],
      [12, 2],
    ]);
  });

  it('the same secret stored twice in one row seals to different bytes: each sealing draws its own version, so its own nonce', async () => {
    const vault = await newVault();
    const entry = vault.add({ name: 'a' }, 'glpat-aaaaaaaaaaaaaaaaaaaa');
    const first = Buffer.from(rowsOf(vault.path)[0]!.secret);
    vault.replaceSecret(entry.id, 'glpat-bbbbbbbbbbbbbbbbbbbb', {}, { at: new Date().toISOString(), action: 'edited' });
    vault.replaceSecret(entry.id, 'glpat-aaaaaaaaaaaaaaaaaaaa', {}, { at: new Date().toISOString(), action: 'edited' });
    const third = Buffer.from(rowsOf(vault.path)[0]!.secret);
    expect(third.equals(first)).toBe(false);
    expect(vault.readSecret(entry.id)).toBe('glpat-aaaaaaaaaaaaaaaaaaaa');
    vault.close();
  });
});
