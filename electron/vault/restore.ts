// Verify and restore. A restore never pulls the file out from under another process: the
// backup is copied to a private staging file, verified THERE, and exactly that copy is
// installed in ONE SQLite write transaction on the live vault file, which also keeps the
// vault it replaces. A process holding the vault waits for that transaction (or gets BUSY),
// then reads the restored content through its own connection; its next write lands in the
// restored vault, or is refused when the restore brought another header (vault.ts checks).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { damaged, VaultError } from './errors';
import { readHeader, vaultIdInFile } from './header';
import { fsyncDir, fsyncFile } from './files';
import { makeFolder } from './folders';
import { createOwnerOnlyFile, ensureOwnerOnlyDir } from './owner-only';
import { migrate, SCHEMA_VERSION, schemaVersion, VERSIONED_SCHEMA } from './schema';
import { loadSodium } from './sodium';
import { guarded, translateSqliteError } from './sqlite-errors';
import { Vault } from './vault';
import { backupFileName, defaultBackupDir, stamp } from './backup-names';
import { removeLeftoverRestoreCopies, RESTORE_MARK, stagingPath } from './restore-leftovers';

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
  /** The restored vault's id: another vault's when the backup was not made from this one. */
  vaultId: string;
  /** Full copies left beside the vault by restores that were killed before they finished, now deleted. */
  leftoversRemoved: string[];
}

/**
 * Opens a backup completely, read-only: schema version, header, key (with the password), every
 * overview and every secret authenticated, settings, the release log, earlier secrets, the
 * private blobs, and SQLite's own integrity check.
 */
export async function verifyBackup(file: string, password: string): Promise<VerifiedBackup> {
  await loadSodium();
  const target = path.resolve(file);
  if (!fs.existsSync(target)) throw new VaultError('NOT_FOUND', `There is no backup at ${target}.`);
  let vault: Vault | null = null;
  try {
    vault = Vault.open(target, { readOnly: true });
    const version = guarded(() => schemaVersion(vault!.connection));
    if (version > SCHEMA_VERSION) {
      throw new VaultError('NOT_A_VAULT', `This backup was made by a newer Token Vault (schema ${version}; this one reads up to ${SCHEMA_VERSION}); update Token Vault to restore it.`);
    }
    const integrity = guarded(() => vault!.connection.pragma('integrity_check', { simple: true }));
    if (integrity !== 'ok' || cutShort(target)) throw damaged('The backup');
    await vault.unlock(password);
    const entries = vault.listAll(); // the Trash too: every row is checked
    for (const entry of entries) vault.readSecret(entry.id);
    vault.getSettings();
    // The rest of what it holds sealed, each opened: a backup cut or altered there (the release
    // log's rows sit in the last pages) would otherwise restore into a vault that says "damaged".
    // (A backup made by an older version may have neither table: it is migrated at restore.)
    const tables = new Set(guarded(() => vault!.connection.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all()));
    if (tables.has('releases')) vault.releases(-1); // every row, and their count held to the sealed head
    if (tables.has('old_secrets')) for (const entry of entries) vault.oldSecrets(entry.id);
    vault.readSyncState();
    for (const name of ['identity', 'team_state', 'team_journal', 'program_tokens'] as const) vault.readPrivate(name);
    const headerText = (vault.connection.prepare("SELECT value FROM meta WHERE key = 'header'").pluck().get() as string | undefined) ?? '';
    return { entries: entries.length, vaultId: vault.vaultId, headerText };
  } catch (error) {
    throw asBackupError(error);
  } finally {
    vault?.close();
  }
}

/**
 * Whether the file is shorter than its own SQLite header says. SQLite reads a page cut short as
 * zeros, and its integrity check passes when the part cut off was the tail of a row.
 */
function cutShort(file: string): boolean {
  const head = Buffer.alloc(100);
  const fd = fs.openSync(file, 'r');
  try {
    if (fs.readSync(fd, head, 0, 100, 0) < 100) return true;
    const pageSize = head.readUInt16BE(16) === 1 ? 65536 : head.readUInt16BE(16);
    // The header's page count holds only while its "valid for" stamp matches the change counter.
    if (head.readUInt32BE(92) !== head.readUInt32BE(24)) return false;
    return fs.fstatSync(fd).size < pageSize * head.readUInt32BE(28);
  } finally {
    fs.closeSync(fd);
  }
}

/** The vault's sentences, said of the backup: a cut or foreign file is a bad backup, not a damaged vault. */
function asBackupError(error: unknown): unknown {
  const translated = translateSqliteError(error);
  if (!(translated instanceof VaultError)) return translated;
  if (translated.code === 'DAMAGED') return damaged('The backup');
  if (translated.code === 'NOT_A_VAULT' && !/newer Token Vault/.test(translated.message)) return new VaultError('NOT_A_VAULT', 'That file is not a Token Vault backup.');
  return translated;
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
  const leftoversRemoved = removeLeftoverRestoreCopies(target);
  const staged = stagingPath(target);
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
    await bringToCurrentSchema(staged, password);
    markInstalled(staged);
    fsyncFile(staged);
    const done = (keptAt: string | null): RestoreResult => ({ restoredEntries: verified.entries, keptAt, vaultId: verified.vaultId, leftoversRemoved });
    if (!fs.existsSync(target)) {
      linkInto(staged, target);
      return done(null);
    }
    const current = vaultIdInFile(target);
    if (current === null) return done(replaceUnreadable(target, staged, keepDir));
    // The vault it replaces is kept under the restored vault's id (listed, and deleted after a
    // password change, with its backups) when it opens with the same password; another vault
    // with a password of its own is kept under its own id: its tokens may be nowhere else.
    const keepAs = current === verified.vaultId || (await opensWith(target, password)) ? verified.vaultId : current;
    return done(installIntoLive(target, staged, verified, keepDir, keepAs));
  } finally {
    for (const side of ['', '-journal', '-wal', '-shm']) fs.rmSync(`${staged}${side}`, { force: true });
  }
}

