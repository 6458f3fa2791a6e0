// What a restore leaves behind (issue 18, item 14), from the side of someone who reads the disk
// later: the replaced vault's sealed rows are not left in free pages or the log; a restore killed
// with kill -9 does not leave its full staging copy for ever; the vault it replaced stays listed
// (and is deleted with the other old backups after a password change) even when the backup was
// another vault's; a cut backup is called a damaged backup; an .ics written over a file is
// owner-only like a new one.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createBackup, deleteBackupsMadeBefore, listBackups, restoreBackup, verifyBackup } from '../../electron/vault/backups';
import { writeOwnerOnlyFile } from '../../electron/vault/owner-only';
import { leftoverRestoreCopies } from '../../electron/vault/restore-leftovers';
import { createServices, type MainServices } from '../../electron/services';
import { TEST_KDF } from '../../electron/vault/kdf';
import { Vault } from '../../electron/vault/vault';
import { fileBytes, newVault, PASSWORD, tempDir } from '../helpers/vault-fixture';

function sealedSecret(file: string, name: string, vault: Vault): Buffer {
  const id = vault.find(name).id;
  const db = new Database(file, { readonly: true });
  try {
    return Buffer.from((db.prepare('SELECT secret FROM entries WHERE id = ?').get(id) as { secret: Uint8Array }).secret);
  } finally {
    db.close();
  }
}

const onDisk = (file: string) => Buffer.concat([file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));

/** A process id that is certainly not running: a child that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

/** A backup of another vault (its own id, one token "theirs"), made with PASSWORD. */
async function otherVaultsBackup(): Promise<string> {
  const other = await newVault(tempDir('tv-other-'));
  other.add({ name: 'theirs' }, 's-theirs');
  const backup = await createBackup(other, 'manual');
  other.close();
  return backup;
}

