// One way in for every import, used by the CLI and the app alike: look at a file (which format,
// does it need a database password), then read it into entries and a preview of what will
// happen. Reads only; storing is the caller's (one backup, then Vault.addMany).
import fs from 'node:fs';
import path from 'node:path';
import { normaliseName } from './entry-codec';
import { VaultError } from './errors';
import { parseImportFile, type ImportItem } from './import-formats';
import { folderRefusal, refusalFor } from './import-refusals';
import { planKdbxImport, type KdbxPreview } from './kdbx-import';
import { inspectKdbx, looksLikeKeePass, looksLikeKeeShareContainer, readKdbx, type KdbxFileInfo } from './kdbx-reader';

/** Over this a file is not a token export; refuse before reading it into memory. */
export const MAX_IMPORT_BYTES = 256 * 1024 * 1024;

export type ImportFormat = 'kdbx' | 'csv' | 'json';

export interface ImportFileInfo {
  format: ImportFormat;
  /** A KeePass database needs its password (or key file) before it can be read. */
  needsPassword: boolean;
  kdbx: KdbxFileInfo | null;
}

export interface ImportPreview {
  format: ImportFormat;
  importing: number;
  /** CSV/JSON names already in the vault (such an import is refused whole); a .kdbx renames instead. */
  clashes: string[];
  /** CSV/JSON entries that are not GitLab tokens by the import rule, left out (none with `all`). */
  leftOut?: number;
  kdbx: KdbxPreview | null;
  /** What was taken out of the imported entries' URLs, by entry and field (never the text). */
  urlNotes?: string[];
}

export interface ImportPlan {
  items: ImportItem[];
  preview: ImportPreview;
}

export interface ReadImportOptions {
  /** The KeePass database's password; empty with a key file means "key file only". */
  password?: string;
  /** Path of the KeePass key file, if the database has one. */
  keyFile?: string | null;
  /** Take every entry with a password, not only GitLab tokens (import-rule.ts), from any format. */
  all?: boolean;
  /** Names already in the vault. */
  takenNames?: Iterable<string>;
  /** .kdbx: the vault already holds this title with this secret (skipped, not renamed). */
  alreadyStored?: (title: string, secret: string) => boolean;
}

/** `what`: how the file is named in the error ("" for the import file itself, "the key file "). */
function readBytes(file: string, what = ''): Buffer {
  const unreadable = () => new VaultError('IO', `Cannot read ${what}${file}.`);
  let size: number;
  try {
    const info = fs.statSync(file);
    if (info.isDirectory()) throw folderRefusal(path.basename(file));
    size = info.size;
  } catch (error) {
    if (error instanceof VaultError) throw error;
    throw unreadable();
  }
  if (size > MAX_IMPORT_BYTES) throw new VaultError('INVALID_INPUT', `${path.basename(file)} is over 256 MiB, too large to import; nothing was imported.`);
  try {
    return fs.readFileSync(file);
  } catch {
    throw unreadable();
  }
}

const isKdbx = (bytes: Uint8Array, file: string) => looksLikeKeePass(bytes) || looksLikeKeeShareContainer(bytes) || /\.kdbx$/i.test(file);

/** The same rule parseImport follows: JSON when it starts like JSON or is named so, else CSV. */
const textFormat = (bytes: Buffer, file: string): 'json' | 'csv' =>
  /^\s*[[{]/.test(bytes.subarray(0, 64).toString('utf8').replace(/^\uFEFF/, '')) || /\.json$/i.test(file) ? 'json' : 'csv';

/** Which format the file is, and for a .kdbx its header (refusing what cannot be opened). */
export async function inspectImportFile(file: string): Promise<ImportFileInfo> {
  const bytes = readBytes(file);
  const refusal = refusalFor(bytes, path.basename(file));
  if (refusal) throw refusal;
  if (isKdbx(bytes, file)) return { format: 'kdbx', needsPassword: true, kdbx: await inspectKdbx(bytes, path.basename(file)) };
  return { format: textFormat(bytes, file), needsPassword: false, kdbx: null };
}

/** Reads the whole file into entries and says what importing them will do. Writes nothing. */
export async function readImportFile(file: string, options: ReadImportOptions = {}): Promise<ImportPlan> {
  const bytes = readBytes(file);
  const refusal = refusalFor(bytes, path.basename(file));
  if (refusal) throw refusal;
  const taken = [...(options.takenNames ?? [])];
  if (isKdbx(bytes, file)) {
    const keyFile = options.keyFile ? readBytes(options.keyFile, 'the key file ') : null;
    const { info, records } = await readKdbx(bytes, path.basename(file), { password: options.password ?? '', keyFile });
    const { items, preview } = planKdbxImport(info, records, { all: options.all, takenNames: taken, alreadyStored: options.alreadyStored });
    return { items, preview: { format: 'kdbx', importing: items.length, clashes: [], leftOut: 0, kdbx: preview, ...urlNotesOf(items) } };
  }
  const { items, leftOut } = parseImportFile(bytes, file, !!options.all);
  const inVault = new Set(taken.map(normaliseName));
  const clashes = items.map((i) => i.input.name).filter((n): n is string => typeof n === 'string' && inVault.has(normaliseName(n)));
  return { items, preview: { format: textFormat(bytes, file), importing: items.length, clashes, leftOut, kdbx: null, ...urlNotesOf(items) } };
}

const urlNotesOf = (items: ImportItem[]) => {
  const notes = items.flatMap((i) => i.urlNotes ?? []);
  return notes.length ? { urlNotes: notes } : {};
};
