// Our AES-KDF must be kdbxweb's to the bit (every KDBX 3.1 file depends on it), for any round
// count: below, at and across the chunk size, and zero.
import { randomBytes } from 'node:crypto';
import * as kdbxwebModule from 'kdbxweb';
import { describe, expect, it } from 'vitest';
import { aesKdf, CHUNK_ROUNDS } from '../../electron/vault/kdbx-aes-kdf';

const kdbxweb = ((kdbxwebModule as { default?: typeof kdbxwebModule }).default ?? kdbxwebModule) as typeof kdbxwebModule;
// Captured before anything swaps it in (kdbx-reader.ts does, when it loads kdbxweb).
const reference = kdbxweb.KeyEncryptorAes.encrypt.bind(kdbxweb.KeyEncryptorAes);

describe("AES-KDF in large steps (kdbx-aes-kdf.ts) is kdbxweb's", () => {
  it.each([0, 1, 2, 9_999, 10_001, CHUNK_ROUNDS - 1, CHUNK_ROUNDS, CHUNK_ROUNDS + 1, 2 * CHUNK_ROUNDS + 1, 65_537, 140_001])('%i rounds', async (rounds) => {
    const credentials = new Uint8Array(randomBytes(32));
    const seed = new Uint8Array(randomBytes(32));
    const ours = await aesKdf(credentials, seed, rounds);
    expect(Buffer.from(ours).toString('hex')).toBe(Buffer.from(await reference(credentials, seed, rounds)).toString('hex'));
    if (rounds > 0) expect(Buffer.from(ours).equals(Buffer.from(credentials))).toBe(false);
  });

  it("takes the seed as an ArrayBuffer too (a KDBX 3.1 header's, as kdbxweb hands it over)", async () => {
    const credentials = new Uint8Array(randomBytes(32));
    const seed = new Uint8Array(randomBytes(32));
    const ours = await aesKdf(credentials, seed.buffer.slice(seed.byteOffset, seed.byteOffset + 32), 70_000);
    expect(Buffer.from(ours).toString('hex')).toBe(Buffer.from(await reference(credentials, seed, 70_000)).toString('hex'));
  });

  it('leaves its inputs as they were, a Buffer too (whose slice is a view)', async () => {
    const credentials = randomBytes(32);
    const seed = new Uint8Array(randomBytes(32));
    const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
    const [c, s] = [hex(credentials), hex(seed)];
    await aesKdf(credentials, seed, 70_000);
    expect([hex(credentials), hex(seed)]).toEqual([c, s]);
  });
});
