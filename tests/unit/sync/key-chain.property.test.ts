// The vouching chain (key-chain.ts) over random histories of key changes: a device holding any
// key of the chain follows it to the newest and gets exactly the keys above its own; a chain
// anyone changed — one byte of one link, a link dropped, the newest key swapped for the planter's,
// a link re-made by someone without the old key — never leads a device to a key it does not
// already hold. Generations may skip (a device that re-keyed without seeing the others' changes).
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { commitOf, followChain, makeLink, vouchedBefore, vouchersOf } from '../../../electron/sync/key-chain';
import type { DeviceHeader, KeyLink } from '../../../electron/sync/replica-format';
import { loadSodium, type Sodium } from '../../../electron/vault/sodium';

const SYNC_ID = '00000000-0000-4000-8000-0000000000cc';
let sodium: Sodium;
beforeAll(async () => {
  sodium = await loadSodium();
});

interface History {
  gens: number[];
  keys: Uint8Array[];
  chain: KeyLink[];
}

function history(steps: number[], seeds: number[]): History {
  const gens = [1];
  for (const step of steps) gens.push(gens.at(-1)! + step);
  const keys = gens.map((_, i) => sodium.crypto_generichash(32, new Uint8Array([i, ...seeds]), null));
  const chain = gens.slice(1).map((gen, i) => makeLink(sodium, SYNC_ID, gens[i]!, keys[i]!, gen, keys[i + 1]!));
  return { gens, keys, chain };
}

const headerOf = (h: History, chain = h.chain): DeviceHeader => ({
  format: 'tokenvault-replica/1',
  syncId: SYNC_ID,
  deviceId: '0123456789abcdef',
  gen: h.gens.at(-1)!,
  kdf: { alg: 'argon2id13', opsLimit: 1, memLimitBytes: 8192, salt: '' },
  wrappedKey: '',
  syncedAt: '',
  chain,
});

const runs = { numRuns: Number(process.env.FC_RUNS ?? 40) };
const arbHistory = fc.tuple(fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 8 }), fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }));

function flip(text: string, at: number): string {
  const bytes = Buffer.from(text, 'base64');
  bytes[at % bytes.length]! ^= 1;
  return bytes.toString('base64');
}

