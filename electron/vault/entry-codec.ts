// How one entry becomes a row and back: overview and secret sealed separately (a list never
// opens a secret), bound to vault id + entry id + field, and a keyed name tag for lookups.
// Each secret is also bound to a random secret version kept inside its sealed overview, so an
// older secret blob cannot be replayed under a newer overview (a rotation cannot be undone by
// copying the old secret back). Schema 1 rows had no version: `legacy` reads them.
// Schema 7 stores less per row: a 12-byte name tag (32 before) and the secret without its nonce,
// which is derived from the secret's fresh version instead (sealNewSecret).
import { damaged } from './errors';
import { decodeOverview, encodeOverview } from './overview-codec';
import { publicRandomHex } from './random-pool';
import { associatedData, associatedDataText, openText, openTextEither, seal, sealOnce } from './seal';
import type { Sodium } from './sodium';
import { copyBytes, KeyRing, keyedHash, keyedHashText } from './sodium-raw';
import type { EntryOverview } from './types';

export interface EntryKeys {
  /** Seals overviews, secrets and settings. */
  readonly entryKey: Uint8Array;
  /** Keys the name tag (BLAKE2b), so equal names collide without being readable. */
  readonly nameKey: Uint8Array;
  /** Keys the secret tag (secretTag below), so a duplicate is found without opening every secret. */
  readonly secretTagKey: Uint8Array;
  /** Where both live (with the vault key they come from): one WASM allocation, wiped on lock. */
  readonly ring: KeyRing;
}

export interface EntryRow {
  id: string;
  name_tag: Uint8Array;
  overview: Uint8Array;
  created_at: number;
  updated_at: number;
}

/**
 * Derives independent subkeys from the vault key, so no key serves two purposes. The keys are
 * views of the ring's WASM memory, made fresh on every access; the caller's vaultKey is left
 * as it was (the caller wipes it).
 */
export function deriveEntryKeys(_sodium: Sodium, vaultKey: Uint8Array): EntryKeys {
  const ring = KeyRing.fromVaultKey(copyBytes(vaultKey), [
    { id: 1, context: 'tv-entry' },
    { id: 2, context: 'tv-names' },
    { id: 3, context: 'tv-sctag' },
  ]);
  return {
    ring,
    get entryKey() {
      return ring.key(1);
    },
    get nameKey() {
      return ring.key(2);
    },
    get secretTagKey() {
      return ring.key(3);
    },
  };
}

export function wipeEntryKeys(_sodium: Sodium, keys: EntryKeys): void {
  keys.ring.wipe();
}

/** Names are unique regardless of case, surrounding space and Unicode composition. */
export function normaliseName(name: string): string {
  return name.trim().normalize('NFC').toLowerCase();
}

/**
 * A name tag is the first 12 bytes of the keyed BLAKE2b-256 of the name (schema 7; rows written
 * before keep all 32 until their first unlock by this version). A truncated keyed hash is as
 * unreadable as the whole, and without the key nobody can make two names collide; by chance two
 * of n names collide (one refused as taken) about n²/2⁹⁷ of the time: 1 in 10¹⁷ at a million.
 * Why 12: a plain token's row is then 447 bytes, and nine fit a 4 KiB page where eight did.
 */
export const NAME_TAG_BYTES = 12;

function tagOf(keys: EntryKeys, text: string): Uint8Array {
  return keyedHash(keys.nameKey, text, 32, NAME_TAG_BYTES);
}

/** The tags a row of this name may carry: this version's, and the 32-byte one of a file not yet converted (read-only backups). */
export function nameTagsForLookup(keys: EntryKeys, name: string): [Uint8Array, Uint8Array] {
  const whole = keyedHash(keys.nameKey, normaliseName(name), 32);
  return [whole.slice(0, NAME_TAG_BYTES), whole];
}

/**
 * A token in the Trash gives its name up (a new token may take it): its row's tag is keyed on
 * its id instead, as random-looking to a reader of the file as any name's.
 */
function rowTag(keys: EntryKeys, overview: EntryOverview): Uint8Array {
  return overview.trashedAt === undefined ? tagOf(keys, normaliseName(overview.name)) : tagOf(keys, `\u0000trash\u0000${overview.id}`);
}

/**
 * The secret's tag: BLAKE2b-128 keyed with its own subkey of the vault key, kept inside the
 * sealed overview. Two entries holding one secret have equal tags, so "already stored as X?"
 * compares 16-byte tags of the overviews opened at unlock instead of opening every secret.
 * Sealed, it tells a reader of the file nothing; unsealed (in the unlocked process) it tells
 * which entries share a secret, and, to whoever holds the vault key, whether a guess is stored
 * — which the key alone tells already by opening the secrets.
 */
