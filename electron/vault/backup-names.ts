// How backup files are named: <owner>-<stamp>-<reason>.tvbak, where owner is the vault's id
// (older versions used the vault's file name) and the stamp sorts by time as text.
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

