// The vault's hot paths call libsodium's WASM exports directly instead of through
// libsodium-wrappers. The wrappers copy every argument into the WASM heap and every result out
// of it (a malloc, a copy and a wiped free per argument, ten of them per opened row), and
// their pad/unpad hand back JavaScript copies of the plaintext that nobody zeroes. Here a
// plaintext is written into WASM memory, used there and zeroed there: the only copy outside
// it is the one the caller asked for (a string, or bytes the caller wipes).
//
// The keys of an unlocked vault live in one WASM allocation (KeyRing), wiped on lock; the
// Uint8Arrays the rest of the code holds are views of it, created fresh on each access
// because a growing WASM memory detaches old views.
import { sodiumNow } from './sodium';

interface Exports {
  HEAPU8: Uint8Array;
  _malloc(size: number): number;
  _free(address: number): void;
  _crypto_aead_xchacha20poly1305_ietf_encrypt(c: number, clenP: number, m: number, mlenLo: number, mlenHi: number, ad: number, adLo: number, adHi: number, nsec: number, npub: number, k: number): number;
  _crypto_aead_xchacha20poly1305_ietf_decrypt(m: number, mlenP: number, nsec: number, c: number, clenLo: number, clenHi: number, ad: number, adLo: number, adHi: number, npub: number, k: number): number;
  _crypto_generichash(out: number, outlen: number, input: number, inLo: number, inHi: number, key: number, keylen: number): number;
  _crypto_kdf_derive_from_key(subkey: number, subkeyLen: number, idLo: number, idHi: number, ctx: number, key: number): number;
}

const KEY = 32;
const NONCE = 24;
const TAG = 16;
/** BLAKE2b-512's output: a derived nonce is its first NONCE bytes. */
const HASH = 64;

function wasm(): Exports {
  return (sodiumNow() as unknown as { libsodium: Exports }).libsodium;
}

/** Where each key view lives in WASM memory: a view may be detached by growth, its address is not. */
const keyAddress = new WeakMap<Uint8Array, number>();

/**
 * One reusable scratch region: [key][nonce][associated data][input][output]. Grown (the old
 * one freed, which zeroes it) when a larger message comes; plaintext parts are zeroed after
 * every use.
 */
let scratch = 0;
let scratchSize = 0;

function region(size: number): number {
  if (size > scratchSize) {
    const module = wasm();
    if (scratch) module._free(scratch);
    scratchSize = Math.max(size, 2 * scratchSize, 16 * 1024);
    scratch = module._malloc(scratchSize);
    if (!scratch) throw new Error('libsodium could not allocate memory');
  }
  return scratch;
}

/** Frees the scratch region (zeroed as it is freed): on lock. */
export function releaseScratch(): void {
  if (!scratch) return;
  wasm()._free(scratch);
  scratch = 0;
  scratchSize = 0;
}

/** Puts the key at `at` unless it is a ring key, which is used where it lies. */
function placeKey(key: Uint8Array, at: number): number {
  const address = keyAddress.get(key);
  if (address !== undefined) return address;
  if (key.length !== KEY) throw new Error('invalid key length');
  wasm().HEAPU8.set(key, at);
  return at;
}

/** ISO/IEC 7816-4 padding (libsodium's sodium_pad): 0x80 then zeros, to the next multiple of `block` above the length. */
export function paddedLength(length: number, block: number): number {
  return (Math.floor(length / block) + 1) * block;
}

type Plain = Uint8Array | string;

/**
 * A nonce that is not drawn but derived from the associated data (seal.ts sealOnce): the first
 * 24 bytes of BLAKE2b-512 of `domain ‖ ad`, computed where the associated data already lies.
 */
export interface DerivedNonce {
  domain: Uint8Array;
}

/**
 * Seals bytes or a string (encoded straight into WASM memory) as nonce ‖ ciphertext ‖ tag after
 * `prefix`; without the nonce when `storeNonce` is false (the opener derives it, see seal.ts).
 * The associated data may be text, written into WASM memory as UTF-8 (no byte array per row).
 */
