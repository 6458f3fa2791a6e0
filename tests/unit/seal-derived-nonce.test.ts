// A secret is sealed under a nonce derived from its associated data (seal.ts sealOnce), now
// hashed in libsodium's memory beside that data rather than by Node. Every secret already stored
// was sealed under Node's BLAKE2b-512 of the same bytes, and opening still derives it that way:
// the two must give one nonce. Checked here against libsodium's own decryption with the nonce
// computed by Node, independently of the vault's code, and for associated data as text or bytes.
import { createHash, randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { associatedData, associatedDataText, openTextEither, sealOnce } from '../../electron/vault/seal';
import { loadSodium, type Sodium } from '../../electron/vault/sodium';

let sodium: Sodium;
beforeAll(async () => {
  sodium = await loadSodium();
});

const nodeNonce = (ad: Uint8Array) => createHash('blake2b512').update('tokenvault/derived-nonce\u0000').update(ad).digest().subarray(0, 24);

describe('a secret sealed once under a derived nonce', () => {
  it.each([
    ['short', 'glpat-abcdefghijklmnopqrst'],
    ['empty', ''],
    ['multi-byte', 'glpat-é😀'.repeat(9)],
    ['longer than a pad block', 'x'.repeat(200)],
  ])('opens with Node\'s BLAKE2b-512 nonce (%s secret, AD as text and as bytes)', (_label, secret) => {
    const key = randomBytes(32);
    const version = randomBytes(16).toString('hex');
    const text = associatedDataText('vault-é', 'entry-1', 'secret', version);
    const bytes = associatedData('vault-é', 'entry-1', 'secret', version);
    for (const ad of [text, bytes]) {
      const blob = sealOnce(Uint8Array.from(key), secret, 'secret', ad);
      // version byte ‖ ciphertext ‖ tag: no nonce stored, the plaintext padded to 64-byte blocks.
      expect(blob[0]).toBe(2);
      expect((blob.length - 1 - 16) % 64).toBe(0);
      const plain = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, blob.subarray(1), bytes, nodeNonce(bytes), key);
      const end = plain.lastIndexOf(0x80);
      expect(Buffer.from(plain.subarray(0, end)).toString('utf8')).toBe(secret);
      expect(openTextEither(Uint8Array.from(key), blob, 'secret', bytes)).toBe(secret);
    }
  });

  it('does not open under other associated data (another entry or version)', () => {
    const key = randomBytes(32);
    const blob = sealOnce(Uint8Array.from(key), 'glpat-x', 'secret', associatedDataText('v', 'entry-1', 'secret', 'a'.repeat(32)));
    expect(() => openTextEither(Uint8Array.from(key), blob, 'secret', associatedData('v', 'entry-2', 'secret', 'a'.repeat(32)))).toThrow(expect.objectContaining({ code: 'DAMAGED' }));
    expect(() => openTextEither(Uint8Array.from(key), blob, 'secret', associatedData('v', 'entry-1', 'secret', 'b'.repeat(32)))).toThrow(expect.objectContaining({ code: 'DAMAGED' }));
  });
});
