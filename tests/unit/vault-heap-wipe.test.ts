// Locking wipes keys where they actually live: libsodium.js copies keys, passwords and
// plaintexts into its WebAssembly memory. After lock, a scan of that whole memory must find
// none of them (the JS strings holding a secret are outside it and cannot be wiped; README).
import { describe, expect, it, vi } from 'vitest';
import { TEST_KDF } from '../../electron/vault/kdf';
import { loadSodium, stackWipeActive } from '../../electron/vault/sodium';
import { Vault } from '../../electron/vault/vault';
import { PASSWORD, tempDir } from '../helpers/vault-fixture';
import path from 'node:path';

const SECRET = 'glpat-heapScanSecret_Zq81xY';

function wasmMemory(sodium: unknown): Buffer {
  const heap = (sodium as { libsodium: { HEAPU8: Uint8Array } }).libsodium.HEAPU8;
  return Buffer.from(heap.buffer, heap.byteOffset, heap.length);
}

describe('keys and plaintexts are wiped from libsodium memory on lock', () => {
  it('a full scan of the WASM memory after lock finds no key, password or secret', async () => {
    const sodium = await loadSodium();
    expect(stackWipeActive()).toBe(true);
    // Copies of every key as it is made or used, taken before anything could wipe it.
    const keys: Buffer[] = [];
    const pwhash = sodium.crypto_pwhash.bind(sodium);
    vi.spyOn(sodium, 'crypto_pwhash').mockImplementation(((...args: Parameters<typeof sodium.crypto_pwhash>) => {
      const out = pwhash(...args);
      keys.push(Buffer.from(out));
      return out;
    }) as typeof sodium.crypto_pwhash);

    const file = path.join(tempDir(), 'v.tokenvault');
    const created = await Vault.create(file, PASSWORD, { kdf: TEST_KDF });
    const entry = created.add({ name: 'scan-me', kind: 'other' }, SECRET);
    // The vault key and its subkeys live in one WASM allocation (the key ring): copy them out.
    const ringKeys = (vault: Vault) => {
      const { ring } = (vault as unknown as { unlocked: { keys: { ring: { copy(i: number): Uint8Array } } } }).unlocked.keys;
      for (const slot of [0, 1, 2]) keys.push(Buffer.from(ring.copy(slot)));
    };
    ringKeys(created);
    created.close();
    const vault = Vault.open(file);
    await vault.unlock(PASSWORD);
    expect(vault.list()).toHaveLength(1);
    expect(vault.readSecret(entry.id)).toBe(SECRET);
    ringKeys(vault);
    vault.lock();

    expect(keys.length).toBeGreaterThanOrEqual(6);
    const memory = wasmMemory(sodium);
    for (const key of keys) expect(memory.indexOf(key.subarray(0, 16))).toBe(-1);
    expect(memory.indexOf(Buffer.from(SECRET))).toBe(-1);
    expect(memory.indexOf(Buffer.from(SECRET.slice(0, 12)))).toBe(-1);
    expect(memory.indexOf(Buffer.from(PASSWORD))).toBe(-1);
    vault.close();
    vi.restoreAllMocks();
  });

  it("Argon2's memory is never part of this thread's WASM memory: the derivation runs in a worker that ends", async () => {
    const sodium = await loadSodium();
    const file = path.join(tempDir(), 'v.tokenvault');
    const vault = await Vault.create(file, PASSWORD, { kdf: TEST_KDF });
    vault.close();
    const again = Vault.open(file);
    await again.unlock(PASSWORD);
    again.close();
    // Two 64 MiB derivations happened; the main thread's libsodium memory stayed small.
    expect(wasmMemory(sodium).length).toBeLessThan(32 * 1024 * 1024);
  });
});