export function secretTag(keys: EntryKeys, secret: string): string {
  return keyedHashText(keys.secretTagKey, secret, 16, 'base64url');
}

const overviewAdExtra = (createdAt: number, updatedAt: number, tag: Uint8Array) => `${createdAt}|${updatedAt}|${Buffer.from(tag.buffer, tag.byteOffset, tag.length).toString('hex')}`;

/**
 * The row's clear columns (timestamps, name tag) are part of the overview's associated data:
 * change any of them and the overview no longer opens. No second check, no second hash.
 */
export function overviewAd(vaultId: string, id: string, createdAt: number, updatedAt: number, tag: Uint8Array): Uint8Array {
  return associatedData(vaultId, id, 'overview', overviewAdExtra(createdAt, updatedAt, tag));
}


/** A fresh secret version: drawn whenever a secret is stored or replaced, only by sealNewSecret. */
function newSecretVersion(): string {
  return publicRandomHex(16);
}

const SECRET_VERSION = /^[0-9a-f]{32}$/;

/** Everything a row stores about an overview: the sealed blob (format 2, overview-codec.ts) and the clear columns it is bound to. */
export function overviewRow(sodium: Sodium, keys: EntryKeys, vaultId: string, overview: EntryOverview, secretVersion: string, tagOfSecret: string | null) {
  if (!SECRET_VERSION.test(secretVersion)) throw new Error('overviewRow needs a secret version');
  const createdAt = Date.parse(overview.createdAt);
  const updatedAt = Date.parse(overview.updatedAt);
  const tag = rowTag(keys, overview);
  // The associated data as text, written into WASM memory as it is sealed (overviewAd's bytes).
  const ad = associatedDataText(vaultId, overview.id, 'overview', overviewAdExtra(createdAt, updatedAt, tag));
  const sealed = seal(sodium, keys.entryKey, encodeOverview(overview, secretVersion, tagOfSecret), 'overview', ad);
  return { nameTag: tag, createdAt, updatedAt, sealed };
}

/**
 * Seals a secret under a version drawn here for this sealing alone, returned for the overview to
 * name. The blob stores no nonce: it is derived from the associated data, which names the vault,
 * the entry and that version (seal.ts sealOnce says why that is sound). Sound only while no
 * version ever seals twice, so nothing else can seal a secret under a version of its choosing:
 * every secret written — new, replaced, synced in, re-keyed, converted — passes here.
 */
export function sealNewSecret(keys: EntryKeys, vaultId: string, id: string, secret: string): { version: string; sealed: Uint8Array } {
  const version = newSecretVersion();
  return { version, sealed: sealOnce(keys.entryKey, secret, 'secret', associatedDataText(vaultId, id, 'secret', version)) };
}

export interface OpenedOverview {
  overview: EntryOverview;
  /** The version the row's secret must carry; '' for a schema 1 row. */
  secretVersion: string;
  /** The secret's tag (secretTag), or null in a row written before schema 6. */
  secretTag: string | null;
  /** True when the row is still in format 1 (JSON object): migration 5 re-seals it. */
  format1: boolean;
}

/**
 * Opens a row's overview: a flipped byte anywhere in the row is "damaged", never a silently
 * wrong answer. `legacy` (schema 1) accepts overviews without a secret version; otherwise one
 * without is refused as damaged, so an old row cannot be passed off as unversioned.
 */
export function openOverview(_sodium: Sodium, keys: EntryKeys, vaultId: string, row: EntryRow, legacy = false): OpenedOverview {
  // The same bytes as overviewAd, written by openText straight into WASM memory: one row opened
  // per token at every unlock, so no byte array of its own.
  const ad = associatedDataText(vaultId, row.id, 'overview', overviewAdExtra(row.created_at, row.updated_at, row.name_tag));
  const text = openText(keys.entryKey, row.overview, 'overview', ad);
  const decoded = decodeOverview(text, { id: row.id, createdAt: row.created_at, updatedAt: row.updated_at }, legacy);
  if (!decoded) throw damaged();
  return { overview: decoded.overview, secretVersion: decoded.secretVersion, secretTag: decoded.secretTag, format1: text.startsWith('{') };
}

export function openSecret(_sodium: Sodium, keys: EntryKeys, vaultId: string, id: string, secretVersion: string, blob: Uint8Array): string {
  return openTextEither(keys.entryKey, blob, 'secret', associatedData(vaultId, id, 'secret', secretVersion));
}
