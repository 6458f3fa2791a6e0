// Offline backups: standalone copies of the vault file made with SQLite's online backup API,
// openable with the master password on any machine. Restore verifies a backup completely
// before anything is replaced, swaps files atomically, and keeps the vault it replaced.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { damaged, VaultError } from './errors';
import { loadSodium } from './sodium';
import { guarded, translateSqliteError } from './sqlite-errors';
import { fsyncDir, fsyncFile } from './files';
import { createOwnerOnlyFile, ensureOwnerOnlyDir, tightenToOwnerOnly } from './owner-only';
import { makeFolder } from './folders';
import { Vault } from './vault';

export const BACKUP_EXTENSION = '.tvbak';
/** Reasons written by Token Vault itself; only these are pruned to the configured count. */
const AUTOMATIC = new Set(['daily', 'before-rm', 'before-import', 'before-restore']);
const DAY_MS = 24 * 60 * 60 * 1000;

export interface BackupInfo {
  file: string;
  createdAt: string;
  reason: string;
  bytes: number;
}

export function backupDir(vault: Vault): string {
  return vault.getSettings().backupDir ?? path.join(path.dirname(vault.path), 'backups');
}

/** 2026-11-25T17-03-12-345Z: sorts by time as text, and is a valid file name everywhere. */
function stamp(date: Date): string {
  return date.toISOString().replace(/:/g, '-').replace('.', '-');
}

function parseStamp(text: string): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z$/.exec(text);
  return m ? new Date(`${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z`) : null;
}

