// How one entry becomes a row and back: overview and secret sealed separately (a list never
// opens a secret), bound to vault id + entry id + field, and a keyed name tag for lookups.
import { damaged } from './errors';
import { associatedData, open, seal, utf8 } from './seal';
import type { Sodium } from './sodium';
import type { EntryOverview } from './types';

export interface EntryKeys {
  /** Seals overviews, secrets and settings. */
  entryKey: Uint8Array;
  /** Keys the name tag (BLAKE2b), so equal names collide without being readable. */
  nameKey: Uint8Array;
}

export interface EntryRow {
  id: string;
  name_tag: Uint8Array;
  overview: Uint8Array;
  created_at: number;
  updated_at: number;
}

/** Derives independent subkeys from the vault key, so no key serves two purposes. */
export function deriveEntryKeys(sodium: Sodium, vaultKey: Uint8Array): EntryKeys {
  return {
    entryKey: sodium.crypto_kdf_derive_from_key(32, 1, 'tv-entry', vaultKey),
    nameKey: sodium.crypto_kdf_derive_from_key(32, 2, 'tv-names', vaultKey),
  };
}

export function wipeEntryKeys(sodium: Sodium, keys: EntryKeys): void {
  sodium.memzero(keys.entryKey);
  sodium.memzero(keys.nameKey);
}

/** Names are unique regardless of case, surrounding space and Unicode composition. */
export function normaliseName(name: string): string {
  return name.trim().normalize('NFC').toLowerCase();
}

export function nameTag(sodium: Sodium, keys: EntryKeys, name: string): Uint8Array {
  return sodium.crypto_generichash(32, utf8.encode(normaliseName(name)), keys.nameKey);
}

export function sealOverview(sodium: Sodium, keys: EntryKeys, vaultId: string, overview: EntryOverview): Uint8Array {
  return seal(sodium, keys.entryKey, utf8.encode(JSON.stringify(overview)), 'overview', associatedData(vaultId, overview.id, 'overview'));
}

export function sealSecret(sodium: Sodium, keys: EntryKeys, vaultId: string, id: string, secret: string): Uint8Array {
  return seal(sodium, keys.entryKey, utf8.encode(secret), 'secret', associatedData(vaultId, id, 'secret'));
}

/**
 * Opens a row's overview and checks that the clear columns agree with the sealed content:
 * a flipped byte anywhere in the row is "damaged", never a silently wrong answer.
 */
export function openOverview(sodium: Sodium, keys: EntryKeys, vaultId: string, row: EntryRow): EntryOverview {
  const plain = open(sodium, keys.entryKey, new Uint8Array(row.overview), 'overview', associatedData(vaultId, row.id, 'overview'));
  let overview: EntryOverview;
  try {
    overview = JSON.parse(utf8.decode(plain)) as EntryOverview;
  } catch {
    throw damaged();
  }
  const consistent =
    overview.id === row.id &&
    Date.parse(overview.createdAt) === row.created_at &&
    Date.parse(overview.updatedAt) === row.updated_at &&
    sodium.memcmp(nameTag(sodium, keys, overview.name), new Uint8Array(row.name_tag));
  if (!consistent) throw damaged();
  return overview;
}

export function openSecret(sodium: Sodium, keys: EntryKeys, vaultId: string, id: string, blob: Uint8Array): string {
  const plain = open(sodium, keys.entryKey, new Uint8Array(blob), 'secret', associatedData(vaultId, id, 'secret'));
  try {
    return utf8.decode(plain);
  } finally {
    sodium.memzero(plain);
  }
}
