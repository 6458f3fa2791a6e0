// The .kdbx payload's gzip through Node's zlib (kdbx-inflate.ts) must give back the payload's bytes (kdbxweb's own files: tests/integration/kdbx-*.test.ts), and a
// payload that inflates past the cap is refused with a sentence before its memory is taken.
import { constants } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { isVaultError } from '../../electron/vault/errors';
import { inflatePayload, MAX_INFLATED_BYTES } from '../../electron/vault/kdbx-inflate';

const bytesOf = (buffer: ArrayBuffer) => Buffer.from(new Uint8Array(buffer));

describe('inflating a .kdbx payload with zlib (kdbx-inflate.ts)', () => {
  it('gives back the bytes gzip was given, XML-like or random, from an ArrayBuffer or a view', () => {
    const xml = Buffer.from(Array.from({ length: 2000 }, (_, i) => `<Entry><String><Key>Title</Key><Value>t-${i}</Value></String></Entry>\n`).join(''));
    for (const plain of [xml, randomBytes(300_000), Buffer.alloc(0)]) {
      const gz = zlib.gzipSync(plain);
      const view = new Uint8Array(gz.buffer, gz.byteOffset, gz.byteLength);
      expect(bytesOf(inflatePayload(view)).equals(plain)).toBe(true);
      expect(bytesOf(inflatePayload(view.slice().buffer)).equals(plain)).toBe(true);
    }
  });

  it('a payload that inflates past the cap (a gzip bomb) is refused with a sentence, not inflated', () => {
    const bomb = zlib.gzipSync(Buffer.alloc(3 * 1024 * 1024, 0x41));
    expect(bomb.byteLength).toBeLessThan(64 * 1024);
    let caught: unknown;
    try {
      inflatePayload(bomb, 2 * 1024 * 1024);
    } catch (error) {
      caught = error;
    }
    expect(isVaultError(caught) && caught.code).toBe('INVALID_INPUT');
    expect((caught as Error).message).toBe('The database unpacks to more than 2 MiB; Token Vault stops there, so nothing was imported.');
    expect((caught as Error).message).not.toContain('AAAA');
  });

  it('a cut-off or damaged stream throws (the reader reports the file as damaged)', () => {
    const gz = zlib.gzipSync(randomBytes(100_000));
    expect(() => inflatePayload(gz.subarray(0, gz.byteLength - 1000))).toThrow();
    const flipped = Buffer.from(gz);
    flipped[200] = flipped[200]! ^ 0xff;
    expect(() => inflatePayload(flipped)).toThrow();
  });
});

describe('the inflate cap and V8\'s longest string', () => {
  it('is below buffer.constants.MAX_STRING_LENGTH with at least 1 MiB to spare: any payload under it decodes to one string', () => {
    // 512 MiB was 24 bytes over V8's 2^29 - 24 characters on 64-bit Node 20: a payload between the two failed as "damaged".
    expect(MAX_INFLATED_BYTES).toBeLessThanOrEqual(constants.MAX_STRING_LENGTH - 1024 * 1024);
    expect(MAX_INFLATED_BYTES % (1024 * 1024)).toBe(0);
    expect(MAX_INFLATED_BYTES).toBeGreaterThanOrEqual(256 * 1024 * 1024);
  });
});
