// The vault's settings: one sealed blob plus a counter that moves on every write. The counter
// is in the blob's associated data, so an older settings blob cannot be put back under a newer
// counter; and an open vault refuses a counter lower than one it has already seen (a rollback
// while the app runs). Schema 1 vaults had no counter: `legacy` reads them.
import type { Database } from 'better-sqlite3';
import type { EntryKeys } from './entry-codec';
import { damaged } from './errors';
import { associatedData, openText, seal } from './seal';
import type { Sodium } from './sodium';
import { DEFAULT_SETTINGS, type VaultSettings } from './types';

const settingsAd = (vaultId: string, counter: number | null) => associatedData(vaultId, '-', 'settings', counter === null ? '' : `counter:${counter}`);

export function sealSettings(sodium: Sodium, keys: EntryKeys, vaultId: string, settings: VaultSettings, counter: number): Uint8Array {
  return seal(sodium, keys.entryKey, JSON.stringify(settings), 'settings', settingsAd(vaultId, counter));
}

export function readSettingsCounter(db: Database): number | null {
  const row = db.prepare("SELECT value FROM meta WHERE key = 'settings_counter'").get() as { value: unknown } | undefined;
  if (!row) return null;
  if (typeof row.value !== 'number' || !Number.isSafeInteger(row.value) || row.value < 1) throw damaged();
  return row.value;
}

export function readSettings(db: Database, sodium: Sodium, keys: EntryKeys, vaultId: string, legacy: boolean): { settings: VaultSettings; counter: number } {
  const row = db.prepare("SELECT value FROM meta WHERE key = 'settings'").get() as { value: Uint8Array } | undefined;
  const counter = readSettingsCounter(db);
  if (!row || (counter === null) !== legacy) throw damaged();
  const text = openText(keys.entryKey, row.value, 'settings', settingsAd(vaultId, counter));
  try {
    return { settings: { ...DEFAULT_SETTINGS, ...(JSON.parse(text) as Partial<VaultSettings>) }, counter: counter ?? 0 };
  } catch {
    throw damaged();
  }
}

/** Writes settings under the next counter, inside the caller's transaction; returns that counter. */
export function writeSettings(db: Database, sodium: Sodium, keys: EntryKeys, vaultId: string, settings: VaultSettings): number {
  const counter = (readSettingsCounter(db) ?? 0) + 1;
  const put = db.prepare('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  put.run('settings', sealSettings(sodium, keys, vaultId, settings, counter));
  put.run('settings_counter', counter);
  return counter;
}
