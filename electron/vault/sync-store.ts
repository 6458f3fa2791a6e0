// What sync keeps inside the vault file: its merged state (an opaque blob sync/ encodes),
// sealed under the vault key like the settings, and the entries sync merged in, written with
// their own ids. One transaction holds both, so a kill -9 leaves the vault and sync's view
// of it agreeing: never a merged entry without the state that explains it, nor the reverse.
import type { Database } from 'better-sqlite3';
import type { EntryKeys } from './entry-codec';
import { associatedData, open, seal } from './seal';
import type { Sodium } from './sodium';

// The same holds the team layer's private blobs (this person's identity, a team copy's state).
/** The meta rows holding sealed blobs of other layers; the name is also in the associated data. */
// 'program_tokens': ids of tokens a program added over the agent's socket (agent/socket-acts.ts).
export type PrivateBlob = 'sync_state' | 'identity' | 'team_state' | 'team_journal' | 'program_tokens';
const BLOBS: PrivateBlob[] = ['sync_state', 'identity', 'team_state', 'team_journal', 'program_tokens'];

const blobAd = (vaultId: string, name: PrivateBlob) => associatedData(vaultId, '-', 'secret', name === 'sync_state' ? 'sync-state' : name);

export function readSyncBlob(db: Database, sodium: Sodium, keys: EntryKeys, vaultId: string, name: PrivateBlob = 'sync_state'): Uint8Array | null {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(name) as { value: Uint8Array } | undefined;
  if (!row) return null;
  return open(sodium, keys.entryKey, new Uint8Array(row.value), 'secret', blobAd(vaultId, name));
}

/** Inside the caller's transaction. null removes it (sync turned off). */
export function writeSyncBlob(db: Database, sodium: Sodium, keys: EntryKeys, vaultId: string, blob: Uint8Array | null, name: PrivateBlob = 'sync_state'): void {
  if (blob === null) {
    db.prepare('DELETE FROM meta WHERE key = ?').run(name);
    return;
  }
  const sealed = seal(sodium, keys.entryKey, blob, 'secret', blobAd(vaultId, name));
  db.prepare('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(name, sealed);
}

/** A password change: every blob is sealed again under the new key, in the change's transaction. */
export function resealSyncBlob(db: Database, sodium: Sodium, vaultId: string, from: EntryKeys, to: EntryKeys): void {
  for (const name of BLOBS) {
    const blob = readSyncBlob(db, sodium, from, vaultId, name);
    if (blob === null) continue;
    writeSyncBlob(db, sodium, to, vaultId, blob, name);
    sodium.memzero(blob);
  }
}
