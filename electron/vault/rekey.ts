// A password change that changes the key: every row, the settings and the header are sealed
// again under a freshly drawn vault key, in the caller's transaction. An old copy of the file
// plus the old password then opens nothing written after the change.
import type { Database } from 'better-sqlite3';
import { deriveEntryKeys, type EntryKeys, type EntryRow, openOverview, openSecret, overviewRow, sealSecret } from './entry-codec';
import { damaged } from './errors';
import type { Sodium } from './sodium';

interface FullRow extends EntryRow {
  secret: Uint8Array;
}

/** Re-seals every entry under `next`; the name tags change too (they are keyed). Returns how many rows. */
export function resealEntries(db: Database, sodium: Sodium, vaultId: string, previous: EntryKeys, next: EntryKeys): number {
  const rows = db.prepare('SELECT id, name_tag, overview, secret, created_at, updated_at FROM entries').all() as FullRow[];
  const update = db.prepare('UPDATE entries SET name_tag = ?, overview = ?, secret = ? WHERE id = ?');
  // New name tags may collide with old ones of other rows mid-update only by a BLAKE2b
  // collision; the UNIQUE index is checked row by row, so no ordering trick is needed.
  for (const row of rows) {
    const overview = openOverview(sodium, previous, vaultId, row);
    const secret = openSecret(sodium, previous, vaultId, row.id, row.secret);
    const sealed = overviewRow(sodium, next, vaultId, overview);
    if (sealed.createdAt !== row.created_at || sealed.updatedAt !== row.updated_at) throw damaged();
    update.run(sealed.nameTag, sealed.sealed, sealSecret(sodium, next, vaultId, row.id, secret), row.id);
  }
  return rows.length;
}

/** A new random vault key and its subkeys. */
export function drawVaultKey(sodium: Sodium): { vaultKey: Uint8Array; keys: EntryKeys } {
  const vaultKey = sodium.randombytes_buf(32);
  return { vaultKey, keys: deriveEntryKeys(sodium, vaultKey) };
}
