// The app's import: main opens the file the user picked in a native dialog, reads it row by row,
// and shows the renderer a preview (how many, which names clash, which rows are refused and
// why); nothing of the file but names and counts ever leaves the main side. The commit runs
// in one transaction after an automatic backup. A file that is itself locked (a KeePassXC
// database) says so first and is read once its password is given: formats plug in as
// ImportFormat entries.
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { ImportPreview } from '../api';
import { backupBefore, tryBackup } from '../vault/backups';
import { normaliseName } from '../vault/entry-codec';
import { validateNewEntry, validateSecret } from '../vault/entry-input';
import { AlreadyStored, VaultError } from '../vault/errors';
import { readImportRows, type ImportItem, type ImportRow } from '../vault/import-formats';
import { folderRefusal, refusalFor } from '../vault/import-refusals';
import { NOT_GITLAB_REASON } from '../vault/import-rule';
import { urlNoteLines } from '../vault/import-summary';
import type { Vault } from '../vault/vault';
import { ServiceError } from './errors';
import { KDBX_FORMAT } from './kdbx-format';
import type { FileFilter } from './ports';

/** Bigger than any export of tokens; a bigger file is a wrong pick, refused before it is read. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
/** How many clashing or refused rows the preview names; the rest are counted. */
const LISTED = 200;
/** Rows in the preview's table; past these, rows follow the default (GitLab tokens taken). */
const TABLE_ROWS = 2000;

/** The one import rule, as each reader marked its rows (a reader that does not mark them takes all). */
const isGitLab = (item: ImportItem) => item.gitlab !== false;

/** What a locked file is opened with, besides its password. */
export interface ReadOptions {
  /** The contents of the key file the user picked (main side only). */
  keyFile?: Uint8Array | null;
  /** Aborted when the import is cancelled (or the vault locks) while the file is being opened. */
  signal?: AbortSignal;
}

export interface ImportFormat {
  id: ImportPreview['format'];
  filter: FileFilter;
  /** Whether this reader takes the file (by name and first bytes). */
  accepts(fileName: string, bytes: Uint8Array): boolean;
  /** True when the file is locked and read() needs its password. */
  needsPassword: boolean;
  /** Largest file this format reads (MAX_IMPORT_BYTES when unset). */
  maxBytes?: number;
  /** The rows, and optionally sentences saying what was left out and why. */
  read(bytes: Uint8Array, fileName: string, password?: string, options?: ReadOptions): Promise<ImportRow[] | { rows: ImportRow[]; notes: string[] }>;
}

