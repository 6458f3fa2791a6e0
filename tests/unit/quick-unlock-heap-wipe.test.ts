// Quick unlock keeps the vault key sealed, never open: after a quick unlock and a lock, a scan
// of libsodium's whole WASM memory (as vault-heap-wipe.test.ts does) finds neither the vault
// key, its subkeys nor the random wrapping key; the sealed key is held by quick unlock alone.
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createServices } from '../../electron/services';
import { TEST_KDF } from '../../electron/vault/kdf';
import { loadSodium } from '../../electron/vault/sodium';
import { Vault } from '../../electron/vault/vault';
import { FakeKeychain } from '../helpers/fake-keychain';
import { PASSWORD, tempDir } from '../helpers/vault-fixture';

function wasmMemory(sodium: unknown): Buffer {
  const heap = (sodium as { libsodium: { HEAPU8: Uint8Array } }).libsodium.HEAPU8;
  return Buffer.from(heap.buffer, heap.byteOffset, heap.length);
}

afterEach(() => vi.restoreAllMocks());

describe('quick unlock leaves no open key behind a lock', () => {
  it('a full scan of the WASM memory after quick unlock + lock finds no vault key, subkey or wrapping key; the sealed key is still kept', async () => {
    const sodium = await loadSodium();
    const keys: Buffer[] = [];
    const sealed: Buffer[] = [];
    const seal = Vault.prototype.sealKeyUnder;
    vi.spyOn(Vault.prototype, 'sealKeyUnder').mockImplementation(function (this: Vault, key: Uint8Array) {
      const ring = (this as unknown as { unlocked: { keys: { ring: { copy(i: number): Uint8Array } } } }).unlocked.keys.ring;
      for (const slot of [0, 1, 2, 3]) keys.push(Buffer.from(ring.copy(slot)));
      const out = seal.call(this, key);
      sealed.push(Buffer.from(out));
      return out;
    });
    const keychain = new FakeKeychain();
    const services = createServices({
      vaultPath: join(tempDir(), 'v.db'), clipboard: { writeSecret: () => undefined, clearIfUnchanged: () => false }, openExternal: () => undefined,
      emit: () => undefined, gitlab: null, kdf: TEST_KDF, quickUnlock: keychain,
    });
    const { api } = services;
    await api.vaultCreate({ password: PASSWORD });
    await api.tokensAdd({ entry: { name: 'scan-me' }, secret: 'glpat-quickScanSecret_Zq81' });
    await api.quickUnlockConfigure({ enabled: true, hours: 8 });
    await api.vaultLock({});
    expect((await api.vaultQuickUnlock({})).unlocked).toBe(true);
    expect((await api.tokensReveal({ id: (await api.tokensList({}))[0]!.id })).secret).toBe('glpat-quickScanSecret_Zq81');
    await api.vaultLock({});

    expect(keys).toHaveLength(4);
    const memory = wasmMemory(sodium);
    for (const key of [...keys, ...keychain.given.map((k) => Buffer.from(k))]) expect(memory.indexOf(key.subarray(0, 16))).toBe(-1);
    expect(memory.indexOf(Buffer.from('glpat-quickScanSecret_Zq81'))).toBe(-1);
    // Still there to be offered: the one thing kept, sealed, outside WASM memory.
    expect(api.quickUnlockOffer({})).toMatchObject({ method: 'confirm' });
    expect(memory.indexOf(sealed[0]!.subarray(1, 17))).toBe(-1);
    await services.shutdown();
  });
});
