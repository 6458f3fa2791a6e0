// Verify and restore. A restore never pulls the file out from under another process: the
// backup is copied to a private staging file, verified THERE, and exactly that copy is
// installed in ONE SQLite write transaction on the live vault file, which also keeps the
// vault it replaces. A process holding the vault waits for that transaction (or gets BUSY),
// then reads the restored content through its own connection; its next write lands in the
// restored vault, or is refused when the restore brought another header (vault.ts checks).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { damaged, VaultError } from './errors';
import { readHeader, vaultIdInFile } from './header';
import { fsyncDir, fsyncFile } from './files';
import { makeFolder } from './folders';
import { createOwnerOnlyFile, ensureOwnerOnlyDir } from './owner-only';
import { migrate, SCHEMA_VERSION, schemaVersion } from './schema';
import { loadSodium } from './sodium';
import { guarded, translateSqliteError } from './sqlite-errors';
import { Vault } from './vault';
import { backupFileName, defaultBackupDir, stamp } from './backup-names';

/** Long enough to wait out another process's write; restoring 10,000 entries takes well under it. */
const RESTORE_BUSY_TIMEOUT_MS = 5000;

export interface VerifiedBackup {
  entries: number;
  vaultId: string;
  /** The exact header text, to check that what gets installed is what was verified. */
  headerText: string;
}

export interface RestoreResult {
  restoredEntries: number;
  /** Where the vault it replaced was kept (null when there was none). */
  keptAt: string | null;
}

/**
 * Opens a backup completely, read-only: schema version, header, key (with the password), every
 * overview and every secret authenticated, settings, and SQLite's own integrity check.
 */
export async function verifyBackup(file: string, password: string): Promise<VerifiedBackup> {
  await loadSodium();
  const target = path.resolve(file);
  if (!fs.existsSync(target)) throw new VaultError('NOT_FOUND', `There is no backup at ${target}.`);
  const vault = Vault.open(target, { readOnly: true });
  try {
    const version = guarded(() => schemaVersion(vault.connection));
    if (version > SCHEMA_VERSION) {
      throw new VaultError('NOT_A_VAULT', `This backup was made by a newer Token Vault (schema ${version}; this one reads up to ${SCHEMA_VERSION}); update Token Vault to restore it.`);
    }
    const integrity = guarded(() => vault.connection.pragma('integrity_check', { simple: true }));
    if (integrity !== 'ok') throw damaged('The backup');
    await vault.unlock(password);
    const entries = vault.list();
    for (const entry of entries) vault.readSecret(entry.id);
    vault.getSettings();
    const headerText = (vault.connection.prepare("SELECT value FROM meta WHERE key = 'header'").pluck().get() as string | undefined) ?? '';
    return { entries: entries.length, vaultId: vault.vaultId, headerText };
  } catch (error) {
    if (error instanceof VaultError && error.code === 'DAMAGED') throw damaged('The backup');
    throw error;
  } finally {
    vault.close();
  }
}

/**
 * Replaces the content of the vault at `vaultPath` with a verified backup. The replaced vault is
 * kept in `keepDir` (default: the backups folder beside it) and its path returned.
 */
