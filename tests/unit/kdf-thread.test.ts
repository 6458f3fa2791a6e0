// The vault's key comes from hash-wasm's Argon2id in a worker (kdf-thread.mjs); every vault
// made before, by libsodium's crypto_pwhash, must still open: the same password, salt and
// parameters give the same key in both, byte for byte, including a memory size that is not a
// whole number of KiB (libsodium rounds it down; so must we).
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveKeyOffThread, MIN_MEMORY } from '../../electron/vault/kdf';
import { kdfWorkerWaiting, prewarmKdfWorker } from '../../electron/vault/kdf-worker';
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

describe('a worker started ahead (the app’s unlock screen)', () => {
  it('waits loaded, takes the next derivation and gives the same key, once; the one after starts its own', async () => {
    const sodium = await loadSodium();
    const salt = new Uint8Array(randomBytes(16));
    const params = { alg: 'argon2id13' as const, opsLimit: 2, memLimitBytes: MIN_MEMORY, salt };
    const expected = Buffer.from(sodium.crypto_pwhash(32, 'typed while it loaded', salt, 2, MIN_MEMORY, sodium.crypto_pwhash_ALG_ARGON2ID13)).toString('hex');
    prewarmKdfWorker();
    for (let i = 0; i < 600 && !kdfWorkerWaiting(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(kdfWorkerWaiting()).toBe(true);
    const first = await deriveKeyOffThread(sodium, 'typed while it loaded', params);
    expect(Buffer.from(first.key).toString('hex')).toBe(expected);
    // Used once: it ended with its job, and nothing waits now.
    expect(kdfWorkerWaiting()).toBe(false);
    const second = await deriveKeyOffThread(sodium, 'typed while it loaded', params);
    expect(Buffer.from(second.key).toString('hex')).toBe(expected);
    // A wrong password through a warm worker gives another key (the job's password is the one used, not a stale one).
    prewarmKdfWorker();
    for (let i = 0; i < 600 && !kdfWorkerWaiting(); i++) await new Promise((r) => setTimeout(r, 50));
    const other = await deriveKeyOffThread(sodium, 'another password', params);
    expect(Buffer.from(other.key).toString('hex')).not.toBe(expected);
  }, 60_000);
});