/** Copies a live SQLite database (WAL included) to `to` as one standalone, fsynced file. */
async function snapshot(db: Database.Database, to: string): Promise<void> {
  const temp = `${to}.partial`;
  fs.rmSync(temp, { force: true });
  try {
    createOwnerOnlyFile(temp);
    await db.backup(temp);
    // A backup is one file: no -wal beside it, so it can be copied and opened read-only.
    const copy = new Database(temp);
    copy.pragma('journal_mode = DELETE');
    copy.close();
    fsyncFile(temp);
    fs.renameSync(temp, to);
    fsyncDir(path.dirname(to));
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

/** Writes a backup and returns its path. Automatic ones are pruned to the last N. */
export async function createBackup(vault: Vault, reason = 'manual', out?: string): Promise<string> {
  const dir = out ? path.dirname(path.resolve(out)) : backupDir(vault);
  const file = out ? path.resolve(out) : path.join(dir, `${path.parse(vault.path).name}-${stamp(new Date())}-${reason}${BACKUP_EXTENSION}`);
  if (out && fs.existsSync(file)) throw new VaultError('INVALID_INPUT', `${file} already exists; choose another backup file name.`);
  try {
    // The vault's own backups folder is owner-only; a folder named by --out is the user's choice.
    if (out) makeFolder(dir);
    else ensureOwnerOnlyDir(dir);
  } catch {
    throw new VaultError('IO', `The backup folder ${dir} cannot be created.`);
  }
  await guardedAsync(() => snapshot(vault.connection, file));
  if (!out) pruneBackups(vault);
  return file;
}

export function listBackups(vault: Vault): BackupInfo[] {
  const dir = backupDir(vault);
  if (!fs.existsSync(dir)) return [];
  const prefix = `${path.parse(vault.path).name}-`;
  const found: BackupInfo[] = [];
  for (const name of fs.readdirSync(dir)) {
    if (!name.startsWith(prefix) || !name.endsWith(BACKUP_EXTENSION)) continue;
    const rest = name.slice(prefix.length, -BACKUP_EXTENSION.length);
    const createdAt = parseStamp(rest.slice(0, 24));
    if (!createdAt) continue;
    const file = path.join(dir, name);
    found.push({ file, createdAt: createdAt.toISOString(), reason: rest.slice(25), bytes: fs.statSync(file).size });
  }
  return found.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/**
 * After a password change: deletes every backup of this vault made before `changedAt` (they
 * open with the old password). Returns the files deleted. Kept apart from restore on purpose.
 */
export function deleteBackupsMadeBefore(vault: Vault, changedAt: string): string[] {
  const cutoff = Date.parse(changedAt);
  const deleted: string[] = [];
  for (const old of listBackups(vault)) {
    if (Date.parse(old.createdAt) >= cutoff) continue;
    fs.rmSync(old.file, { force: true });
    deleted.push(old.file);
  }
  return deleted;
}

/** Backups and their folder made owner-only (those written by older versions were not). */
export function tightenBackups(vault: Vault): string[] {
  const dir = backupDir(vault);
  if (!fs.existsSync(dir)) return [];
  return tightenToOwnerOnly([dir, ...listBackups(vault).map((b) => b.file)]);
}

/**
 * After the backups folder changed: moves this vault's backups from `fromDir` into the
 * current folder, so they stay listed (and restorable) in one place. A backup whose name is
 * taken in the new folder stays where it was. Returns how many moved.
 */
export function moveBackups(vault: Vault, fromDir: string): number {
  const toDir = backupDir(vault);
  if (path.resolve(fromDir) === path.resolve(toDir) || !fs.existsSync(fromDir)) return 0;
  const prefix = `${path.parse(vault.path).name}-`;
  let moved = 0;
  for (const name of fs.readdirSync(fromDir)) {
    if (!name.startsWith(prefix) || !name.endsWith(BACKUP_EXTENSION)) continue;
    const from = path.join(fromDir, name);
    const to = path.join(toDir, name);
    if (fs.existsSync(to)) continue;
    try {
      fs.renameSync(from, to);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw new VaultError('IO', `The backup ${from} could not be moved to ${toDir}.`);
      // Another disk: copy, make it durable, then remove the original.
      fs.copyFileSync(from, to, fs.constants.COPYFILE_EXCL);
      fsyncFile(to);
      fs.rmSync(from);
    }
    moved += 1;
  }
  if (moved) fsyncDir(toDir);
  return moved;
}

function pruneBackups(vault: Vault): void {
  const keep = vault.getSettings().keepBackups;
  const automatic = listBackups(vault).filter((b) => AUTOMATIC.has(b.reason));
  for (const old of automatic.slice(keep)) fs.rmSync(old.file, { force: true });
}

/** Called after unlock: at most one automatic backup a day, when they are switched on. */
export async function maybeDailyBackup(vault: Vault, now = new Date()): Promise<string | null> {
  if (!vault.getSettings().autoBackup) return null;
  const newest = listBackups(vault)[0];
  if (newest && now.getTime() - Date.parse(newest.createdAt) < DAY_MS) return null;
  return createBackup(vault, 'daily');
}

/** A safety copy before a destructive change, if automatic backups are on. */
export async function backupBefore(vault: Vault, change: 'rm' | 'import' | 'restore'): Promise<string | null> {
  return vault.getSettings().autoBackup ? createBackup(vault, `before-${change}`) : null;
}

export interface VerifiedBackup {
  entries: number;
  vaultId: string;
}

/**
 * Opens a backup completely, read-only: header, key (with the password), every overview and
 * every secret authenticated, settings, and SQLite's own integrity check.
 */
export async function verifyBackup(file: string, password: string): Promise<VerifiedBackup> {
  await loadSodium();
  const target = path.resolve(file);
  if (!fs.existsSync(target)) throw new VaultError('NOT_FOUND', `There is no backup at ${target}.`);
  const vault = Vault.open(target, { readOnly: true });
  try {
    const integrity = guarded(() => vault.connection.pragma('integrity_check', { simple: true }));
    if (integrity !== 'ok') throw damaged('The backup');
    await vault.unlock(password);
    const entries = vault.list();
    for (const entry of entries) vault.readSecret(entry.id);
    vault.getSettings();
    return { entries: entries.length, vaultId: vault.vaultId };
  } catch (error) {
    if (error instanceof VaultError && error.code === 'DAMAGED') throw damaged('The backup');
    throw error;
  } finally {
    vault.close();
  }
}

/**
 * Replaces the vault at `vaultPath` with a verified backup. The replaced vault is kept as a
 * backup beside the others (its path is returned); a vault held by another process is refused.
 */
export async function restoreBackup(vaultPath: string, file: string, password: string): Promise<{ restoredEntries: number; keptAt: string | null }> {
  const target = path.resolve(vaultPath);
  const verified = await verifyBackup(file, password);
  makeFolder(path.dirname(target));

  let keptAt: string | null = null;
  if (fs.existsSync(target)) {
    const current = guarded(() => new Database(target, { fileMustExist: true }));
    try {
      current.pragma('busy_timeout = 500');
      keptAt = path.join(path.dirname(target), 'backups', `${path.parse(target).name}-${stamp(new Date())}-replaced${BACKUP_EXTENSION}`);
      ensureOwnerOnlyDir(path.dirname(keptAt));
      await guardedAsync(() => snapshot(current, keptAt!));
      // Fold the write-ahead log into the file and empty it, so no stale -wal survives the swap.
      const [result] = guarded(() => current.pragma('wal_checkpoint(TRUNCATE)')) as { busy: number }[];
      if (result && result.busy !== 0) {
        throw new VaultError('BUSY', 'The vault is open in another Token Vault process; close it and restore again.');
      }
    } finally {
      current.close();
    }
  }

  const temp = `${target}.restoring-${process.pid}`;
  try {
    fs.copyFileSync(path.resolve(file), temp);
    // copyFile gives the copy the source's mode; a backup from an older version may be 0644.
    tightenToOwnerOnly([temp]);
    fsyncFile(temp);
    fs.renameSync(temp, target);
    for (const side of ['-wal', '-shm']) fs.rmSync(`${target}${side}`, { force: true });
    fsyncDir(path.dirname(target));
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw new VaultError('IO', `The restore could not write ${target}: ${(error as Error).message}`);
  }
  return { restoredEntries: verified.entries, keptAt };
}

async function guardedAsync<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw translateSqliteError(error);
  }
}