export function aeadSeal(key: Uint8Array, plain: Plain, block: number, ad: AssociatedData, nonce: Uint8Array | DerivedNonce, prefix: number, storeNonce = true): Uint8Array {
  const length = typeof plain === 'string' ? Buffer.byteLength(plain, 'utf8') : plain.length;
  const padded = paddedLength(length, block);
  const domain = nonce instanceof Uint8Array ? EMPTY : nonce.domain;
  // UTF-8 takes at most three bytes per UTF-16 unit.
  const adRoom = typeof ad === 'string' ? ad.length * 3 : ad.length;
  const base = region(KEY + HASH + domain.length + adRoom + padded + padded + TAG);
  const module = wasm();
  const heap = module.HEAPU8;
  const k = placeKey(key, base);
  // The nonce is the first NONCE bytes of the HASH-byte room (a derived one is hashed into it).
  const n = base + KEY;
  const d = n + HASH;
  const a = d + domain.length;
  heap.set(domain, d);
  const adLength = typeof ad === 'string' ? textEncoder.encodeInto(ad, heap.subarray(a, a + adRoom)).written : (heap.set(ad, a), ad.length);
  const m = a + adLength;
  const c = m + padded;
  if (nonce instanceof Uint8Array) {
    if (nonce.length !== NONCE) throw new Error('invalid nonce length');
    heap.set(nonce, n);
  } else if (module._crypto_generichash(n, HASH, d, domain.length + adLength, 0, 0, 0) !== 0) throw new Error('hashing failed');
  if (typeof plain === 'string') textEncoder.encodeInto(plain, heap.subarray(m, m + length));
  else heap.set(plain, m);
  heap[m + length] = 0x80;
  heap.fill(0, m + length + 1, m + padded);
  try {
    if (module._crypto_aead_xchacha20poly1305_ietf_encrypt(c, 0, m, padded, 0, a, adLength, 0, 0, n, k) !== 0) throw new Error('encryption failed');
    const stored = storeNonce ? NONCE : 0;
    const out = new Uint8Array(prefix + stored + padded + TAG);
    if (storeNonce) out.set(heap.subarray(n, n + NONCE), prefix);
    out.set(heap.subarray(c, c + padded + TAG), prefix + stored);
    return out;
  } finally {
    heap.fill(0, base, c + padded + TAG);
  }
}

const EMPTY = new Uint8Array(0);
const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder('utf-8', { fatal: true });

/** Associated data as bytes, or as text written into WASM memory as UTF-8 (no JavaScript byte copy per row). */
export type AssociatedData = Uint8Array | string;

/**
 * Opens nonce ‖ ciphertext ‖ tag (at `from` in blob; ciphertext ‖ tag when the caller gives the
 * `derived` nonce) and unpads it inside WASM memory; returns what `read` makes of the
 * plaintext's bytes (a view that is zeroed right after), or null when it does not authenticate
 * or its padding is wrong.
 */
export function aeadOpen<T>(key: Uint8Array, blob: Uint8Array, from: number, block: number, ad: AssociatedData, read: (plain: Uint8Array) => T, derived?: Uint8Array): T | null {
  if (derived && derived.length !== NONCE) throw new Error('invalid nonce length');
  const stored = derived ? 0 : NONCE;
  const cipherLength = blob.length - from - stored;
  const padded = cipherLength - TAG;
  if (padded <= 0 || padded % block !== 0) return null;
  // UTF-8 takes at most three bytes per UTF-16 unit.
  const adRoom = typeof ad === 'string' ? ad.length * 3 : ad.length;
  const base = region(KEY + NONCE + adRoom + blob.length + padded);
  const module = wasm();
  const heap = module.HEAPU8;
  const k = placeKey(key, base);
  const a = base + KEY + NONCE;
  const adLength = typeof ad === 'string' ? textEncoder.encodeInto(ad, heap.subarray(a, a + adRoom)).written : (heap.set(ad, a), ad.length);
  // The blob is copied whole, in one go: its nonce (or the derived one) and ciphertext are read where they land.
  const b = a + adLength;
  heap.set(blob, b);
  const n = derived ? base + KEY : b + from;
  if (derived) heap.set(derived, n);
  const c = b + from + stored;
  const m = b + blob.length;
  try {
    if (module._crypto_aead_xchacha20poly1305_ietf_decrypt(m, 0, 0, c, cipherLength, 0, a, adLength, 0, n, k) !== 0) return null;
    let end = m + padded - 1;
    const floor = m + padded - block;
    while (end > floor && heap[end] === 0) end--;
    if (heap[end] !== 0x80) return null;
    return read(heap.subarray(m, end));
  } finally {
    heap.fill(0, base, m + padded);
  }
}

