// Rollback and honest messages: an old secret cannot be put back under a newer overview, old
// settings not under a newer counter; a header altered without the key says so; the KDF floor
// holds for everything written; a schema 1 vault opens and is upgraded.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { verifyBackup } from '../../electron/vault/backups';
import { calibrateKdf, paramsFromProbe, TEST_KDF } from '../../electron/vault/kdf';
import { loadSodium } from '../../electron/vault/sodium';
import { Vault } from '../../electron/vault/vault';
import { SCHEMA_VERSION } from '../../electron/vault/schema';
import { newVault, PASSWORD, tempDir } from '../helpers/vault-fixture';

const raw = (file: string) => new Database(file);

function secretBlob(file: string, id: string): Buffer {
  const db = raw(file);
  const row = db.prepare('SELECT secret FROM entries WHERE id = ?').get(id) as { secret: Uint8Array };
  db.close();
  return Buffer.from(row.secret);
}

function meta(file: string, key: string): unknown {
  const db = raw(file);
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: unknown } | undefined;
  db.close();
  return row?.value;
}

function setMeta(file: string, key: string, value: unknown): void {
  const db = raw(file);
  db.prepare('UPDATE meta SET value = ? WHERE key = ?').run(value, key);
  db.close();
}

async function reopen(file: string, password = PASSWORD): Promise<Vault> {
  const vault = Vault.open(file);
  await vault.unlock(password);
  return vault;
}

describe('rollback resistance', () => {
  it('an old secret put back under the newer overview (undoing a rotation) fails to open', async () => {
    const vault = await newVault();
    const entry = vault.add({ name: 'rotated', kind: 'project' }, 'glpat-beforeRotation_000');
    const old = secretBlob(vault.path, entry.id);
    vault.replaceSecret(entry.id, 'glpat-afterRotation_1111', {}, { at: new Date().toISOString(), action: 'rotated' });
    vault.close();

    const db = raw(vault.path);
    db.prepare('UPDATE entries SET secret = ? WHERE id = ?').run(old, entry.id);
    db.close();
    const reopened = await reopen(vault.path);
    expect(reopened.get(entry.id).name).toBe('rotated');
    expect(() => reopened.readSecret(entry.id)).toThrow(expect.objectContaining({ code: 'DAMAGED' }));
    reopened.close();
  });

  it('an edit of the overview alone keeps the secret readable (its version carries over)', async () => {
    const vault = await newVault();
    const entry = vault.add({ name: 'edited', kind: 'other' }, 'glpat-keptAcrossEdits');
    vault.update(entry.id, { description: 'now with a note' });
    vault.close();
    const reopened = await reopen(vault.path);
    expect(reopened.readSecret(entry.id)).toBe('glpat-keptAcrossEdits');
    expect(reopened.get(entry.id)).not.toHaveProperty('secretVersion');
    reopened.close();
  });

  it('old settings put back under a newer counter fail to open', async () => {
    const vault = await newVault();
    const oldSettings = meta(vault.path, 'settings');
    vault.updateSettings({ keepBackups: 3 });
    vault.close();
    setMeta(vault.path, 'settings', oldSettings);
    const reopened = await reopen(vault.path);
    expect(() => reopened.getSettings()).toThrow(expect.objectContaining({ code: 'DAMAGED' }));
    reopened.close();
  });

  it('an open vault refuses settings rolled back underneath it, counter and all', async () => {
    const vault = await newVault();
    const oldSettings = meta(vault.path, 'settings');
    const oldCounter = meta(vault.path, 'settings_counter');
    vault.updateSettings({ autoBackup: false });
    expect(vault.getSettings().autoBackup).toBe(false);
    const db = raw(vault.path);
    db.prepare("UPDATE meta SET value = ? WHERE key = 'settings'").run(oldSettings);
    db.prepare("UPDATE meta SET value = ? WHERE key = 'settings_counter'").run(oldCounter);
    db.close();
    expect(() => vault.getSettings()).toThrow(expect.objectContaining({ code: 'DAMAGED' }));
    vault.close();
  });
});

