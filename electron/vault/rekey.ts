// Re-sealing every row: under a freshly drawn vault key when the password changes (an old copy
// of the file plus the old password then opens nothing written after the change), or under the
// same key when a migration adds secret versions. Runs in the caller's transaction.
import type { Database } from 'better-sqlite3';
import { deriveEntryKeys, type EntryKeys, type EntryRow, openOverview, openSecret, overviewRow, sealNewSecret, secretTag } from './entry-codec';
import { damaged } from './errors';
import type { Sodium } from './sodium';
import { offHeap } from './sodium-raw';
import { randomFillSync } from 'node:crypto';

interface FullRow extends EntryRow {
  secret: Uint8Array;
}

/** Opens every row with `from` (schema 1 rows when `fromLegacy`) and seals it again with `to`, each secret under a new version. */
export function resealEntries(db: Database, sodium: Sodium, vaultId: string, from: EntryKeys, fromLegacy: boolean, to: EntryKeys): number {
  const rows = db.prepare('SELECT id, name_tag, overview, secret, created_at, updated_at FROM entries').all() as FullRow[];
  // The name tag is keyed, so it changes with the key; a collision with another row's old tag
  // would take a BLAKE2b collision.
  const update = db.prepare('UPDATE entries SET name_tag = ?, overview = ?, secret = ? WHERE id = ?');
  for (const row of rows) {
    const { overview, secretVersion } = openOverview(sodium, from, vaultId, row, fromLegacy);
    const secret = openSecret(sodium, from, vaultId, row.id, secretVersion, row.secret);
    const fresh = sealNewSecret(to, vaultId, row.id, secret);
    const sealed = overviewRow(sodium, to, vaultId, overview, fresh.version, secretTag(to, secret));
    if (sealed.createdAt !== row.created_at || sealed.updatedAt !== row.updated_at) throw damaged();
    update.run(sealed.nameTag, sealed.sealed, fresh.sealed, row.id);
  }
  return rows.length;
}

/** A new random vault key and its subkeys. */
export function drawVaultKey(sodium: Sodium): { vaultKey: Uint8Array; keys: EntryKeys } {
  // Node's CSPRNG into a store outside V8's heap (see sodium-raw.ts offHeap), wiped by the caller.
  const vaultKey = randomFillSync(offHeap(32));
  return { vaultKey, keys: deriveEntryKeys(sodium, vaultKey) };
}