/**
 * The staged copy, migrated to this version's schema before it is installed. A backup made by
 * an older version (schema 1) needs the vault key to migrate (its rows are re-sealed with
 * versions): it is unlocked with the backup's password, just verified, as a vault would be at
 * its first unlock. Then it becomes one plain file again (no -wal), as the install expects.
 */
async function bringToCurrentSchema(staged: string, password: string): Promise<void> {
  const keyed = guarded(() => {
    const db = new Database(staged, { fileMustExist: true });
    try {
      if (schemaVersion(db) < VERSIONED_SCHEMA) return true;
      migrate(db);
      return false;
    } finally {
      db.close();
    }
  });
  if (keyed) {
    const vault = Vault.open(staged);
    try {
      await vault.unlock(password);
    } catch (error) {
      throw asBackupError(error);
    } finally {
      vault.close();
    }
  }
  guarded(() => {
    const db = new Database(staged, { fileMustExist: true });
    try {
      db.pragma('journal_mode = DELETE');
    } finally {
      db.close();
    }
  });
}

/** The one write transaction that keeps the current vault and installs the staged backup. */
/** Whether the vault file unlocks with this password (read-only: nothing in it changes). */
async function opensWith(file: string, password: string): Promise<boolean> {
  let vault: Vault | null = null;
  try {
    vault = Vault.open(file, { readOnly: true });
    await vault.unlock(password);
    return true;
  } catch {
    return false;
  } finally {
    vault?.close();
  }
}

/** `keepAs`: the vault id the kept copy of the replaced vault is named by. */
function installIntoLive(target: string, staged: string, verified: VerifiedBackup, keepDir: string, keepAs: string): string {
  const live = guarded(() => new Database(target, { fileMustExist: true }));
  try {
    live.pragma(`busy_timeout = ${RESTORE_BUSY_TIMEOUT_MS}`);
    // The replaced vault's sealed rows are zeroed as they are deleted, not left in free pages.
    live.pragma('secure_delete = ON');
    if (guarded(() => schemaVersion(live)) > SCHEMA_VERSION) throw new VaultError('NOT_A_VAULT', 'This vault was written by a newer Token Vault; update the app to open it.');
    guarded(() => live.prepare('ATTACH DATABASE ? AS incoming').run(staged));
    try {
      // From here until COMMIT no other process can write: the kept copy is exactly what is replaced.
      guarded(() => live.exec('BEGIN IMMEDIATE'));
      try {
        readHeader(live);
        // Named as restoreBackup chose: by the vault that will live in this file, so it is listed
        // (and deleted by `passwd --delete-old-backups`) with that vault's backups, unless it is
        // another vault that does not open with that vault's password.
        const keptAt = path.join(keepDir, backupFileName(keepAs, 'replaced'));
        keepCopy(target, keptAt);
        adoptSchema(live);
        const tables = live.prepare("SELECT name FROM main.sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
        for (const table of tables) {
          live.exec(`DELETE FROM main."${table}"`);
          live.exec(`INSERT INTO main."${table}" SELECT * FROM incoming."${table}"`);
        }
        // A new mark: a process holding the vault sees that the file it unlocked was replaced.
        live.prepare('INSERT INTO main.meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(RESTORE_MARK, randomUUID());
        const installed = readHeader(live);
        const count = live.prepare('SELECT count(*) FROM main.entries').pluck().get();
        if (installed.text !== verified.headerText || count !== verified.entries) throw damaged('The backup');
        live.exec('COMMIT');
        // The replaced rows' page images leave the write-ahead log (best effort: a reader may hold it).
        live.pragma('wal_checkpoint(TRUNCATE)');
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

/**
 * The live file takes the backup's schema (already this version's) inside the install
 * transaction: tables and indexes it lacks are created, and its version set. A live vault of an
 * older schema would otherwise need its own key to migrate, which a restore does not have.
 */
function adoptSchema(live: Database.Database): void {
  const missing = live
    .prepare("SELECT sql FROM incoming.sqlite_schema WHERE type IN ('table', 'index') AND sql IS NOT NULL AND name NOT IN (SELECT name FROM main.sqlite_schema) ORDER BY type DESC")
    .pluck()
    .all() as string[];
  for (const sql of missing) live.exec(sql);
  live.pragma(`main.user_version = ${SCHEMA_VERSION}`);
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
/**
 * Every installed copy carries a new restore mark, a new vault file made from a backup too: sync
 * tells by it that this file is not the device it was copied from (sync/device-renewal.ts).
 */
function markInstalled(staged: string): void {
  const db = guarded(() => new Database(staged, { fileMustExist: true }));
  try {
    guarded(() => db.prepare('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(RESTORE_MARK, randomUUID()));
  } finally {
    db.close();
  }
}

function linkInto(staged: string, target: string): void {
  try {
    fs.linkSync(staged, target);
    fsyncDir(path.dirname(target));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new VaultError('BUSY', `A vault appeared at ${target} during the restore; nothing was changed. Restore again.`);
    throw new VaultError('IO', `The restore could not write ${target} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
}
