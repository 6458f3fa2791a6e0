// The app's import of a KeePass database (.kdbx): the same reader and mapping as the CLI
// (vault/kdbx-reader.ts, vault/kdbx-import.ts), read on the main side with the database's own
// password and, when the user picked one, its key file. The renderer gets rows' names, reasons
// and the preview's sentences; never the file's bytes, the key file or a secret.
import { summariseImport } from '../vault/import-summary';
import type { ImportRow } from '../vault/import-formats';
import { planKdbxImport } from '../vault/kdbx-import';
import { looksLikeKeePass, looksLikeKeeShareContainer, readKdbx } from '../vault/kdbx-reader';
import type { ImportFormat } from './import-flow';

/** A KeePass database is read whole in memory; past this it is refused before reading. */
export const MAX_KDBX_BYTES = 256 * 1024 * 1024;

export const KDBX_FORMAT: ImportFormat = {
  id: 'kdbx',
  filter: { name: 'KeePassXC database', extensions: ['kdbx'] },
  accepts: (name, bytes) => /\.kdbx$/i.test(name) || looksLikeKeePass(bytes) || looksLikeKeeShareContainer(bytes),
  needsPassword: true,
  maxBytes: MAX_KDBX_BYTES,
  async read(bytes, fileName, password = '', options = {}) {
    const { info, records } = await readKdbx(bytes, fileName, { password, keyFile: options.keyFile ?? null }, options.signal);
    // Clashes with the vault are the dialog's choice (skip or rename); names repeated inside
    // the database are numbered here, as the CLI does.
    // Every entry is read; the dialog's table ticks the GitLab tokens and lists the rest unticked.
    const { items, preview } = planKdbxImport(info, records, { all: true });
    const rows: ImportRow[] = items.map((item, index) => ({ row: index + 1, name: item.input.name as string, item }));
    preview.skipped.forEach((s, index) => rows.push({ row: items.length + index + 1, name: s.name, refused: `${s.group ? `${s.group}: ` : ''}${s.reason}` }));
    const notes = summariseImport({ format: 'kdbx', importing: items.length, clashes: [], kdbx: { ...preview, othersIncluded: false } }, 'ticking them in the table', { table: true });
    return { rows, notes };
  },
};
