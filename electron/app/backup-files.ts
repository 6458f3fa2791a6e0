// Backups that live where the user says: written through a save dialog (a USB stick, another
// disk) and opened again at once to prove they restore; a backup file picked from anywhere to
// check or restore. The vault's own folder of backups is backups.ts's business.
import { rmSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { BackupInfo } from '../api';
import { checkBackupAgainst } from '../vault/backup-check';
import { BACKUP_EXTENSION, createBackup } from '../vault/backups';
import { VaultError } from '../vault/errors';
import type { Vault } from '../vault/vault';
import { ServiceError } from './errors';

/** vault-2026-11-30.tvbak: the day in the name, so a stick full of them sorts by date. */
export function suggestedBackupName(vaultPath: string, now: Date): string {
  return `${basename(vaultPath, extname(vaultPath))}-${now.toISOString().slice(0, 10)}${BACKUP_EXTENSION}`;
}

/**
 * Writes a backup to `file` (never over an existing file), then reads it back and compares it
 * with the vault (see backup-check.ts).
 */
export async function backupToFile(vault: Vault, file: string): Promise<{ file: string; entries: number }> {
  const target = extname(file) ? file : `${file}${BACKUP_EXTENSION}`;
  let written: string;
  try {
    written = await createBackup(vault, 'manual', target);
  } catch (error) {
    if (error instanceof VaultError && error.code === 'INVALID_INPUT') {
      throw new ServiceError('BACKUP_EXISTS', `${basename(target)} already exists there; choose another name.`);
    }
    throw error;
  }
  const entries = checkBackupWith(vault, written);
  return { file: written, entries };
}

/** The written copy, read back and compared with the vault; a copy that differs is deleted, never left looking good. */
function checkBackupWith(vault: Vault, file: string): number {
  try {
    return checkBackupAgainst(vault, file);
  } catch {
    rmSync(file, { force: true });
    throw new ServiceError('BACKUP_UNREADABLE', `The backup written to ${basename(file)} did not read back the same, so it was deleted; the disk may be failing. Try another place.`);
  }
}

/** A backup file picked by the user, described like the ones in the backups folder. */
export function describePickedBackup(file: string): BackupInfo {
  if (extname(file).toLowerCase() !== BACKUP_EXTENSION) throw new ServiceError('NOT_A_BACKUP', `${basename(file)} is not a Token Vault backup (a ${BACKUP_EXTENSION} file).`);
  let info;
  try {
    info = statSync(file);
  } catch {
    throw new ServiceError('NOT_FOUND', `${basename(file)} cannot be read.`);
  }
  if (!info.isFile()) throw new ServiceError('NOT_A_BACKUP', `${basename(file)} is not a file.`);
  return { file, name: basename(file).slice(0, 255), createdAt: info.mtime.toISOString(), reason: 'picked', sizeBytes: info.size };
}
