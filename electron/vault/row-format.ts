// The one-time conversion to schema 7's rows: a 12-byte name tag instead of 32, and the secret
// sealed without a stored nonce (entry-codec.ts sealNewSecret) — 64 bytes less per token in the
// file (the tag is also in its index), the same padding, so no plaintext length is told any
// closer than before. Every row of
// an older file is opened and sealed again under the same key, with a fresh secret version (its
// nonce derives from it), which also brings a format 1 overview to format 2 and tags its secret
// (schemas 5 and 6), so those passes have nothing left to do. Row instants stay, so sync sees no
// change. Runs at an unlock, with the key, once per file (meta 'row_format'), and the file is
// compacted after; a vault made by this version is marked from the start.
import type { Database } from 'better-sqlite3';
import { markCompacted } from './compact';
import { type EntryKeys, type EntryRow, NAME_TAG_BYTES, openOverview, openSecret, overviewRow, sealNewSecret, secretTag } from './entry-codec';
import { damaged } from './errors';
import { sealedOnce } from './seal';
import { markTagged } from './secret-tags';
import type { Sodium } from './sodium';

const MARK = 'row_format';
const FORMAT = 7;

export function rowsConverted(db: Database): boolean {
  return (db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(MARK) as unknown) === FORMAT;
}

/** Inside the caller's write transaction: every row of this file is in schema 7's form. */
export function markRowsConverted(db: Database): void {
  db.prepare('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(MARK, FORMAT);
}

type FullRow = EntryRow & { secret: Uint8Array };

/** Converts every row not yet in schema 7's form, inside the caller's write transaction; returns how many. */
export function convertRows(db: Database, sodium: Sodium, keys: EntryKeys, vaultId: string): number {
  // Another process may have converted the file since the caller looked.
  if (rowsConverted(db)) return 0;
  const rows = db.prepare('SELECT id, name_tag, overview, secret, created_at, updated_at FROM entries').all() as FullRow[];
  const update = db.prepare('UPDATE entries SET name_tag = ?, overview = ?, secret = ? WHERE id = ?');
  let converted = 0;
  for (const row of rows) {
    if (row.name_tag.length === NAME_TAG_BYTES && sealedOnce(row.secret)) continue;
    const opened = openOverview(sodium, keys, vaultId, row);
    const secret = openSecret(sodium, keys, vaultId, row.id, opened.secretVersion, row.secret);
    const fresh = sealNewSecret(keys, vaultId, row.id, secret);
    const sealed = overviewRow(sodium, keys, vaultId, opened.overview, fresh.version, secretTag(keys, secret));
    if (sealed.createdAt !== row.created_at || sealed.updatedAt !== row.updated_at) throw damaged();
    update.run(sealed.nameTag, sealed.sealed, fresh.sealed, row.id);
    converted += 1;
  }
  markCompacted(db);
  markTagged(db);
  markRowsConverted(db);
  return converted;
}
