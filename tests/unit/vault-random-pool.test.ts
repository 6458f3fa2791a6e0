// Nonces and secret versions come from a pooled CSPRNG draw: each byte string is handed out
// once, across pool refills (a view into the pool, zeroed after handing out, would repeat as zeros).
import { describe, expect, it } from 'vitest';
import { publicRandomBytes, publicRandomHex } from '../../electron/vault/random-pool';

describe('publicRandomBytes', () => {
  it('never hands out the same bytes twice, across many refills, at any length', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      for (const length of [24, 16, 7]) {
        const bytes = publicRandomBytes(length);
        expect(bytes).toHaveLength(length);
        const hex = Buffer.from(bytes).toString('hex');
        expect(seen.has(hex), `repeated after ${i} rounds`).toBe(false);
        seen.add(hex);
      }
    }
    expect(publicRandomBytes(10_000)).toHaveLength(10_000);
  });
});

describe('publicRandomHex', () => {
  it('hands out each draw once, as hex, across refills and mixed with publicRandomBytes', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const hex = publicRandomHex(16);
      expect(hex).toMatch(/^[0-9a-f]{32}$/);
      const bytes = Buffer.from(publicRandomBytes(24)).toString('hex');
      for (const drawn of [hex, bytes]) {
        expect(seen.has(drawn), `repeated after ${i} rounds`).toBe(false);
        seen.add(drawn);
      }
    }
    expect(publicRandomHex(5000)).toMatch(/^[0-9a-f]{10000}$/);
  });
});
