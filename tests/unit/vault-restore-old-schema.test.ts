// A backup made by the previous version (schema 1) verifies as intact, so it must also restore
// (issue 18, item 13): the staged copy is migrated with the backup's own password (its rows are
// re-sealed with versions, as at a first unlock) and installed — on a fresh machine, over a
// current vault, and over a schema 1 vault that was never unlocked by this version.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { restoreBackup, verifyBackup } from '../../electron/vault/backups';
import { SCHEMA_VERSION } from '../../electron/vault/schema';
import { Vault } from '../../electron/vault/vault';
import { newVault, PASSWORD, tempDir } from '../helpers/vault-fixture';

const FIXTURE = path.resolve('tests/fixtures/vault-schema-v1.tokenvault');
const OLD_PASSWORD = 'old vault password';

function oldBackup(): string {
  const file = path.join(tempDir('tv-old-backup-'), 'from-the-old-version.tvbak');
  fs.copyFileSync(FIXTURE, file);
  return file;
}

const userVersion = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma('user_version', { simple: true });
  } finally {
    db.close();
  }
};

async function contents(file: string, password: string) {
  const vault = Vault.open(file);
  try {
    await vault.unlock(password);
    return { names: vault.list().map((e) => e.name), secret: vault.readSecret(vault.find('registry').id), settings: vault.getSettings() };
  } finally {
    vault.close();
  }
}

describe('restoring a backup made by the previous version (schema 1)', () => {
  it('restores on a fresh machine: every token, secret and setting, at the current schema; the backup file is untouched', async () => {
    const backup = oldBackup();
    const before = fs.readFileSync(backup);
    const target = path.join(tempDir(), 'vault.tokenvault');
    expect(await restoreBackup(target, backup, OLD_PASSWORD)).toMatchObject({ restoredEntries: 2, keptAt: null });
    expect(userVersion(target)).toBe(SCHEMA_VERSION);
    expect(await contents(target, OLD_PASSWORD)).toMatchObject({ names: ['ci-deploy', 'registry'], secret: 'glpat-madeByTheOldCode_0002', settings: { keepBackups: 7, autoBackup: false } });
    expect(fs.readFileSync(backup).equals(before)).toBe(true);
    expect(fs.existsSync(`${backup}-wal`)).toBe(false);
  });

  it('restores over a current vault, keeping it', async () => {
    const vault = await newVault();
    vault.add({ name: 'today' }, 's-today');
    vault.close();
    const { keptAt, restoredEntries } = await restoreBackup(vault.path, oldBackup(), OLD_PASSWORD);
    expect(restoredEntries).toBe(2);
    expect(userVersion(vault.path)).toBe(SCHEMA_VERSION);
    expect((await contents(vault.path, OLD_PASSWORD)).names).toEqual(['ci-deploy', 'registry']);
    expect(await verifyBackup(keptAt!, PASSWORD)).toMatchObject({ entries: 1 });
  });

  it('restores over a schema 1 vault this version never unlocked', async () => {
    const live = path.join(tempDir(), 'old-live.tokenvault');
    fs.copyFileSync(FIXTURE, live);
    const other = await newVault(tempDir());
    other.add({ name: 'registry' }, 'glpat-from-a-current-backup');
    other.close();
    const { createBackup } = await import('../../electron/vault/backups');
    const reopened = Vault.open(other.path);
    await reopened.unlock(PASSWORD);
    const backup = await createBackup(reopened, 'manual');
    reopened.close();

    const { keptAt } = await restoreBackup(live, backup, PASSWORD);
    expect(userVersion(live)).toBe(SCHEMA_VERSION);
    expect(await contents(live, PASSWORD)).toMatchObject({ names: ['registry'], secret: 'glpat-from-a-current-backup' });
    // The replaced schema 1 vault is kept as it was, and still opens with its password.
    expect(await verifyBackup(keptAt!, OLD_PASSWORD)).toMatchObject({ entries: 2 });
  });

  it('a wrong password for the old backup changes nothing', async () => {
    const vault = await newVault();
    vault.close();
    const before = fs.readFileSync(vault.path);
    await expect(restoreBackup(vault.path, oldBackup(), 'not the old password')).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    expect(fs.readFileSync(vault.path).equals(before)).toBe(true);
  });
});
