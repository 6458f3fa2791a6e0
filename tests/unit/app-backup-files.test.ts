import { copyFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupToFile, describePickedBackup, suggestedBackupName } from '../../electron/app/backup-files';
import { checkBackupAgainst } from '../../electron/vault/backup-check';
import { verifyBackup } from '../../electron/vault/backups';
import type { Vault } from '../../electron/vault/vault';
import { newVault, PASSWORD, tempDir } from '../helpers/vault-fixture';

describe('backups to a place of the user’s choice', () => {
  let dir: string;
  let vault: Vault;
  beforeEach(async () => {
    dir = tempDir();
    vault = await newVault(dir);
    vault.add({ name: 'a' }, 'glpat-a');
    vault.add({ name: 'b' }, 'glpat-b');
  });
  afterEach(() => {
    vault.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the backup, reads it back, and it opens with the master password', async () => {
    const file = join(dir, 'stick', 'copy.tvbak');
    expect(await backupToFile(vault, file)).toEqual({ file, entries: 2 });
    expect(await verifyBackup(file, PASSWORD)).toMatchObject({ entries: 2 });
  });

  it('adds the extension when the name has none, and never overwrites', async () => {
    expect((await backupToFile(vault, join(dir, 'plain'))).file).toBe(join(dir, 'plain.tvbak'));
    await expect(backupToFile(vault, join(dir, 'plain.tvbak'))).rejects.toMatchObject({ code: 'BACKUP_EXISTS' });
  });

  it('the read-back check catches a copy that differs from the vault by one byte', async () => {
    const file = join(dir, 'copy.tvbak');
    await backupToFile(vault, file);
    const tampered = join(dir, 'tampered.tvbak');
    copyFileSync(file, tampered);
    const db = new Database(tampered);
    db.prepare("UPDATE entries SET secret = zeroblob(length(secret)) WHERE rowid = (SELECT min(rowid) FROM entries)").run();
    db.close();
    expect(checkBackupAgainst(vault, file)).toBe(2);
    expect(() => checkBackupAgainst(vault, tampered)).toThrow(expect.objectContaining({ code: 'DAMAGED' }));
  });

  it.each([
    ['a release log row', "UPDATE releases SET sealed = zeroblob(length(sealed))"],
    ['an earlier secret', "UPDATE old_secrets SET sealed = zeroblob(length(sealed))"],
  ])('the read-back check catches a copy that differs in %s', async (_label, change) => {
    const a = vault.find('a').id;
    vault.replaceSecret(a, 'glpat-a-2', {}, { at: new Date().toISOString(), action: 'rotated' });
    vault.logRelease({ at: new Date().toISOString(), entryId: a, entryName: 'a', purpose: 'copy', command: 'copy', peerPid: 42, peerExe: '/usr/bin/node', via: 'cli' });
    const file = join(dir, 'copy.tvbak');
    await backupToFile(vault, file);
    const tampered = join(dir, 'tampered.tvbak');
    copyFileSync(file, tampered);
    const db = new Database(tampered);
    expect(db.prepare(change).run().changes).toBe(1);
    db.close();
    expect(checkBackupAgainst(vault, file)).toBe(2);
    expect(() => checkBackupAgainst(vault, tampered)).toThrow(expect.objectContaining({ code: 'DAMAGED' }));
  });

  it('suggests a dated name, and describes a picked file only if it is a .tvbak', () => {
    expect(suggestedBackupName('/x/vault.tokenvault', new Date('2026-11-30T10:00:00Z'))).toBe('vault-2026-11-30.tvbak');
    const other = join(dir, 'notes.txt');
    writeFileSync(other, 'x');
    expect(() => describePickedBackup(other)).toThrow(expect.objectContaining({ code: 'NOT_A_BACKUP' }));
    expect(() => describePickedBackup(join(dir, 'gone.tvbak'))).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(existsSync(other)).toBe(true);
  });
});