describe('the key chain', () => {
  it('a device holding any earlier key follows the chain to the newest and gets exactly the keys above its own', () => {
    fc.assert(
      fc.property(arbHistory, fc.nat(), ([steps, seeds], pick) => {
        const h = history(steps, seeds);
        const mine = pick % (h.gens.length - 1);
        const held = new Map([[h.gens[mine]!, h.keys[mine]!]]);
        expect(vouchedBefore(sodium, headerOf(h), held)).toBe('vouched');
        const got = followChain(sodium, headerOf(h), h.keys.at(-1)!, held)!;
        expect([...got.keys()].sort((a, b) => a - b)).toEqual(h.gens.slice(mine + 1));
        for (const [gen, key] of got) expect(Buffer.from(key)).toEqual(Buffer.from(h.keys[h.gens.indexOf(gen)]!));
      }),
      runs,
    );
  });

  it('a chain changed by anyone without the old keys leads no device to a key it does not hold', () => {
    const tamper = fc.oneof(
      fc.record({ kind: fc.constant('flip' as const), link: fc.nat(), field: fc.constantFrom('commit', 'vouch', 'back') as fc.Arbitrary<'commit' | 'vouch' | 'back'>, at: fc.nat() }),
      fc.record({ kind: fc.constant('drop' as const), link: fc.nat() }),
      fc.record({ kind: fc.constant('planted-key' as const) }),
      fc.record({ kind: fc.constant('remade' as const), link: fc.nat() }),
    );
    fc.assert(
      fc.property(arbHistory, fc.nat(), tamper, ([steps, seeds], pick, t) => {
        const h = history(steps, seeds);
        const mine = pick % (h.gens.length - 1);
        const held = new Map([[h.gens[mine]!, h.keys[mine]!]]);
        let chain = h.chain.map((l) => ({ ...l }));
        let newest = h.keys.at(-1)!;
        // Only a link at or above the one that leaves the held key can matter to this device.
        const i = mine + ((t.kind === 'planted-key' ? 0 : t.link) % (chain.length - mine));
        if (t.kind === 'flip') chain[i]![t.field] = flip(chain[i]![t.field], t.at);
        if (t.kind === 'drop') chain = chain.filter((_, j) => j !== i);
        if (t.kind === 'planted-key') {
          newest = sodium.randombytes_buf(32);
          // The planter re-makes the top link from a key of their own.
          const top = chain.length - 1;
          chain[top] = makeLink(sodium, SYNC_ID, chain[top]!.prev, sodium.randombytes_buf(32), chain[top]!.gen, newest);
        }
        if (t.kind === 'remade') {
          // Link i re-made with every key above it the planter's, the old key unknown to them.
          const planted = h.keys.map(() => sodium.randombytes_buf(32));
          for (let j = i; j < chain.length; j++) chain[j] = makeLink(sodium, SYNC_ID, chain[j]!.prev, planted[j]!, chain[j]!.gen, planted[j + 1]!);
          newest = planted[chain.length]!;
        }
        const header = headerOf(h, chain);
        const before = vouchedBefore(sodium, header, held);
        const after = followChain(sodium, header, newest, held);
        // Steps above the first one from the held key are checked only once the newest key is given; either way none is followed.
        expect(after).toBeNull();
        expect(before).not.toBe('same-key');
        // The first step, re-made without the held key, is refused before any password is asked.
        if (t.kind === 'remade' && i === mine) expect(before).toBe('unvouched');
        if (t.kind === 'flip' && t.field === 'vouch' && i === mine) expect(before).toBe('unvouched');
      }),
      runs,
    );
  });

  it('a device that still holds older keys follows a chain only through the key it writes under now; a rival hanging off a superseded key is refused', () => {
    // The device moved through h up to generation `now`, holding every key on the way. Someone who
    // kept an older key (a lost device that knows the old password) draws rival keys from it.
    fc.assert(
      fc.property(arbHistory, fc.nat(), fc.nat(), fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }), ([steps, seeds], pickNow, pickOld, rivalSteps) => {
        const h = history(steps, seeds);
        const now = pickNow % (h.gens.length - 1) + 1; // index of the generation this device is at (not the first)
        const old = pickOld % now; // a superseded generation it still holds
        const held = new Map(h.gens.slice(0, now + 1).map((g, i) => [g, h.keys[i]!] as const));
        const ownChain = h.chain.slice(0, now);
        const at = h.gens[now]!;
        // The legit chain above `now` is still followed, with exactly the keys above it.
        const real = { ...headerOf(h), chain: h.chain };
        const vouchers = vouchersOf(held, at, ownChain, real);
        expect(vouchedBefore(sodium, real, vouchers)).toBe(now === h.gens.length - 1 ? 'same-key' : 'vouched');
        if (now < h.gens.length - 1) expect([...followChain(sodium, real, h.keys.at(-1)!, vouchers)!.keys()].sort((a, b) => a - b)).toEqual(h.gens.slice(now + 1));
        // The rival: from the old key, over `at` (so it looks newer), every key the rival's own.
        let prev = h.gens[old]!;
        let prevKey = h.keys[old]!;
        const rivalChain = h.chain.slice(0, old);
        let gen = Math.max(at, h.gens.at(-1)!);
        for (const step of rivalSteps) {
          gen += step;
          const key = sodium.randombytes_buf(32);
          rivalChain.push(makeLink(sodium, SYNC_ID, prev, prevKey, gen, key));
          [prev, prevKey] = [gen, key];
        }
        const rival: DeviceHeader = { ...headerOf(h, rivalChain), gen };
        const rivalVouchers = vouchersOf(held, at, ownChain, rival);
        expect(vouchedBefore(sodium, rival, rivalVouchers)).toBe('unvouched');
        expect(followChain(sodium, rival, prevKey, rivalVouchers)).toBeNull();
      }),
      runs,
    );
  });

  it('a device that holds the newest key already sees its own key, not a change', () => {
    fc.assert(
      fc.property(arbHistory, ([steps, seeds]) => {
        const h = history(steps, seeds);
        const held = new Map([[h.gens.at(-1)!, h.keys.at(-1)!]]);
        expect(vouchedBefore(sodium, headerOf(h), held)).toBe('same-key');
        expect(headerOf(h).chain!.at(-1)!.commit).toBe(commitOf(sodium, SYNC_ID, h.gens.at(-1)!, h.keys.at(-1)!));
      }),
      runs,
    );
  });
});
