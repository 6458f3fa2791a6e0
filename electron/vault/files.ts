// File-system steps the vault and its backups share: refuse to create over anything, and
// make renames durable (fsync the file, then its folder).
import fs from 'node:fs';
import path from 'node:path';
import { VaultError } from './errors';

export function assertCreatable(target: string): void {
  const dir = path.dirname(target);
  if (fs.existsSync(target)) throw vaultExists(target);
  if (!fs.existsSync(dir)) throw new VaultError('IO', `The folder ${dir} does not exist; create it first or choose another path.`);
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw new VaultError('IO', `The folder ${dir} is not writable; choose another path.`);
  }
}

export function vaultExists(target: string): VaultError {
  return new VaultError('VAULT_EXISTS', `There is already a vault at ${target}; it was left untouched.`);
}

export function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export function fsyncDir(dir: string): void {
  try {
    fsyncFile(dir);
  } catch {
    // Some platforms (Windows) cannot fsync a directory; the rename is still atomic there.
  }
}
