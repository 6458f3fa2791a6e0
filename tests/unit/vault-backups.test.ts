import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { backupBefore, createBackup, listBackups, maybeDailyBackup, restoreBackup, verifyBackup } from '../../electron/vault/backups';
import { Vault } from '../../electron/vault/vault';
import { fileBytes, newVault, PASSWORD, tempDir } from '../helpers/vault-fixture';

async function vaultWith(names: string[]) {
  const vault = await newVault();
  for (const name of names) vault.add({ name }, `secret-of-${name}`);
  return vault;
}

describe('offline backups', () => {
  it('restores a backup on a fresh path (another machine) with the same password', async () => {
    const vault = await vaultWith(['a', 'b']);
    const backup = await createBackup(vault, 'manual');
    vault.close();
    expect(path.basename(backup)).toMatch(/^vault-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z-manual\.tvbak$/);

    const elsewhere = path.join(tempDir('tv-other-machine-'), 'restored.tokenvault');
    const result = await restoreBackup(elsewhere, backup, PASSWORD);
    expect(result).toEqual({ restoredEntries: 2, keptAt: null });
    const restored = Vault.open(elsewhere);
    await restored.unlock(PASSWORD);
    expect(restored.list().map((e) => e.name)).toEqual(['a', 'b']);
    expect(restored.readSecret(restored.find('b').id)).toBe('secret-of-b');
    restored.close();
  });

  it('includes changes still in the write-ahead log', async () => {
    const vault = await vaultWith(['a']);
    vault.add({ name: 'fresh' }, 'in-wal');
    const backup = await createBackup(vault, 'manual');
    expect(await verifyBackup(backup, PASSWORD)).toMatchObject({ entries: 2 });
    expect(fs.existsSync(`${backup}-wal`)).toBe(false);
    vault.close();
  });

  it('restore keeps the vault it replaced', async () => {
    const vault = await vaultWith(['old']);
    const backup = await createBackup(vault, 'manual');
    vault.add({ name: 'added-after-backup' }, 's');
    vault.close();
    const { keptAt } = await restoreBackup(vault.path, backup, PASSWORD);
    expect(keptAt).toMatch(/-replaced\.tvbak$/);
    const kept = await verifyBackup(keptAt!, PASSWORD);
    expect(kept.entries).toBe(2);
    const restored = Vault.open(vault.path);
    await restored.unlock(PASSWORD);
    expect(restored.list().map((e) => e.name)).toEqual(['old']);
    restored.close();
  });

  it.each([
    ['truncated', (bytes: Buffer) => bytes.subarray(0, Math.floor(bytes.length / 2)), /DAMAGED|NOT_A_VAULT/],
    ['foreign', () => Buffer.from('PK\u0003\u0004 this is a zip file, not a backup'.repeat(50)), /DAMAGED|NOT_A_VAULT/],
  ])('refuses a %s backup and leaves the vault untouched', async (_label, mangle, code) => {
    const vault = await vaultWith(['keep-me', 'and-me']);
    const backup = await createBackup(vault, 'manual');
    vault.close();
    const bad = path.join(tempDir(), 'bad.tvbak');
    fs.writeFileSync(bad, mangle(fs.readFileSync(backup)));
    const before = fileBytes(vault.path);
    await expect(restoreBackup(vault.path, bad, PASSWORD)).rejects.toMatchObject({ code: expect.stringMatching(code) });
    expect(fileBytes(vault.path).equals(before)).toBe(true);
  });

  it.each(['overview', 'secret'])('refuses a backup with a flipped byte inside an entry %s', async (column) => {
    const vault = await vaultWith(['keep-me', 'and-me']);
    const backup = await createBackup(vault, 'manual');
    vault.close();
    const bytes = fs.readFileSync(backup);
    const db = new Database(backup, { readonly: true });
    const blob = (db.prepare(`SELECT ${column} AS v FROM entries LIMIT 1`).get() as { v: Buffer }).v;
    db.close();
    const at = bytes.indexOf(blob);
    expect(at).toBeGreaterThan(0);
    bytes[at + 30]! ^= 0x01;
    const bad = path.join(tempDir(), 'bad.tvbak');
    fs.writeFileSync(bad, bytes);
    const before = fileBytes(vault.path);
    await expect(verifyBackup(bad, PASSWORD)).rejects.toMatchObject({ code: 'DAMAGED', message: expect.stringMatching(/^The backup is damaged/) });
    await expect(restoreBackup(vault.path, bad, PASSWORD)).rejects.toMatchObject({ code: 'DAMAGED' });
    expect(fileBytes(vault.path).equals(before)).toBe(true);
  });

  it('refuses a backup with the wrong password and leaves the vault untouched', async () => {
    const vault = await vaultWith(['x']);
    const backup = await createBackup(vault, 'manual');
    vault.close();
    const before = fileBytes(vault.path);
    const backupBytes = fileBytes(backup);
    await expect(restoreBackup(vault.path, backup, 'wrong')).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    expect(fileBytes(vault.path).equals(before)).toBe(true);
    expect(fileBytes(backup).equals(backupBytes)).toBe(true);
  });

  it('makes at most one automatic backup a day and prunes automatic ones to the setting', async () => {
    const vault = await vaultWith(['x']);
    vault.updateSettings({ keepBackups: 2 });
    const now = new Date();
    expect(await maybeDailyBackup(vault, now)).not.toBeNull();
    expect(await maybeDailyBackup(vault, now)).toBeNull();
    await createBackup(vault, 'manual');
    for (let i = 0; i < 3; i++) await backupBefore(vault, 'rm');
    const reasons = listBackups(vault).map((b) => b.reason);
    expect(reasons.filter((r) => r !== 'manual')).toHaveLength(2);
    expect(reasons).toContain('manual');
    vault.updateSettings({ autoBackup: false });
    expect(await backupBefore(vault, 'rm')).toBeNull();
    vault.close();
  });

  it('never writes a backup over an existing file', async () => {
    const vault = await vaultWith(['x']);
    const out = path.join(tempDir(), 'mine.tvbak');
    fs.writeFileSync(out, 'precious');
    await expect(createBackup(vault, 'manual', out)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(fs.readFileSync(out, 'utf8')).toBe('precious');
    vault.close();
  });
});
