// How backup files are named: <owner>-<stamp>-<reason>.tvbak, where owner is the vault's id
// (older versions used the vault's file name) and the stamp sorts by time as text.
import fs from 'node:fs';
import path from 'node:path';

export const BACKUP_EXTENSION = '.tvbak';
export const BACKUP_NAME = /^(.+)-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z)-([a-z][a-z-]*)\.tvbak$/;

export function defaultBackupDir(vaultPath: string): string {
  return path.join(path.dirname(vaultPath), 'backups');
}

/** 2026-11-25T17-03-12-345Z: sorts by time as text, and is a valid file name everywhere. */
export function stamp(date: Date): string {
  return date.toISOString().replace(/:/g, '-').replace('.', '-');
}

export function parseStamp(text: string): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z$/.exec(text);
  const date = m ? new Date(`${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z`) : null;
  return date && !Number.isNaN(date.getTime()) ? date : null;
}

export function backupFileName(vaultId: string, reason: string, at = new Date()): string {
  return `${vaultId}-${stamp(at)}-${reason}${BACKUP_EXTENSION}`;
}


/**
 * A backup, known by its content, not only its name: backups (and kept copies) are standalone
 * SQLite files in rollback-journal mode, while a live vault is in WAL mode from its creation
 * (byte 18 of the SQLite header: 1 rollback, 2 WAL). A .tvbak name counts too.
 */
export function isBackupFile(file: string): boolean {
  if (path.extname(file).toLowerCase() === BACKUP_EXTENSION) return true;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const head = Buffer.alloc(20);
      fs.readSync(fd, head, 0, 20, 0);
      return head.subarray(0, 16).toString('latin1') === 'SQLite format 3\u0000' && head[18] === 1;
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
}
