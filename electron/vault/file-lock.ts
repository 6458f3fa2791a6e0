// A lock across processes that the system drops when its holder ends, even by kill -9: SQLite's
// own file lock (POSIX fcntl; LockFileEx on Windows) on a small empty database, held by an
// exclusive transaction. Nothing is ever written to it, and nothing here ever deletes it:
// deleting a lock file someone holds lets a second process in. SQLite also refuses a second
// connection of the same process while the first holds the lock.
import Database from 'better-sqlite3';
import { createOwnerOnlyFile, tightenToOwnerOnly } from './owner-only';

/** Held locks: a connection nobody references would be closed by the garbage collector, lock and all. */
const held = new Set<Database.Database>();

/**
 * Takes the lock on `file` (created owner-only if missing) without waiting. Returns the function
 * that gives it back (calling it again does nothing), 'busy' if another holds it, or
 * 'not-a-lock' if the file holds something other than an empty SQLite database.
 */
export function holdFileLock(file: string): (() => void) | 'busy' | 'not-a-lock' {
  // Created owner-only before SQLite sees it (SQLite would use 0644 less the umask). Never opened
  // here when it exists: closing any descriptor of a file drops this process's locks on it.
  try {
    createOwnerOnlyFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    tightenToOwnerOnly([file]);
  }
  const db = new Database(file, { fileMustExist: true, timeout: 0 });
  try {
    // No journal file beside it, even for the length of the lock.
    db.pragma('journal_mode = MEMORY');
    db.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    db.close();
    const code = String((error as { code?: unknown }).code);
    if (code.startsWith('SQLITE_BUSY')) return 'busy';
    if (code === 'SQLITE_NOTADB') return 'not-a-lock';
    throw error;
  }
  held.add(db);
  return () => {
    held.delete(db);
    if (db.open) db.close();
  };
}