describe('a restore leaves nothing of the replaced vault where it should not be', () => {
  it("the replaced vault's sealed secrets are not left in the file's free pages or its log", async () => {
    const vault = await newVault();
    for (let i = 0; i < 30; i++) vault.add({ name: `kept-${i}` }, `glpat-kept-${i}`);
    const backup = await createBackup(vault, 'manual');
    for (let i = 0; i < 30; i++) vault.add({ name: `later-${i}` }, `glpat-added-after-the-backup-${i}`);
    const later = Array.from({ length: 30 }, (_, i) => sealedSecret(vault.path, `later-${i}`, vault));
    vault.close();
    expect(later.every((blob) => onDisk(vault.path).includes(blob))).toBe(true);

    const { keptAt } = await restoreBackup(vault.path, backup, PASSWORD);
    // The replaced vault is kept whole in its own backup file, and nowhere else.
    expect(later.filter((blob) => onDisk(vault.path).includes(blob))).toEqual([]);
    expect(later.every((blob) => fs.readFileSync(keptAt!).includes(blob))).toBe(true);
  });

  it('a staging copy left by a restore that was killed is removed at the next open and the next restore; a running one is not', async () => {
    const vault = await newVault();
    vault.add({ name: 'a' }, 'sa');
    const backup = await createBackup(vault, 'manual');
    vault.close();
    const killed = `${vault.path}.restoring-${deadPid()}-${Date.now()}`;
    fs.copyFileSync(backup, killed);
    fs.writeFileSync(`${killed}-journal`, 'x');
    // A restore still running in another process (our parent is alive) keeps its copy.
    const running = `${vault.path}.restoring-${process.ppid}-${Date.now()}`;
    fs.copyFileSync(backup, running);
    expect(leftoverRestoreCopies(vault.path)).toEqual([killed]);

    Vault.open(vault.path).close();
    expect(fs.existsSync(killed)).toBe(false);
    expect(fs.existsSync(`${killed}-journal`)).toBe(false);
    expect(fs.existsSync(running)).toBe(true);

    const again = `${vault.path}.restoring-${deadPid()}-${Date.now()}`;
    fs.copyFileSync(backup, again);
    const result = await restoreBackup(vault.path, backup, PASSWORD);
    expect(result.leftoversRemoved).toEqual([again]);
    expect(fs.existsSync(again)).toBe(false);
    // An hour-old copy is abandoned whoever's pid it names.
    const stale = `${vault.path}.restoring-${process.ppid}-${Date.now() - 2 * 60 * 60 * 1000}`;
    fs.copyFileSync(backup, stale);
    expect(leftoverRestoreCopies(vault.path)).toEqual([stale]);
  });

  it("restoring another vault's backup: the replaced vault is listed with the restored vault's backups and deleted with them after a password change", async () => {
    const mine = await newVault();
    mine.add({ name: 'mine' }, 's-mine');
    const mineId = mine.vaultId;
    mine.close();
    const foreign = await otherVaultsBackup();

    const result = await restoreBackup(mine.path, foreign, PASSWORD);
    expect(result.vaultId).not.toBe(mineId);
    const restored = Vault.open(mine.path);
    await restored.unlock(PASSWORD);
    const listed = listBackups(restored);
    expect(listed.map((b) => b.file)).toContain(result.keptAt);
    expect(listed.find((b) => b.file === result.keptAt)?.reason).toBe('replaced');
    // What is listed is what was there: the kept file opens as the vault that was replaced.
    expect(await verifyBackup(result.keptAt!, PASSWORD)).toMatchObject({ vaultId: mineId, entries: 1 });

    const change = await restored.changePassword(PASSWORD, 'a new password after the restore', { kdf: TEST_KDF });
    expect(deleteBackupsMadeBefore(restored, change.changedAt)).toContain(result.keptAt);
    expect(fs.existsSync(result.keptAt!)).toBe(false);
    restored.close();
  });

  it("restoring another vault's backup over a vault with another password: the replaced vault is kept under its own id, and a password change does not delete it", async () => {
    // Its tokens may exist nowhere else, and it does not open with the restored vault's old
    // password: "still opens with the OLD password", then deleting it, would lose them.
    const mine = await Vault.create(path.join(tempDir(), 'vault.tokenvault'), 'the password of mine', { kdf: TEST_KDF });
    mine.add({ name: 'only-here' }, 's-only-here');
    const mineId = mine.vaultId;
    mine.close();
    const foreign = await otherVaultsBackup();

    const result = await restoreBackup(mine.path, foreign, PASSWORD);
    expect(path.basename(result.keptAt!)).toMatch(new RegExp(`^${mineId}-.*-replaced\\.tvbak$`));
    const restored = Vault.open(mine.path);
    await restored.unlock(PASSWORD);
    expect(listBackups(restored).map((b) => b.file)).not.toContain(result.keptAt);
    const change = await restored.changePassword(PASSWORD, 'a new password after the restore', { kdf: TEST_KDF });
    expect(deleteBackupsMadeBefore(restored, change.changedAt)).not.toContain(result.keptAt);
    restored.close();
    expect(await verifyBackup(result.keptAt!, 'the password of mine')).toMatchObject({ vaultId: mineId, entries: 1 });
  });

  it.each([
    ['cut in half', (b: Buffer) => b.subarray(0, Math.floor(b.length / 2))],
    ['cut to its first page', (b: Buffer) => b.subarray(0, 4096)],
  ])('a backup %s is reported as a damaged backup, not a damaged vault', async (_label, cut) => {
    const vault = await newVault();
    for (let i = 0; i < 40; i++) vault.add({ name: `t-${i}`, description: 'x'.repeat(500) }, `glpat-${i}`);
    const backup = await createBackup(vault, 'manual');
    vault.close();
    const bad = path.join(tempDir(), 'cut.tvbak');
    fs.writeFileSync(bad, cut(fs.readFileSync(backup)));
    const before = fileBytes(vault.path);
    await expect(verifyBackup(bad, PASSWORD)).rejects.toMatchObject({ code: 'DAMAGED', message: expect.stringMatching(/^The backup is damaged/) });
    await expect(restoreBackup(vault.path, bad, PASSWORD)).rejects.toMatchObject({ code: 'DAMAGED', message: expect.stringMatching(/^The backup is damaged/) });
    expect(fileBytes(vault.path).equals(before)).toBe(true);
  });

  it('a file that is no backup at all is called that, not "not a vault"', async () => {
    const bad = path.join(tempDir(), 'notes.tvbak');
    const db = new Database(bad);
    db.exec('CREATE TABLE notes(x)');
    db.close();
    await expect(verifyBackup(bad, PASSWORD)).rejects.toMatchObject({ code: 'NOT_A_VAULT', message: 'That file is not a Token Vault backup.' });
  });
});

describe('an .ics written over an existing file', () => {
  let services: MainServices | null = null;
  afterEach(async () => {
    await services?.shutdown();
    services = null;
  });

  it('is owner-only afterwards, as a new one is (the app and the CLI write through the same helper)', async () => {
    const dir = tempDir();
    const ics = path.join(dir, 'token-expiries.ics');
    fs.writeFileSync(ics, 'an older calendar, readable by everyone', { mode: 0o644 });
    fs.chmodSync(ics, 0o644);
    services = createServices({
      vaultPath: path.join(dir, 'vault.tokenvault'), clipboard: { writeSecret: () => undefined, clearIfUnchanged: () => false },
      openExternal: () => undefined, emit: () => undefined, gitlab: null, kdf: TEST_KDF,
      dialogs: { openFile: async () => null, saveFile: async () => ics, chooseFolder: async () => null },
    });
    await services.api.vaultCreate({ password: PASSWORD });
    await services.api.tokensAdd({ entry: { name: 'ci', expiresAt: '2030-01-01' }, secret: 'glpat-ics-mode' });
    await services.api.calendarExportIcs({ withInstance: false, withScopes: false });
    expect(fs.statSync(ics).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(ics, 'utf8')).toContain('BEGIN:VCALENDAR');

    const again = path.join(dir, 'cli.ics');
    fs.writeFileSync(again, 'old', { mode: 0o666 });
    fs.chmodSync(again, 0o666);
    writeOwnerOnlyFile(again, 'BEGIN:VCALENDAR');
    expect(fs.statSync(again).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(again, 'utf8')).toBe('BEGIN:VCALENDAR');
  });
});