describe('honest messages for an altered header', () => {
  it('a header rewritten by someone without the key (checksum recomputed) says "wrong password or altered header"', async () => {
    const vault = await newVault();
    vault.close();
    const text = JSON.parse(meta(vault.path, 'header') as string) as { createdAt: string };
    const altered = JSON.stringify({ ...text, createdAt: '2020-01-01T00:00:00.000Z' });
    const wrapped = meta(vault.path, 'wrapped_key') as Uint8Array;
    setMeta(vault.path, 'header', altered);
    setMeta(vault.path, 'header_check', createHash('sha256').update(altered).update(wrapped).digest());
    await expect(reopen(vault.path)).rejects.toMatchObject({ code: 'WRONG_PASSWORD', message: expect.stringMatching(/wrong master password, or the vault's header was altered/i) });
  });
});

describe('KDF floor: never below 2 passes at 64 MiB', () => {
  it('calibration never goes below 2 passes, even for a tiny time budget', async () => {
    const sodium = await loadSodium();
    const params = await calibrateKdf(sodium, 1);
    expect(params.opsLimit).toBeGreaterThanOrEqual(2);
    expect(params.memLimitBytes).toBeGreaterThanOrEqual(64 * 1024 * 1024);
  });

  it('the 64 MiB probe is scaled as a 256 MiB pass four times as long, and never lands below the floor', () => {
    const MiB = 1024 * 1024;
    // One 64 MiB pass in 100 ms: a 256 MiB pass is taken as 400 ms, so 3 passes at 213 MiB for 1 s.
    expect(paramsFromProbe(100, 1000)).toEqual({ alg: 'argon2id13', opsLimit: 3, memLimitBytes: 213 * MiB });
    // A slow or loaded machine: the floor, never less.
    expect(paramsFromProbe(1000, 1000)).toEqual({ alg: 'argon2id13', opsLimit: 2, memLimitBytes: 64 * MiB });
    for (const probeMs of [0, 0.001, 1, 7, 50, 333, 5000, 1e9]) {
      for (const target of [1, 100, 500, 1000, 10_000]) {
        const params = paramsFromProbe(probeMs, target);
        expect(params.opsLimit).toBeGreaterThanOrEqual(2);
        expect(params.memLimitBytes).toBeGreaterThanOrEqual(64 * MiB);
      }
    }
  });

  it('refuses to write a header below the floor, on create and on a password change', async () => {
    const weak = { ...TEST_KDF, opsLimit: 1 };
    await expect(Vault.create(path.join(tempDir(), 'weak.tokenvault'), PASSWORD, { kdf: weak })).rejects.toThrow(/never written/);
    const vault = await newVault();
    await expect(vault.changePassword(PASSWORD, 'next', { kdf: weak })).rejects.toThrow(/never written/);
    vault.close();
  });
});

describe('schema 1 vaults (made by the previous version)', () => {
  const fixture = path.resolve('tests/fixtures/vault-schema-v1.tokenvault');
  const OLD_PASSWORD = 'old vault password';
  const copyFixture = () => {
    const file = path.join(tempDir(), 'old.tokenvault');
    fs.copyFileSync(fixture, file);
    return file;
  };
  const userVersion = (file: string) => {
    const db = new Database(file, { readonly: true });
    const v = db.pragma('user_version', { simple: true });
    db.close();
    return v;
  };

  it('opens read-only without being changed (verify-backup of an old backup)', async () => {
    const file = copyFixture();
    const before = fs.readFileSync(file);
    expect(await verifyBackup(file, OLD_PASSWORD)).toMatchObject({ entries: 2 });
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('opens, keeps every token and setting, and is upgraded to the current schema, with versioned secrets', async () => {
    const file = copyFixture();
    expect(userVersion(file)).toBe(1);
    const vault = Vault.open(file);
    expect(vault.kdfBelowFloor).toBe(true);
    const ids = (() => {
      const db = new Database(file, { readonly: true });
      const rows = db.prepare('SELECT id FROM entries').all() as { id: string }[];
      db.close();
      return rows.map((r) => r.id);
    })();
    const oldBlobs = ids.map((id) => secretBlob(file, id));
    await vault.unlock(OLD_PASSWORD);
    expect(userVersion(file)).toBe(SCHEMA_VERSION);
    expect(vault.list().map((e) => e.name)).toEqual(['ci-deploy', 'registry']);
    expect(vault.readSecret(vault.find('ci-deploy').id)).toBe('glpat-madeByTheOldCode_0001');
    expect(vault.getSettings()).toMatchObject({ keepBackups: 7, autoBackup: false });
    vault.close();
    // Every secret was sealed again under a version: the schema 1 blobs no longer match.
    for (const [i, id] of ids.entries()) expect(secretBlob(file, id).equals(oldBlobs[i]!)).toBe(false);
    expect(meta(file, 'settings_counter')).toBe(1);

    const again = await reopen(file, OLD_PASSWORD);
    expect(again.readSecret(again.find('registry').id)).toBe('glpat-madeByTheOldCode_0002');
    // A password change lifts the KDF to today's floor.
    await again.changePassword(OLD_PASSWORD, 'a new password', { kdf: TEST_KDF });
    expect(again.kdfBelowFloor).toBe(false);
    again.close();
  });
});
