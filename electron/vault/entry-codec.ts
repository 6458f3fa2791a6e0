// How one entry becomes a row and back: overview and secret sealed separately (a list never
// opens a secret), bound to vault id + entry id + field, and a keyed name tag for lookups.
// Each secret is also bound to a random secret version kept inside its sealed overview, so an
// older secret blob cannot be replayed under a newer overview (a rotation cannot be undone by
// copying the old secret back). Schema 1 rows had no version: `legacy` reads them.
import { damaged } from './errors';
import { publicRandomBytes } from './random-pool';
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

/**
 * The row's clear columns (timestamps, name tag) are part of the overview's associated data:
 * change any of them and the overview no longer opens. No second check, no second hash.
 */
function overviewAd(vaultId: string, id: string, createdAt: number, updatedAt: number, tag: Uint8Array): Uint8Array {
  return associatedData(vaultId, id, 'overview', `${createdAt}|${updatedAt}|${Buffer.from(tag).toString('hex')}`);
}

/** A fresh secret version: drawn whenever a secret is stored or replaced. */
export function newSecretVersion(): string {
  return Buffer.from(publicRandomBytes(16)).toString('hex');
}

const SECRET_VERSION = /^[0-9a-f]{32}$/;

/** Everything a row stores about an overview: the sealed blob and the clear columns it is bound to. */
export function overviewRow(sodium: Sodium, keys: EntryKeys, vaultId: string, overview: EntryOverview, secretVersion: string) {
  if (!SECRET_VERSION.test(secretVersion)) throw new Error('overviewRow needs a secret version');
  const createdAt = Date.parse(overview.createdAt);
  const updatedAt = Date.parse(overview.updatedAt);
  const tag = nameTag(sodium, keys, overview.name);
  const plain = utf8.encode(JSON.stringify({ ...overview, secretVersion }));
  const sealed = seal(sodium, keys.entryKey, plain, 'overview', overviewAd(vaultId, overview.id, createdAt, updatedAt, tag));
  sodium.memzero(plain);
  return { nameTag: tag, createdAt, updatedAt, sealed };
}

/** The secret's associated data names its version: '' only for schema 1 rows (legacy). */
export function sealSecret(sodium: Sodium, keys: EntryKeys, vaultId: string, id: string, secretVersion: string, secret: string): Uint8Array {
  const plain = utf8.encode(secret);
  try {
    return seal(sodium, keys.entryKey, plain, 'secret', associatedData(vaultId, id, 'secret', secretVersion));
  } finally {
    sodium.memzero(plain);
  }
}

export interface OpenedOverview {
  overview: EntryOverview;
  /** The version the row's secret must carry; '' for a schema 1 row. */
  secretVersion: string;
}

/**
 * Opens a row's overview: a flipped byte anywhere in the row is "damaged", never a silently
 * wrong answer. `legacy` (schema 1) accepts overviews without a secret version; otherwise one
 * without is refused as damaged, so an old row cannot be passed off as unversioned.
 */
export function openOverview(sodium: Sodium, keys: EntryKeys, vaultId: string, row: EntryRow, legacy = false): OpenedOverview {
  const ad = overviewAd(vaultId, row.id, row.created_at, row.updated_at, row.name_tag);
  const plain = open(sodium, keys.entryKey, new Uint8Array(row.overview), 'overview', ad);
  let parsed: Omit<EntryOverview, 'followUp'> & { followUp?: EntryOverview['followUp']; secretVersion?: unknown };
  try {
    parsed = JSON.parse(utf8.decode(plain)) as typeof parsed;
  } catch {
    throw damaged();
  } finally {
    sodium.memzero(plain);
  }
  const { secretVersion, ...stored } = parsed;
  if (legacy ? secretVersion !== undefined : typeof secretVersion !== 'string' || !SECRET_VERSION.test(secretVersion)) throw damaged();
  // Rows written before schema 4 have no rotation follow-up: none is pending.
  const overview: EntryOverview = { ...stored, followUp: stored.followUp ?? null };
  return { overview, secretVersion: legacy ? '' : (secretVersion as string) };
}

export function openSecret(sodium: Sodium, keys: EntryKeys, vaultId: string, id: string, secretVersion: string, blob: Uint8Array): string {
  const plain = open(sodium, keys.entryKey, new Uint8Array(blob), 'secret', associatedData(vaultId, id, 'secret', secretVersion));
  try {
    return utf8.decode(plain);
  } finally {
    sodium.memzero(plain);
  }
}
