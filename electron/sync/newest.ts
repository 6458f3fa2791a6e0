// A device's newest change number, beside its device.json in `newest.json`, so a reader can tell
// "nothing new" from "the newest change's file is missing" (deleted, or not carried yet by the
// sync engine). Without it, a replica whose last segment is gone reads as a whole replica one
// change shorter, and that change never arrives.
//
//   { "format": "tokenvault-newest/1", "deviceId", "gen", "seq", "mac" }
//
// `mac` is a BLAKE2b MAC under the sync key of generation `gen` over the sync id, the device, the
// generation and the number, so nobody without the key can raise the number (to make a device
// look broken) or move it to another device or vault; a changed number is refused as tampered.
// An older copy put back (a lower, once-valid number) cannot be told from a device that wrote
// less, so each reader remembers the highest number it has seen authenticated per device
// (LocalSync.announced) and never goes below it, and a newest.json it has seen that is gone is
// reported as missing too.
//
// A file of its own, not a field of device.json: builds before this one parse device.json
// strictly and would refuse every replica carrying an unknown field as damaged; they never read
// this name (only device.json, seg-* and snap-*), so they go on syncing with newer devices.
import { utf8 } from '../vault/seal';
import type { Sodium } from '../vault/sodium';
import { z } from 'zod';
import { DEVICE_ID } from './replica-format';
import type { ReplicaStore } from './replica-store';

export const NEWEST_FILE = 'newest.json';
const NEWEST_FORMAT = 'tokenvault-newest/1';

const newestSchema = z
  .object({
    format: z.literal(NEWEST_FORMAT),
    deviceId: z.string().regex(DEVICE_ID),
    gen: z.number().int().min(1).max(1_000_000),
    seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    mac: z.string().max(100),
  })
  .strict();

const macOf = (sodium: Sodium, key: Uint8Array, syncId: string, device: string, gen: number, seq: number): string =>
  Buffer.from(sodium.crypto_generichash(32, utf8.encode(`tokenvault-sync-newest/1|${syncId}|${device}|${gen}|${seq}`), key)).toString('base64');

/** This device's newest change number, MACed under the key it writes under. */
export function newestText(sodium: Sodium, key: Uint8Array, syncId: string, device: string, gen: number, seq: number): string {
  return `${JSON.stringify({ format: NEWEST_FORMAT, deviceId: device, gen, seq, mac: macOf(sodium, key, syncId, device, gen, seq) }, null, 2)}\n`;
}

export type Newest =
  /** No newest.json: a device on a build before this one (or one that never wrote it). */
  | { kind: 'absent' }
  /** Written under a generation whose key this device lacks: it cannot be checked, so it says nothing. */
  | { kind: 'unchecked' }
  | { kind: 'ok'; seq: number }
  | { kind: 'bad'; why: string };

export function readNewest(sodium: Sodium, store: ReplicaStore, device: string, keys: ReadonlyMap<number, Uint8Array>): Newest {
  const text = store.readNamed(device, NEWEST_FILE);
  if (text === null) return { kind: 'absent' };
  const bad: Newest = { kind: 'bad', why: `its ${NEWEST_FILE}, which names its newest change, is damaged or was tampered with (it does not authenticate)` };
  let parsed: z.infer<typeof newestSchema>;
  try {
    const result = newestSchema.safeParse(JSON.parse(text));
    if (!result.success) return bad;
    parsed = result.data;
  } catch {
    return bad;
  }
  if (parsed.deviceId !== device) return bad;
  const key = keys.get(parsed.gen);
  if (!key) return { kind: 'unchecked' };
  const want = utf8.encode(macOf(sodium, key, store.syncId, device, parsed.gen, parsed.seq));
  const got = utf8.encode(parsed.mac);
  return want.length === got.length && sodium.memcmp(want, got) ? { kind: 'ok', seq: parsed.seq } : bad;
}