const looksJson = (name: string, bytes: Uint8Array) =>
  extname(name).toLowerCase() === '.json' || /^\s*[[{]/.test(new TextDecoder().decode(bytes.subarray(0, 64)).replace(/^\uFEFF/, ''));

/** Token Vault's own JSON (list --json plus a secret per entry). */
export const JSON_FORMAT: ImportFormat = {
  id: 'json',
  filter: { name: 'Token Vault JSON', extensions: ['json'] },
  accepts: looksJson,
  needsPassword: false,
  read: async (bytes, name) => readImportRows(bytes, name),
};

/** KeePassXC's CSV export (Database → Export → CSV). */
export const CSV_FORMAT: ImportFormat = {
  id: 'csv',
  filter: { name: 'KeePassXC CSV export', extensions: ['csv'] },
  accepts: (name) => ['.csv', '.txt', ''].includes(extname(name).toLowerCase()),
  needsPassword: false,
  read: async (bytes, name) => readImportRows(bytes, name),
};

/** Tried in order; the first that accepts the file reads it (a KeePass database by its name or first bytes). */
export const IMPORT_FORMATS: readonly ImportFormat[] = [KDBX_FORMAT, JSON_FORMAT, CSV_FORMAT];

export type ClashChoice = 'skip' | 'rename';

interface Pending {
  file: string;
  bytes: Uint8Array;
  format: ImportFormat;
  rows: ImportRow[] | null;
  notes: string[];
  keyFile: { name: string; bytes: Uint8Array } | null;
  /** Stops a locked file's opening (minutes of key derivation, in a worker) on cancel or lock. */
  stop: AbortController;
}

/** The largest file any format reads: the dialog's pick is refused past it before reading. */
const largest = (formats: readonly ImportFormat[]) => Math.max(MAX_IMPORT_BYTES, ...formats.map((f) => f.maxBytes ?? 0));

export class ImportFlow {
  private pending: Pending | null = null;

  constructor(private readonly formats: readonly ImportFormat[]) {}

  get filters(): FileFilter[] {
    const all = this.formats.flatMap((f) => f.filter.extensions);
    return [{ name: 'Files Token Vault can import', extensions: [...new Set(all)] }, ...this.formats.map((f) => f.filter)];
  }

  /** Reads the chosen file; a locked one waits for its password (unlockFile). */
  async open(file: string, vault: Vault): Promise<ImportPreview> {
    this.cancel();
    let bytes: Uint8Array;
    try {
      const info = await stat(file);
      if (info.isDirectory()) throw folderRefusal(basename(file));
      if (!info.isFile()) throw new ServiceError('IMPORT_NOT_A_FILE', `${basename(file)} is not a file.`);
      if (info.size > largest(this.formats)) throw new ServiceError('IMPORT_TOO_BIG', `${basename(file)} is over ${Math.round(largest(this.formats) / 1024 / 1024)} MB; that is not an export of tokens.`);
      bytes = await readFile(file);
    } catch (error) {
      if (error instanceof ServiceError || error instanceof VaultError) throw error;
      throw new ServiceError('IMPORT_UNREADABLE', `${basename(file)} cannot be read; check it still exists and you may open it.`);
    }
    const refusal = refusalFor(bytes, basename(file));
    if (refusal) throw refusal;
    const format = this.formats.find((f) => f.accepts(basename(file), bytes));
    if (!format) throw new ServiceError('IMPORT_FORMAT', `${basename(file)} is not a file Token Vault can import (a KeePassXC database or CSV export, or Token Vault JSON).`);
    if (bytes.byteLength > (format.maxBytes ?? MAX_IMPORT_BYTES)) {
      throw new ServiceError('IMPORT_TOO_BIG', `${basename(file)} is over ${Math.round((format.maxBytes ?? MAX_IMPORT_BYTES) / 1024 / 1024)} MB; that is not an export of tokens.`);
    }
    const pending: Pending = { file, bytes, format, rows: null, notes: [], keyFile: null, stop: new AbortController() };
    if (!format.needsPassword) this.take(pending, await format.read(bytes, basename(file)));
    this.pending = pending;
    return this.preview(vault);
  }

  /** Keeps the key file the user picked for the locked file (main side only); its name is all the renderer sees. */
  async chooseKeyFile(file: string): Promise<{ fileName: string }> {
    const pending = this.need();
    try {
      const info = await stat(file);
      if (!info.isFile() || info.size > 1024 * 1024) throw new Error('not a key file');
      pending.keyFile = { name: basename(file), bytes: await readFile(file) };
    } catch {
      throw new ServiceError('IMPORT_KEY_FILE', `${basename(file)} cannot be read as a key file; choose the one the database was made with.`);
    }
    return { fileName: pending.keyFile.name.slice(0, 255) };
  }

  /** Reads a locked file with its own password (never the vault's) and key file; a wrong one changes nothing. */
  async unlockFile(password: string, vault: Vault): Promise<ImportPreview> {
    const pending = this.need();
    const read = await pending.format.read(pending.bytes, basename(pending.file), password, { keyFile: pending.keyFile?.bytes ?? null, signal: pending.stop.signal });
    // Cancelled, or another file chosen, while this one was opening: its rows are not wanted.
    if (this.pending !== pending) throw new ServiceError('IMPORT_NONE', 'No file is being imported; choose one first.');
    this.take(pending, read);
    return this.preview(vault);
  }

  private take(pending: Pending, read: ImportRow[] | { rows: ImportRow[]; notes: string[] }): void {
    pending.rows = Array.isArray(read) ? read : read.rows;
    pending.notes = Array.isArray(read) ? [] : read.notes;
  }

  preview(vault: Vault): ImportPreview {
    const pending = this.need();
    // What was taken out of the rows' URLs (row and field, never the text), after the reader's own notes.
    const notes = [...pending.notes, ...urlNoteLines((pending.rows ?? []).flatMap((r) => r.item?.urlNotes ?? []))];
    const base = {
      fileName: basename(pending.file).slice(0, 255),
      format: pending.format.id,
      needsPassword: pending.rows === null,
      ...(pending.keyFile ? { keyFileName: pending.keyFile.name.slice(0, 255) } : {}),
      ...(notes.length ? { notes: notes.slice(0, 20).map((n) => n.slice(0, 500)) } : {}),
    };
    if (!pending.rows) return { ...base, total: 0, ready: 0, clashes: [], refused: [], unlisted: 0, rows: [] };
    const { ready, clashes, refused } = sortRows(pending.rows, vault);
    const listed = <T>(rows: T[]) => rows.slice(0, LISTED);
    const clashing = new Set(clashes.map((r) => r.row));
    const table = [...ready, ...clashes].sort((a, b) => a.row - b.row).slice(0, TABLE_ROWS);
    return {
      ...base,
      total: pending.rows.length,
      ready: ready.length,
      clashes: listed(clashes).map((r) => ({ row: r.row, name: r.name.slice(0, 200) })),
      refused: listed(refused).map((r) => ({ row: r.row, name: r.name.slice(0, 200), reason: r.reason.slice(0, 500) })),
      unlisted: Math.max(0, clashes.length - LISTED) + Math.max(0, refused.length - LISTED),
      rows: table.map((r) => ({
        row: r.row, name: r.name.slice(0, 200), gitlab: isGitLab(r.item), clash: clashing.has(r.row),
        ...(isGitLab(r.item) ? {} : { why: NOT_GITLAB_REASON }),
      })),
    };
  }

  /** Stores the ready rows (and the clashing ones renamed, if asked) in one transaction, after a backup. */
  async commit(
    vault: Vault,
    clashes: ClashChoice,
    warn: (text: string) => void = () => undefined,
    picked?: readonly number[],
  ): Promise<{ imported: number; skipped: number; renamed: number; backup: string | null }> {
    const pending = this.need();
    if (!pending.rows) throw new ServiceError('IMPORT_LOCKED', 'This file is locked; enter its password first.');
    const all = sortRows(pending.rows, vault);
    // The rows ticked in the preview; without a choice, the GitLab tokens (the one import rule).
    const chosen = picked ? new Set(picked) : null;
    const take = (r: ReadyRow) => (chosen ? chosen.has(r.row) : isGitLab(r.item));
    const sorted = { ...all, ready: all.ready.filter(take), clashes: all.clashes.filter(take) };
    const notTaken = all.ready.length - sorted.ready.length + (all.clashes.length - sorted.clashes.length);
    const items: ImportItem[] = sorted.ready.map((r) => r.item);
    if (clashes === 'rename') {
      const taken = new Set([...vault.list().map((e) => normaliseName(e.name)), ...items.map((i) => normaliseName(i.input.name as string))]);
      for (const row of sorted.clashes) {
        const name = freeName(row.name, taken);
        taken.add(normaliseName(name));
        items.push({ ...row.item, input: { ...row.item.input, name } });
      }
    }
    // An unavailable backup folder costs the backup (the user is warned), not the import.
    const { file: backup, warning } = items.length > 0 ? await tryBackup(() => backupBefore(vault, 'import')) : { file: null, warning: null };
    if (warning) warn(warning);
    vault.addMany(items);
    this.cancel();
    const renamed = clashes === 'rename' ? sorted.clashes.length : 0;
    return { imported: items.length, skipped: sorted.refused.length + notTaken + (clashes === 'skip' ? sorted.clashes.length : 0), renamed, backup };
  }

  /** Forgets the file (and any secrets read from it): on cancel, on commit, on lock. */
  cancel(): void {
    this.pending?.stop.abort();
    this.pending = null;
  }

  private need(): Pending {
    if (!this.pending) throw new ServiceError('IMPORT_NONE', 'No file is being imported; choose one first.');
    return this.pending;
  }
}

type ReadyRow = { row: number; name: string; item: ImportItem };

/** Rows the vault would take, rows whose name it already has, and rows it would refuse (with the vault's own reason). */
function sortRows(rows: ImportRow[], vault: Vault) {
  const existing = new Set(vault.list().map((e) => normaliseName(e.name)));
  const ready: ReadyRow[] = [];
  const clashes: ReadyRow[] = [];
  const refused: { row: number; name: string; reason: string }[] = [];
  // A secret the vault holds, or an earlier row holds, is refused as `add` refuses it.
  const holderOf = vault.holderLookup();
  const firstRowWith = new Map<string, number>();
  for (const row of rows) {
    if (!row.item) {
      refused.push({ row: row.row, name: row.name, reason: row.refused });
      continue;
    }
    try {
      const valid = validateNewEntry(row.item.input);
      validateSecret(row.item.secret);
      const holder = holderOf(row.item.secret);
      if (holder) throw new AlreadyStored(holder.id, holder.name, holder.trashedAt !== undefined);
      const earlier = firstRowWith.get(row.item.secret);
      if (earlier !== undefined) throw new VaultError('ALREADY_STORED', `The same token as row ${earlier} of this file; it is imported once.`);
      firstRowWith.set(row.item.secret, row.row);
      (existing.has(normaliseName(valid.name)) ? clashes : ready).push({ row: row.row, name: valid.name, item: row.item });
    } catch (error) {
      if (!(error instanceof VaultError)) throw error;
      refused.push({ row: row.row, name: row.name, reason: error.message });
    }
  }
  return { ready, clashes, refused };
}

/** "ci-token (imported)", then "(imported 2)", … : the first name the vault does not hold. */
export function freeName(name: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const candidate = `${name} (imported${n === 1 ? '' : ` ${n}`})`;
    if (!taken.has(normaliseName(candidate))) return candidate;
  }
}
