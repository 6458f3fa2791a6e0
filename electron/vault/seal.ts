// Authenticated encryption of everything the vault stores. One construction everywhere:
// XChaCha20-Poly1305 with a random 192-bit nonce, and associated data that names exactly
// which vault, which entry and which field a blob belongs to — so a blob moved to another
// row, field or vault fails to open instead of decrypting into the wrong place.
// The blob format is unchanged: version byte ‖ nonce ‖ ciphertext ‖ tag, the plaintext
// ISO/IEC 7816-4-padded (libsodium's sodium_pad) to a multiple of the field's block. The
// work happens in libsodium's WASM memory (sodium-raw.ts): padded plaintexts are zeroed there
// and never copied into JavaScript.
import { createHash } from 'node:crypto';
import { damaged } from './errors';
import { publicRandomBytes } from './random-pool';
import type { Sodium } from './sodium';
import { aeadOpen, aeadSeal, type AssociatedData, copyBytes, decodeText } from './sodium-raw';

const FORMAT_TAG = 'tokenvault/1';
const BLOB_VERSION = 1;
/** A blob whose nonce is not stored but derived from its associated data (sealOnce below). */
const DERIVED_NONCE_VERSION = 2;
const NONCE_BYTES = 24;
const MINIMUM = 1 + NONCE_BYTES + 16;

export type SealedField = 'overview' | 'secret' | 'settings' | 'vault-key' | 'release';

/**
 * Padding hides exact lengths: a token's length would otherwise hint at its kind. A sealed
 * blob's size tells its plaintext's length only to within its field's block.
 */
export const PAD_BLOCK: Record<SealedField, number> = { overview: 256, secret: 64, settings: 64, 'vault-key': 16, release: 64 };

const encoder = new TextEncoder();

export function associatedData(vaultId: string, entryId: string, field: SealedField, extra = ''): Uint8Array {
  return encoder.encode(associatedDataText(vaultId, entryId, field, extra));
}

/** The associated data as text (its UTF-8 bytes are associatedData's): openText writes it into WASM memory itself. */
export function associatedDataText(vaultId: string, entryId: string, field: SealedField, extra = ''): string {
  return `${FORMAT_TAG}|${vaultId}|${entryId}|${field}|${extra}`;
}

/** `_sodium` is kept for callers' sake: the sealing runs on libsodium's raw exports. `ad` as bytes, or as associatedDataText's string. */
export function seal(_sodium: Sodium, key: Uint8Array, plain: Uint8Array | string, field: SealedField, ad: AssociatedData): Uint8Array {
  // Node's CSPRNG, pooled: libsodium.js's randombytes_buf asks Node for 4 bytes at a time.
  const out = aeadSeal(key, plain, PAD_BLOCK[field], ad, publicRandomBytes(NONCE_BYTES), 1);
  out[0] = BLOB_VERSION;
  return out;
}

/**
 * The nonce of a blob sealed once: BLAKE2b of its associated data, in a domain of its own.
 * XChaCha20-Poly1305 fails only if one key seals two different messages (or one message under
 * two associated data) with one nonce; a nonce that is a function of the associated data is
 * safe exactly when that associated data is sealed under the key once and never again. The
 * caller (entry-codec.ts sealNewSecret) gives this a guarantee by construction: the associated
 * data names 128 bits drawn at random for this one sealing, so two sealings share a nonce only
 * if two such draws collide (about n²/2¹²⁹ for n sealings: nothing to fear at any size a vault
 * reaches). Nothing in it is a counter or an instant, so a file rolled back cannot make the vault
 * seal again under a nonce it already used. It saves the 24 stored nonce bytes of every secret.
 */
function nonceFor(ad: Uint8Array): Uint8Array {
  return createHash('blake2b512').update(NONCE_DOMAIN).update(ad).digest().subarray(0, NONCE_BYTES);
}
const NONCE_DOMAIN = encoder.encode('tokenvault/derived-nonce\u0000');

/**
 * Seals under a nonce derived from `ad` and not stored (version byte ‖ ciphertext ‖ tag). Only
 * for associated data that holds a value drawn at random for this sealing alone (see nonceFor).
 * The nonce is hashed in WASM memory beside the associated data (the same BLAKE2b-512 as
 * nonceFor, which opening uses: a sealed secret that opens shows the two agree).
 */
export function sealOnce(key: Uint8Array, plain: Uint8Array | string, field: SealedField, ad: AssociatedData): Uint8Array {
  const out = aeadSeal(key, plain, PAD_BLOCK[field], ad, { domain: NONCE_DOMAIN }, 1, false);
  out[0] = DERIVED_NONCE_VERSION;
  return out;
}

/** Opens a blob written by seal or by sealOnce (a secret written before schema 7 stores its nonce). Throws "damaged". */
export function openTextEither(key: Uint8Array, blob: Uint8Array, field: SealedField, ad: Uint8Array): string {
  if (blob instanceof Uint8Array && blob.length >= 1 + 16 && blob[0] === DERIVED_NONCE_VERSION) {
    let text: string | null = null;
    try {
      text = aeadOpen(key, blob, 1, PAD_BLOCK[field], ad, decodeText, nonceFor(ad));
    } catch {
      text = null;
    }
    if (text === null) throw damaged();
    return text;
  }
  return openText(key, blob, field, ad);
}

/** True for a blob sealOnce wrote. */
export const sealedOnce = (blob: Uint8Array): boolean => blob[0] === DERIVED_NONCE_VERSION;

function openWith<T>(key: Uint8Array, blob: Uint8Array, field: SealedField, ad: AssociatedData, read: (plain: Uint8Array) => T): T | null {
  if (!(blob instanceof Uint8Array) || blob.length < MINIMUM || blob[0] !== BLOB_VERSION) return null;
  try {
    return aeadOpen(key, blob, 1, PAD_BLOCK[field], ad, read);
  } catch {
    return null;
  }
}

/** Returns null when the blob does not authenticate; callers decide what that means. The caller wipes the bytes. */
export function tryOpen(_sodium: Sodium, key: Uint8Array, blob: Uint8Array, field: SealedField, ad: Uint8Array): Uint8Array | null {
  return openWith(key, blob, field, ad, copyBytes);
}

/** Opens a blob that must authenticate: failure means the file was damaged or tampered with. The caller wipes the bytes. */
export function open(sodium: Sodium, key: Uint8Array, blob: Uint8Array, field: SealedField, ad: Uint8Array): Uint8Array {
  const plain = tryOpen(sodium, key, blob, field, ad);
  if (!plain) throw damaged();
  return plain;
}

/**
 * Opens a blob holding UTF-8 text straight into a string: no byte copy of the plaintext leaves
 * WASM memory. The associated data may be given as associatedDataText's string (the same bytes).
 */
export function openText(key: Uint8Array, blob: Uint8Array, field: SealedField, ad: AssociatedData): string {
  const text = openWith(key, blob, field, ad, decodeText);
  if (text === null) throw damaged();
  return text;
}

export const utf8 = {
  encode: (s: string) => encoder.encode(s),
  decode: (b: Uint8Array) => new TextDecoder('utf-8', { fatal: true }).decode(b),
};