/** UTF-8 text, or a thrown TypeError for bytes that are not (the caller's "damaged"). */
export const decodeText = (bytes: Uint8Array): string => textDecoder.decode(bytes);
/**
 * A copy the caller must wipe, kept off V8's heap: a small typed array made the usual way
 * (slice, new Uint8Array(32)) lives inside the heap, where the garbage collector moves it and
 * leaves the old copy unzeroed. An ArrayBuffer's store is allocated outside and never moves.
 */
export function offHeap(length: number): Uint8Array {
  return new Uint8Array(new ArrayBuffer(length));
}

export const copyBytes = (bytes: Uint8Array): Uint8Array => {
  const out = offHeap(bytes.length);
  out.set(bytes);
  return out;
};

/** Keyed BLAKE2b of a string, computed in WASM memory (the name never becomes a JS byte array); the first `keep` bytes of it. */
export function keyedHash(key: Uint8Array, text: string, outLength: number, keep = outLength): Uint8Array {
  return withKeyedHash(key, text, outLength, (heap, out) => heap.slice(out, out + keep));
}

/** keyedHash as base64url or hex text, read straight out of WASM memory (no byte array per call). */
export function keyedHashText(key: Uint8Array, text: string, outLength: number, encoding: 'base64url' | 'hex'): string {
  return withKeyedHash(key, text, outLength, (heap, out) => Buffer.from(heap.buffer, heap.byteOffset + out, outLength).toString(encoding));
}

function withKeyedHash<T>(key: Uint8Array, text: string, outLength: number, read: (heap: Uint8Array, out: number) => T): T {
  const length = Buffer.byteLength(text, 'utf8');
  const base = region(KEY + outLength + length);
  const module = wasm();
  const heap = module.HEAPU8;
  const k = placeKey(key, base);
  const out = base + KEY;
  const input = out + outLength;
  textEncoder.encodeInto(text, heap.subarray(input, input + length));
  try {
    if (module._crypto_generichash(out, outLength, input, length, 0, k, KEY) !== 0) throw new Error('hashing failed');
    return read(heap, out);
  } finally {
    heap.fill(0, base, input + length);
  }
}

/**
 * The keys of one unlocked vault in one WASM allocation: slot 0 the vault key, then subkeys
 * derived in place (libsodium's crypto_kdf, as before). wipe() zeroes and frees it all.
 */
export class KeyRing {
  private address: number;

  private constructor(private readonly slots: number) {
    this.address = wasm()._malloc(slots * KEY);
    if (!this.address) throw new Error('libsodium could not allocate memory');
  }

  /** Takes the vault key in (the caller's copy is zeroed) and derives each named subkey beside it. */
  static fromVaultKey(vaultKey: Uint8Array, subkeys: { id: number; context: string }[]): KeyRing {
    const ring = new KeyRing(1 + subkeys.length);
    const module = wasm();
    module.HEAPU8.set(vaultKey, ring.address);
    vaultKey.fill(0);
    const ctx = region(16);
    subkeys.forEach(({ id, context }, i) => {
      const heap = wasm().HEAPU8;
      textEncoder.encodeInto(`${context}\0`, heap.subarray(ctx, ctx + 9));
      if (module._crypto_kdf_derive_from_key(ring.address + (i + 1) * KEY, KEY, id, 0, ctx, ring.address) !== 0) throw new Error('key derivation failed');
    });
    return ring;
  }

  /** The views handed out, one per slot, while WASM memory has not grown (growth detaches them). */
  private views: Uint8Array[] = [];

  /** A view of slot `i`, valid until the next WASM allocation (use it at once, never keep it). */
  key(i: number): Uint8Array {
    if (!this.address) throw new Error('key ring used after wipe');
    const heap = wasm().HEAPU8;
    // Reused while it still views the live memory: a view (and its WeakMap entry) per use was
    // a tenth of an import's CPU time, three per row.
    const cached = this.views[i];
    if (cached && cached.buffer === heap.buffer) return cached;
    const view = new Uint8Array(heap.buffer, this.address + i * KEY, KEY);
    keyAddress.set(view, this.address + i * KEY);
    this.views[i] = view;
    return view;
  }

  /** A JavaScript copy of slot `i` (only to wrap the vault key; the caller wipes it). */
  copy(i: number): Uint8Array {
    return copyBytes(wasm().HEAPU8.subarray(this.address + i * KEY, this.address + (i + 1) * KEY));
  }

  get wiped(): boolean {
    return this.address === 0;
  }

  wipe(): void {
    this.views = [];
    if (!this.address) return;
    wasm().HEAPU8.fill(0, this.address, this.address + this.slots * KEY);
    wasm()._free(this.address);
    this.address = 0;
  }
}
