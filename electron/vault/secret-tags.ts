// The one-time tagging of secrets (schema 6): every row whose overview has no secret tag yet
// (a vault from before, or a backup restored from one) gets it — same key, same secret version,
// same name tag and instants, so the same associated data and nothing sync sees as a change.
// Runs at an unlock with the key, once per file (meta 'secret_tags'); a new vault is marked
// from the start. Afterwards "already stored?" opens no secret at all.
import type { Database } from 'better-sqlite3';
import { type EntryKeys, type EntryRow, openOverview, openSecret, overviewRow, secretTag } from './entry-codec';
import { damaged } from './errors';
import type { Sodium } from './sodium';

const MARK = 'secret_tags';

export function secretsTagged(db: Database): boolean {
  return (db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(MARK) as unknown) === 1;
}

/** Inside the caller's write transaction: every row of this file carries its secret's tag. */
export function markTagged(db: Database): void {
  db.prepare('INSERT INTO meta(key, value) VALUES (?, 1) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(MARK);
}

/** Tags every untagged row, inside the caller's write transaction; returns how many. */
export function tagSecrets(db: Database, sodium: Sodium, keys: EntryKeys, vaultId: string): number {
  const rows = db.prepare('SELECT id, name_tag, overview, secret, created_at, updated_at FROM entries').all() as (EntryRow & { secret: Uint8Array })[];
  const update = db.prepare('UPDATE entries SET overview = ? WHERE id = ?');
  let tagged = 0;
  for (const row of rows) {
    const opened = openOverview(sodium, keys, vaultId, row);
    if (opened.secretTag !== null) continue;
    const secret = openSecret(sodium, keys, vaultId, row.id, opened.secretVersion, row.secret);
    const sealed = overviewRow(sodium, keys, vaultId, opened.overview, opened.secretVersion, secretTag(keys, secret));
    if (sealed.createdAt !== row.created_at || sealed.updatedAt !== row.updated_at || !Buffer.from(sealed.nameTag).equals(Buffer.from(row.name_tag))) throw damaged();
    update.run(sealed.sealed, row.id);
    tagged += 1;
  }
  markTagged(db);
  return tagged;
}
