// Vault files are readable and writable by their owner only, whatever the umask: 0600 for
// every file (vault, -wal, -shm, temp and .partial files, backups), 0700 for the backups
// folder. Files made by an older version are tightened when they are next opened. SQLite
// gives -wal, -shm and journals the mode of the database file, so a 0600 vault keeps them 0600.
// Windows has no POSIX modes: there the user-data folder's ACL (the user's profile) protects them.
import fs from 'node:fs';
import { makeFolder } from './folders';

const FILE_MODE = 0o600;
const DIR_MODE = 0o700;
const posix = process.platform !== 'win32';

/** Creates an empty file, owner-only from its first byte; fails if it exists (no clobbering). */
export function createOwnerOnlyFile(file: string): void {
  const fd = fs.openSync(file, 'wx', FILE_MODE);
  try {
    // The umask can only remove bits from 0600, but a umask of 0o400 or worse would leave the owner locked out.
    if (posix) fs.fchmodSync(fd, FILE_MODE);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Writes `text` to `file`, owner-only whether the file is new or is written over: open()'s mode
 * applies only to a file it creates, so an existing file's looser mode is taken away first,
 * before any byte of the new content is in it.
 */
export function writeOwnerOnlyFile(file: string, text: string): void {
  const fd = fs.openSync(file, 'w', FILE_MODE);
  try {
    if (posix) fs.fchmodSync(fd, FILE_MODE);
    fs.writeFileSync(fd, text, 'utf8');
  } finally {
    fs.closeSync(fd);
  }
}

/** Creates the folder (and missing parents) owner-only; an existing folder is tightened. */
export function ensureOwnerOnlyDir(dir: string): void {
  makeFolder(dir, DIR_MODE);
  tightenToOwnerOnly([dir]);
}

/**
 * Removes group and other access from each path that exists and has any; returns the paths it
 * changed, so the caller can say so once (the next open finds nothing to change). Paths it may
 * not change (another owner's folder) are left as they are.
 */
export function tightenToOwnerOnly(paths: string[]): string[] {
  if (!posix) return [];
  const changed: string[] = [];
  for (const target of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(target);
    } catch {
      continue;
    }
    if ((stat.mode & 0o077) === 0) continue;
    try {
      fs.chmodSync(target, stat.isDirectory() ? DIR_MODE : FILE_MODE);
      changed.push(target);
    } catch {
      // Not ours to change (EPERM): leave it, the vault still works.
    }
  }
  return changed;
}

/** The vault file and the side files SQLite keeps beside it. */
export function vaultFiles(file: string): string[] {
  return [file, `${file}-wal`, `${file}-shm`, `${file}-journal`];
}