export async function restoreBackup(vaultPath: string, file: string, password: string, options: { keepDir?: string } = {}): Promise<RestoreResult> {
  const target = path.resolve(vaultPath);
  const source = path.resolve(file);
  if (!fs.existsSync(source)) throw new VaultError('NOT_FOUND', `There is no backup at ${source}.`);
  if (source === target) throw new VaultError('INVALID_INPUT', 'That file is the vault itself, not a backup of it.');
  const keepDir = options.keepDir ?? defaultBackupDir(target);
  const staged = `${target}.restoring-${process.pid}-${Date.now()}`;
  try {
    makeFolder(path.dirname(target));
    // Owner-only from the first byte, whatever mode the backup file has.
    fs.writeFileSync(staged, fs.readFileSync(source), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    fs.rmSync(staged, { force: true });
    throw new VaultError('IO', `The backup could not be copied beside the vault (${(error as NodeJS.ErrnoException).code ?? 'error'}); nothing was changed.`);
  }
  try {
    // Check-then-use: the staged copy is verified, and only that copy is ever installed.
    const verified = await verifyBackup(staged, password);
    guarded(() => {
      const db = new Database(staged, { fileMustExist: true });
      try {
        migrate(db);
        db.pragma('journal_mode = DELETE');
      } finally {
        db.close();
      }
    });
    fsyncFile(staged);
    if (!fs.existsSync(target)) {
      linkInto(staged, target);
      return { restoredEntries: verified.entries, keptAt: null };
    }
    const keptAt = vaultIdInFile(target) === null ? replaceUnreadable(target, staged, keepDir) : installIntoLive(target, staged, verified, keepDir);
    return { restoredEntries: verified.entries, keptAt };
  } finally {
    for (const side of ['', '-journal', '-wal', '-shm']) fs.rmSync(`${staged}${side}`, { force: true });
  }
}

/** The one write transaction that keeps the current vault and installs the staged backup. */
function installIntoLive(target: string, staged: string, verified: VerifiedBackup, keepDir: string): string {
  const live = guarded(() => new Database(target, { fileMustExist: true }));
  try {
    live.pragma(`busy_timeout = ${RESTORE_BUSY_TIMEOUT_MS}`);
    guarded(() => migrate(live));
    guarded(() => live.prepare('ATTACH DATABASE ? AS incoming').run(staged));
    try {
      // From here until COMMIT no other process can write: the kept copy is exactly what is replaced.
      guarded(() => live.exec('BEGIN IMMEDIATE'));
      try {
        const replaced = guarded(() => readHeader(live));
        const keptAt = path.join(keepDir, backupFileName(replaced.header.vaultId, 'replaced'));
        keepCopy(target, keptAt);
        const tables = live.prepare("SELECT name FROM main.sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
        for (const table of tables) {
          live.exec(`DELETE FROM main."${table}"`);
          live.exec(`INSERT INTO main."${table}" SELECT * FROM incoming."${table}"`);
        }
        const installed = readHeader(live);
        const count = live.prepare('SELECT count(*) FROM main.entries').pluck().get();
        if (installed.text !== verified.headerText || count !== verified.entries) throw damaged('The backup');
        live.exec('COMMIT');
        return keptAt;
      } catch (error) {
        if (live.inTransaction) live.exec('ROLLBACK');
        throw error;
      }
    } finally {
      live.exec('DETACH DATABASE incoming');
    }
  } catch (error) {
    throw translateSqliteError(error);
  } finally {
    live.close();
  }
}

/** The committed state of the vault, compacted into one standalone file (VACUUM INTO reads a snapshot). */
function keepCopy(target: string, keptAt: string): void {
  try {
    ensureOwnerOnlyDir(path.dirname(keptAt));
  } catch {
    throw new VaultError('IO', `The vault it would replace cannot be kept in ${path.dirname(keptAt)}; nothing was changed.`);
  }
  const partial = `${keptAt}.partial`;
  fs.rmSync(partial, { force: true });
  try {
    // VACUUM INTO fills an empty file it finds, keeping its owner-only mode.
    createOwnerOnlyFile(partial);
    const reader = new Database(target, { readonly: true, fileMustExist: true });
    try {
      reader.prepare('VACUUM INTO ?').run(partial);
    } finally {
      reader.close();
    }
    fsyncFile(partial);
    fs.renameSync(partial, keptAt);
    fsyncDir(path.dirname(keptAt));
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw translateSqliteError(error);
  }
}


/**
 * The current file is not a vault Token Vault can read (damaged header, or garbage): nothing can
 * hold it open as a vault, so it is moved aside whole (with its write-ahead log) and the backup
 * put in its place. Restore is the remedy for exactly this case, so it must not be refused.
 */
function replaceUnreadable(target: string, staged: string, keepDir: string): string {
  const keptAt = path.join(keepDir, `unreadable-${stamp(new Date())}-replaced${path.extname(target) || '.tokenvault'}`);
  try {
    ensureOwnerOnlyDir(keepDir);
    fs.renameSync(target, keptAt);
    for (const side of ['-wal', '-shm']) if (fs.existsSync(`${target}${side}`)) fs.renameSync(`${target}${side}`, `${keptAt}${side}`);
    fsyncDir(keepDir);
  } catch (error) {
    throw new VaultError('IO', `The unreadable vault could not be moved to ${keepDir} (${(error as NodeJS.ErrnoException).code ?? 'error'}); nothing was changed.`);
  }
  linkInto(staged, target);
  return keptAt;
}

/** Puts the staged file at `target`; link() refuses a file that appeared meanwhile. */
function linkInto(staged: string, target: string): void {
  try {
    fs.linkSync(staged, target);
    fsyncDir(path.dirname(target));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new VaultError('BUSY', `A vault appeared at ${target} during the restore; nothing was changed. Restore again.`);
    throw new VaultError('IO', `The restore could not write ${target} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
}
