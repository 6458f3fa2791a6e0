// The vault's key comes from hash-wasm's Argon2id in a worker (kdf-thread.mjs); every vault
// made before, by libsodium's crypto_pwhash, must still open: the same password, salt and
// parameters give the same key in both, byte for byte, including a memory size that is not a
// whole number of KiB (libsodium rounds it down; so must we).
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveKeyOffThread, MIN_MEMORY } from '../../electron/vault/kdf';
import { loadSodium } from '../../electron/vault/sodium';

describe('the worker derives the key libsodium derives', () => {
  for (const [opsLimit, memLimitBytes] of [
    [2, MIN_MEMORY],
    [3, MIN_MEMORY + 1536],
  ] as const) {
    it(`${opsLimit} passes over ${memLimitBytes} bytes`, async () => {
      const sodium = await loadSodium();
      const password = 'correct horse battery staple ✓';
      const salt = new Uint8Array(randomBytes(16));
      const expected = sodium.crypto_pwhash(32, password, salt, opsLimit, memLimitBytes, sodium.crypto_pwhash_ALG_ARGON2ID13);
      const { key } = await deriveKeyOffThread(sodium, password, { alg: 'argon2id13', opsLimit, memLimitBytes, salt });
      expect(Buffer.from(key).toString('hex')).toBe(Buffer.from(expected).toString('hex'));
    });
  }
});
