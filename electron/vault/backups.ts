// Offline backups: standalone copies of the vault file made with SQLite's online backup API,
// openable with the master password on any machine. Named by the vault's id, so vaults that
// share a backups folder never list or prune each other's. Automatic backups never stop the
// vault from working: callers get a sentence to warn with instead of an error (tryBackup).
// Verify and restore live in restore.ts.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { VaultError } from './errors';
import { vaultIdInFile } from './header';
import { translateSqliteError } from './sqlite-errors';
import { fsyncDir, fsyncFile } from './files';
import { createOwnerOnlyFile, ensureOwnerOnlyDir, tightenToOwnerOnly } from './owner-only';
import { makeFolder } from './folders';
import type { Vault } from './vault';
import { BACKUP_NAME, backupFileName, defaultBackupDir, parseStamp } from './backup-names';

export { BACKUP_EXTENSION, backupFileName } from './backup-names';
export { restoreBackup, verifyBackup, type RestoreResult, type VerifiedBackup } from './restore';

/** Reasons written by Token Vault itself; only these are pruned to the configured count. */
const AUTOMATIC = new Set(['daily', 'before-rm', 'before-import', 'before-restore']);
const DAY_MS = 24 * 60 * 60 * 1000;

export interface BackupInfo {
  file: string;
  createdAt: string;
  reason: string;
  bytes: number;
}

/** Folders chosen on this computer (machine-settings.ts), for the vaults open in this process. */
const localFolders = new WeakMap<Vault, string | null>();

/**
 * Where this open vault's backups go from now on: the folder this computer keeps for it (null:
 * beside the vault). Without one, the setting a vault made by an older version carries is used.
 */
export function useLocalBackupDir(vault: Vault, dir: string | null): void {
  localFolders.set(vault, dir);
}

export function backupDir(vault: Vault): string {
  const local = localFolders.get(vault);
  if (local !== undefined) return local ?? defaultBackupDir(vault.path);
  return vault.getSettings().backupDir ?? defaultBackupDir(vault.path);
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
export async function createBackup(vault: Vault, reason = 'manual', out?: string, at = new Date()): Promise<string> {
  const dir = out ? path.dirname(path.resolve(out)) : backupDir(vault);
  const file = out ? path.resolve(out) : path.join(dir, backupFileName(vault.vaultId, reason, at));
  if (out && fs.existsSync(file)) throw new VaultError('INVALID_INPUT', `${file} already exists; choose another backup file name.`);
  try {
    // The vault's own backups folder is owner-only; a folder named by --out is the user's choice.
    if (out) makeFolder(dir);
    else ensureOwnerOnlyDir(dir);
  } catch {
    throw new VaultError('IO', `The backup folder ${dir} cannot be created.`);
  }
  try {
    await snapshot(vault.connection, file);
  } catch (error) {
    const translated = translateSqliteError(error);
    if (translated instanceof VaultError) throw translated;
    throw new VaultError('IO', `The backup could not be written to ${dir}.`);
  }
  if (!out) pruneBackups(vault, at);
  return file;
}


/** This vault's backups in `dir`, newest first; another vault's backups there are not listed. */
function backupsIn(dir: string, vault: Vault): BackupInfo[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const legacyOwner = path.parse(vault.path).name;
  const found: BackupInfo[] = [];
  for (const name of names) {
    const m = BACKUP_NAME.exec(name);
    const createdAt = m ? parseStamp(m[2]!) : null;
    if (!m || !createdAt) continue;
    const file = path.join(dir, name);
    const ours = m[1] === vault.vaultId || (m[1] === legacyOwner && vaultIdInFile(file) === vault.vaultId);
    if (!ours) continue;
    try {
      found.push({ file, createdAt: createdAt.toISOString(), reason: m[3]!, bytes: fs.statSync(file).size });
    } catch {
      // Removed meanwhile (another process pruning): not a backup any more.
    }
  }
  return found.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export function listBackups(vault: Vault): BackupInfo[] {
  return backupsIn(backupDir(vault), vault);
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
  let moved = 0;
  for (const { file: from } of backupsIn(fromDir, vault)) {
    const to = path.join(toDir, path.basename(from));
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

function pruneBackups(vault: Vault, now = new Date()): void {
  const keep = vault.getSettings().keepBackups;
  // A backup stamped in the future (a clock that was wrong once) counts as the oldest, so it
  // cannot hold a place for ever while the real ones are pruned.
  const age = (b: BackupInfo) => (Date.parse(b.createdAt) > now.getTime() ? -Infinity : Date.parse(b.createdAt));
  const automatic = listBackups(vault)
    .filter((b) => AUTOMATIC.has(b.reason))
    .sort((a, b) => age(b) - age(a));
  for (const old of automatic.slice(keep)) fs.rmSync(old.file, { force: true });
}

/** Called after unlock: at most one automatic backup a day, when they are switched on. */
export async function maybeDailyBackup(vault: Vault, now = new Date()): Promise<string | null> {
  if (!vault.getSettings().autoBackup) return null;
  // Only backups from the past count: one stamped in the future must not stop daily backups.
  const newest = listBackups(vault).find((b) => Date.parse(b.createdAt) <= now.getTime());
  if (newest && now.getTime() - Date.parse(newest.createdAt) < DAY_MS) return null;
  return createBackup(vault, 'daily', undefined, now);
}

/** A safety copy before a destructive change, if automatic backups are on. */
export async function backupBefore(vault: Vault, change: 'rm' | 'import' | 'restore'): Promise<string | null> {
  return vault.getSettings().autoBackup ? createBackup(vault, `before-${change}`) : null;
}

export interface AutomaticBackup {
  file: string | null;
  /** Set when the backup could not be made; the work it guarded goes on. */
  warning: string | null;
}

/** Runs an automatic backup; a failure (an unplugged or read-only folder) becomes a warning. */
export async function tryBackup(make: () => Promise<string | null>): Promise<AutomaticBackup> {
  try {
    return { file: await make(), warning: null };
  } catch (error) {
    const why = error instanceof VaultError ? error.message : 'The backup folder cannot be written.';
    return { file: null, warning: `No automatic backup was made: ${why.charAt(0).toLowerCase()}${why.slice(1)} Check the backups folder in Settings.` };
  }
}
