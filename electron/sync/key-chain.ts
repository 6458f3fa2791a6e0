// A new sync key is vouched for by the key it replaces. Anyone who can write the sync place can
// plant a device.json of a higher generation, its key wrapped under a password of their choosing;
// a device asked for "the new password" that took it would sync into a key the planter holds.
// So each generation after the first carries a link in its header's chain:
//   commit  a hash of the new key (public: it shows nothing of the key);
//   vouch   a MAC of (sync id, both generations, commit) under the OLD key — only a holder of the
//           old key can write it, and a device holding that key checks it before asking anyone
//           for a password (vouchedBefore);
//   back    the old key sealed under the new one, so a device that missed several changes walks
//           from the newest key down to one it holds, checking every vouch on the way (followChain).
// The new key is never sealed under the old one: the old password opens nothing written after a change.
// Only the key a device writes under NOW vouches (vouchersOf): an older key it still holds is
// also held by whoever it was changed to shut out (a lost device that knows the old password), so
// a chain hanging off a superseded generation is refused — except a rival drawn at this very
// generation from the key this device's own change came from (password-race.ts).
import { associatedData, seal, tryOpen, utf8 } from '../vault/seal';
import type { Sodium } from '../vault/sodium';
import type { DeviceHeader, KeyLink } from './replica-format';

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const bytesOf = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));
const backAd = (syncId: string, prev: number, gen: number) => associatedData(syncId, '-', 'vault-key', `sync-key-back:${prev}:${gen}`);

export function commitOf(sodium: Sodium, syncId: string, gen: number, key: Uint8Array): string {
  return b64(sodium.crypto_generichash(32, Buffer.concat([utf8.encode(`tokenvault-sync-key-commit/1|${syncId}|${gen}|`), key]), null));
}

function vouchOf(sodium: Sodium, syncId: string, prev: number, gen: number, commit: string, prevKey: Uint8Array): Uint8Array {
  return sodium.crypto_generichash(32, utf8.encode(`tokenvault-sync-vouch/1|${syncId}|${prev}|${gen}|${commit}`), prevKey);
}

const same = (sodium: Sodium, a: Uint8Array, b: Uint8Array) => a.length === b.length && sodium.memcmp(a, b);

/** The link a device writes when it moves from generation `prev` (key `prevKey`) to `gen` (key `key`). */
export function makeLink(sodium: Sodium, syncId: string, prev: number, prevKey: Uint8Array, gen: number, key: Uint8Array): KeyLink {
  const commit = commitOf(sodium, syncId, gen, key);
  return { gen, prev, commit, vouch: b64(vouchOf(sodium, syncId, prev, gen, commit, prevKey)), back: b64(seal(sodium, key, prevKey, 'vault-key', backAd(syncId, prev, gen))) };
}

/** The chain's links from the header's generation down, as long as each names the one below it. */
function linksDown(header: DeviceHeader): KeyLink[] {
  const byGen = new Map((header.chain ?? []).map((l) => [l.gen, l]));
  const out: KeyLink[] = [];
  for (let gen = header.gen, link = byGen.get(gen); link && link.prev < link.gen; gen = link.prev, link = byGen.get(gen)) out.push(link);
  return out;
}

/**
 * The keys that may vouch for `header`'s key on a device at generation `gen` whose own change to
 * it is `ownChain`'s link: its current key; for a rival of the same generation (a race), also the
 * key both changes came from. Never any other older key.
 */
export function vouchersOf(held: ReadonlyMap<number, Uint8Array>, gen: number, ownChain: readonly KeyLink[] | undefined, header: Pick<DeviceHeader, 'gen'>): Map<number, Uint8Array> {
  const out = new Map<number, Uint8Array>();
  const current = held.get(gen);
  if (current) out.set(gen, current);
  const mine = header.gen === gen ? ownChain?.find((l) => l.gen === gen) : undefined;
  const parent = mine && held.get(mine.prev);
  if (mine && parent) out.set(mine.prev, parent);
  return out;
}

export type Vouching = 'same-key' | 'vouched' | 'unvouched';

/**
 * Before any password is asked: whether `header`'s key is the one this device holds for its
 * generation, or a key vouched for by one it holds (the first step above a generation it has a key
 * for; the steps above that are checked once the key is unwrapped), or neither.
 */
export function vouchedBefore(sodium: Sodium, header: DeviceHeader, held: ReadonlyMap<number, Uint8Array>): Vouching {
  const links = linksDown(header);
  const own = held.get(header.gen);
  if (own && links[0]?.commit === commitOf(sodium, header.syncId, header.gen, own)) return 'same-key';
  for (const link of links) {
    const prevKey = held.get(link.prev);
    if (!prevKey) continue;
    return same(sodium, bytesOf(link.vouch), vouchOf(sodium, header.syncId, link.prev, link.gen, link.commit, prevKey)) ? 'vouched' : 'unvouched';
  }
  return 'unvouched';
}

/**
 * With `key` unwrapped from `header` (its generation's key): every key from it down to one this
 * device holds, each step's commit, back seal and vouch checked; null when the chain does not
 * reach a key held here (a planted key, or a change made from a key this device never had).
 */
export function followChain(sodium: Sodium, header: DeviceHeader, key: Uint8Array, held: ReadonlyMap<number, Uint8Array>): Map<number, Uint8Array> | null {
  const found = new Map<number, Uint8Array>();
  let current = key;
  let gen = header.gen;
  for (const link of [...linksDown(header), null]) {
    const own = held.get(gen);
    if (own && same(sodium, own, current)) return found;
    found.set(gen, current);
    if (!link || link.commit !== commitOf(sodium, header.syncId, gen, current)) return null;
    const prevKey = tryOpen(sodium, current, bytesOf(link.back), 'vault-key', backAd(header.syncId, link.prev, gen));
    if (!prevKey || !same(sodium, bytesOf(link.vouch), vouchOf(sodium, header.syncId, link.prev, gen, link.commit, prevKey))) return null;
    current = prevKey;
    gen = link.prev;
  }
  return null;
}
