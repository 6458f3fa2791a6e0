// SQLite failures translated into the vault's plain-sentence errors.
import { busy, damaged, VaultError } from './errors';

function sqliteCode(error: unknown): string {
  return typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : '';
}

export function translateSqliteError(error: unknown): unknown {
  if (error instanceof VaultError) return error;
  const code = sqliteCode(error);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return busy();
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return damaged();
  if (code.startsWith('SQLITE_READONLY')) return new VaultError('IO', 'The vault file or its folder is read-only; nothing was changed.');
  if (code === 'SQLITE_FULL') return new VaultError('IO', 'The disk is full; nothing was changed.');
  if (code.startsWith('SQLITE_CANTOPEN')) return new VaultError('IO', 'The vault file cannot be opened; check that its folder exists and is writable.');
  if (code.startsWith('SQLITE_IOERR')) return new VaultError('IO', 'The disk reported an error while using the vault; nothing was changed.');
  return error;
}

/** Runs fn and rethrows any SQLite error as a VaultError. */
export function guarded<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw translateSqliteError(error);
  }
}

export function isUniqueViolation(error: unknown): boolean {
  return sqliteCode(error) === 'SQLITE_CONSTRAINT_UNIQUE';
}
