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
    const kdf = sodium.crypto_kdf_derive_from_key.bind(sodium);
    vi.spyOn(sodium, 'crypto_kdf_derive_from_key').mockImplementation(((len: number, id: number, ctx: string, key: Uint8Array) => {
      keys.push(Buffer.from(key));
      const out = kdf(len, id, ctx, key);
      keys.push(Buffer.from(out));
      return out;
    }) as typeof sodium.crypto_kdf_derive_from_key);
    const pwhash = sodium.crypto_pwhash.bind(sodium);
    vi.spyOn(sodium, 'crypto_pwhash').mockImplementation(((...args: Parameters<typeof sodium.crypto_pwhash>) => {
      const out = pwhash(...args);
      keys.push(Buffer.from(out));
      return out;
    }) as typeof sodium.crypto_pwhash);

    const file = path.join(tempDir(), 'v.tokenvault');
    const created = await Vault.create(file, PASSWORD, { kdf: TEST_KDF });
    const entry = created.add({ name: 'scan-me', kind: 'other' }, SECRET);
    created.close();
    const vault = Vault.open(file);
    await vault.unlock(PASSWORD);
    expect(vault.list()).toHaveLength(1);
    expect(vault.readSecret(entry.id)).toBe(SECRET);
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

  it("Argon2's 64 MiB of working memory is scrubbed after the derivation", async () => {
    const sodium = await loadSodium();
    const file = path.join(tempDir(), 'v.tokenvault');
    const vault = await Vault.create(file, PASSWORD, { kdf: TEST_KDF });
    vault.close();
    const memory = wasmMemory(sodium);
    expect(memory.length).toBeGreaterThan(64 * 1024 * 1024);
    let nonZero = 0;
    for (const byte of memory) if (byte !== 0) nonZero++;
    expect(nonZero).toBeLessThan(1024 * 1024);
  });
});
