// A new vault's calibration probe and key run in one worker (kdf-thread.mjs chooses the
// parameters itself, with kdf-params.mjs), so the main thread can seal rows meanwhile. What
// comes back must be what the two separate steps would give: parameters at or above the floor,
// chosen by the same arithmetic from a probe, and the key libsodium derives for them — or a
// vault made this way would not open with its password.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { calibrateAndDerive, meetsFloor, paramsFromProbe } from '../../electron/vault/kdf';
import { loadSodium } from '../../electron/vault/sodium';

describe('calibrateAndDerive: probe and key in one worker', () => {
  it('gives parameters the probe arithmetic can give, at or above the floor, and the key libsodium derives for them', async () => {
    const sodium = await loadSodium();
    const password = 'correct horse battery staple ✓';
    const salt = new Uint8Array(randomBytes(16));
    const { key, params } = await calibrateAndDerive(password, salt, { targetMs: 300 });
    expect(meetsFloor(params)).toBe(true);
    // Some probe time on this machine gives exactly these parameters (the worker used paramsFromProbe, not its own rule).
    const reachable = Array.from({ length: 4000 }, (_, i) => paramsFromProbe(i / 4, 300)).some((p) => p.opsLimit === params.opsLimit && p.memLimitBytes === params.memLimitBytes);
    expect(reachable).toBe(true);
    const expected = sodium.crypto_pwhash(32, password, salt, params.opsLimit, params.memLimitBytes, sodium.crypto_pwhash_ALG_ARGON2ID13);
    expect(Buffer.from(key).toString('hex')).toBe(Buffer.from(expected).toString('hex'));
  });

  it('with explicit parameters, derives at exactly those (no probe)', async () => {
    const sodium = await loadSodium();
    const salt = new Uint8Array(randomBytes(16));
    const given = { alg: 'argon2id13' as const, opsLimit: 2, memLimitBytes: 64 * 1024 * 1024 };
    const { key, params } = await calibrateAndDerive('pw', salt, { params: given });
    expect(params).toEqual(given);
    expect(Buffer.from(key).toString('hex')).toBe(Buffer.from(sodium.crypto_pwhash(32, 'pw', salt, 2, given.memLimitBytes, sodium.crypto_pwhash_ALG_ARGON2ID13)).toString('hex'));
  });
});
