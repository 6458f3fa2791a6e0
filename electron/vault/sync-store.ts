// What sync keeps inside the vault file: its merged state (an opaque blob sync/ encodes),
// sealed under the vault key like the settings, and the entries sync merged in, written with
// their own ids. One transaction holds both, so a kill -9 leaves the vault and sync's view
// of it agreeing: never a merged entry without the state that explains it, nor the reverse.
import type { Database } from 'better-sqlite3';
import type { EntryKeys } from './entry-codec';
import { associatedData, open, seal } from './seal';
import type { Sodium } from './sodium';

const syncAd = (vaultId: string) => associatedData(vaultId, '-', 'secret', 'sync-state');

export function readSyncBlob(db: Database, sodium: Sodium, keys: EntryKeys, vaultId: string): Uint8Array | null {
  const row = db.prepare("SELECT value FROM meta WHERE key = 'sync_state'").get() as { value: Uint8Array } | undefined;
  if (!row) return null;
  return open(sodium, keys.entryKey, new Uint8Array(row.value), 'secret', syncAd(vaultId));
}

/** Inside the caller's transaction. null removes it (sync turned off). */
export function writeSyncBlob(db: Database, sodium: Sodium, keys: EntryKeys, vaultId: string, blob: Uint8Array | null): void {
  if (blob === null) {
    db.prepare("DELETE FROM meta WHERE key = 'sync_state'").run();
    return;
  }
  const sealed = seal(sodium, keys.entryKey, blob, 'secret', syncAd(vaultId));
  db.prepare("INSERT INTO meta(key, value) VALUES ('sync_state', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(sealed);
}

/** A password change: the blob is sealed again under the new key, in the change's transaction. */
export function resealSyncBlob(db: Database, sodium: Sodium, vaultId: string, from: EntryKeys, to: EntryKeys): void {
  const blob = readSyncBlob(db, sodium, from, vaultId);
  if (blob === null) return;
  writeSyncBlob(db, sodium, to, vaultId, blob);
  sodium.memzero(blob);
}
