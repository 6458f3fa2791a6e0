// The one-time conversion to overview format 2 (schema 5, overview-codec.ts): every row still
// in format 1 is re-sealed — same key, same secret version, same name tag and row instants, so
// the same associated data — and the file is compacted once. Runs at an unlock, with the key;
// a vault made by this version is marked converted from the start.
import type { Database } from 'better-sqlite3';
import { type EntryKeys, type EntryRow, openOverview, overviewRow } from './entry-codec';
import { damaged } from './errors';
import type { Sodium } from './sodium';

const MARK = 'overview_format';

export function overviewsCompacted(db: Database): boolean {
  return (db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(MARK) as unknown) === 2;
}

/** Inside the caller's write transaction: this file's overviews are all format 2. */
export function markCompacted(db: Database): void {
  db.prepare('INSERT INTO meta(key, value) VALUES (?, 2) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(MARK);
}

/** Re-seals every format 1 overview in format 2, inside the caller's write transaction. */
export function compactOverviews(db: Database, sodium: Sodium, keys: EntryKeys, vaultId: string): number {
  const rows = db.prepare('SELECT id, name_tag, overview, created_at, updated_at FROM entries').all() as EntryRow[];
  const update = db.prepare('UPDATE entries SET overview = ? WHERE id = ?');
  let converted = 0;
  for (const row of rows) {
    const opened = openOverview(sodium, keys, vaultId, row);
    if (!opened.format1) continue;
    const sealed = overviewRow(sodium, keys, vaultId, opened.overview, opened.secretVersion, opened.secretTag);
    if (sealed.createdAt !== row.created_at || sealed.updatedAt !== row.updated_at || !Buffer.from(sealed.nameTag).equals(Buffer.from(row.name_tag))) throw damaged();
    update.run(sealed.sealed, row.id);
    converted += 1;
  }
  markCompacted(db);
  return converted;
}
