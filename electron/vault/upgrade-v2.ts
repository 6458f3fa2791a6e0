// Migration 2, run at the first unlock by this version: every row re-sealed with a secret
// version (schema 1 rows had none), the settings re-sealed under counter 1.
import type { Database } from 'better-sqlite3';
import type { EntryKeys } from './entry-codec';
import { resealEntries } from './rekey';
import { readSettings, writeSettings } from './settings-codec';
import type { Sodium } from './sodium';

export function bindVersions(db: Database, sodium: Sodium, keys: EntryKeys, vaultId: string): void {
  resealEntries(db, sodium, vaultId, keys, true, keys);
  const { settings } = readSettings(db, sodium, keys, vaultId, true);
  writeSettings(db, sodium, keys, vaultId, settings);
}
