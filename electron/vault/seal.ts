// Authenticated encryption of everything the vault stores. One construction everywhere:
// XChaCha20-Poly1305 with a random 192-bit nonce, and associated data that names exactly
// which vault, which entry and which field a blob belongs to — so a blob moved to another
// row, field or vault fails to open instead of decrypting into the wrong place.
import { damaged } from './errors';
import { publicRandomBytes } from './random-pool';
import type { Sodium } from './sodium';

const FORMAT_TAG = 'tokenvault/1';
const BLOB_VERSION = 1;

export type SealedField = 'overview' | 'secret' | 'settings' | 'vault-key' | 'release';

/** Padding hides exact lengths: a token's length would otherwise hint at its kind. */
const PAD_BLOCK: Record<SealedField, number> = { overview: 256, secret: 64, settings: 64, 'vault-key': 16, release: 64 };

export function associatedData(vaultId: string, entryId: string, field: SealedField, extra = ''): Uint8Array {
  return new TextEncoder().encode(`${FORMAT_TAG}|${vaultId}|${entryId}|${field}|${extra}`);
}

export function seal(sodium: Sodium, key: Uint8Array, plain: Uint8Array, field: SealedField, ad: Uint8Array): Uint8Array {
  // Node's CSPRNG, pooled: libsodium.js's randombytes_buf asks Node for 4 bytes at a time,
  // which made nonces the single largest cost of a 10,000-entry import.
  const nonce = publicRandomBytes(sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  const padded = sodium.pad(plain, PAD_BLOCK[field]);
  const cipher = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(padded, ad, null, nonce, key);
  sodium.memzero(padded);
  const out = new Uint8Array(1 + nonce.length + cipher.length);
  out[0] = BLOB_VERSION;
  out.set(nonce, 1);
  out.set(cipher, 1 + nonce.length);
  return out;
}

/** Returns null when the blob does not authenticate; callers decide what that means. */
export function tryOpen(sodium: Sodium, key: Uint8Array, blob: Uint8Array, field: SealedField, ad: Uint8Array): Uint8Array | null {
  const nonceBytes = sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  const minimum = 1 + nonceBytes + sodium.crypto_aead_xchacha20poly1305_ietf_ABYTES;
  if (!(blob instanceof Uint8Array) || blob.length < minimum || blob[0] !== BLOB_VERSION) return null;
  try {
    const padded = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
      null,
      blob.subarray(1 + nonceBytes),
      ad,
      blob.subarray(1, 1 + nonceBytes),
      key,
    );
    const plain = sodium.unpad(padded, PAD_BLOCK[field]);
    return plain;
  } catch {
    return null;
  }
}

/** Opens a blob that must authenticate: failure means the file was damaged or tampered with. */
export function open(sodium: Sodium, key: Uint8Array, blob: Uint8Array, field: SealedField, ad: Uint8Array): Uint8Array {
  const plain = tryOpen(sodium, key, blob, field, ad);
  if (!plain) throw damaged();
  return plain;
}

export const utf8 = {
  encode: (s: string) => new TextEncoder().encode(s),
  decode: (b: Uint8Array) => new TextDecoder('utf-8', { fatal: true }).decode(b),
};
