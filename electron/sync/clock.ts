// Hybrid logical clocks and version vectors: the two orders sync needs. An HLC stamp is one
// number (milliseconds × 256 + a counter), so "later" survives a device whose clock runs
// behind; a version vector says which of each device's changes a change was made after
// having seen, which is what tells "overwrote it" from "changed it at the same time".

/** Device id → the highest change number of that device already taken in. */
export type VersionVector = Record<string, number>;

const PER_MS = 256;

export const stampOf = (ms: number): number => Math.floor(ms) * PER_MS;
export const msOf = (stamp: number): number => Math.floor(stamp / PER_MS);

/** The next stamp after `last`, never behind the wall clock nor behind `atLeastMs`. */
export function nextStamp(last: number, nowMs: number, atLeastMs = 0): number {
  return Math.max(last + 1, stampOf(nowMs), stampOf(atLeastMs));
}

export function mergeVectors(a: VersionVector, b: VersionVector): VersionVector {
  const out: VersionVector = { ...a };
  for (const [device, n] of Object.entries(b)) if ((out[device] ?? 0) < n) out[device] = n;
  return out;
}

export const covers = (vv: VersionVector, device: string, seq: number): boolean => (vv[device] ?? 0) >= seq;
