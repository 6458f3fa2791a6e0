// The files of one device's replica, in `<place>/tokenvault-<sync id>/<device id>/`:
//   device.json                 clear: ids, key generation, the sync key wrapped under the
//                               master password (as the vault's header wraps the vault key),
//                               and the chain vouching for each key change (key-chain.ts)
//   newest.json                 clear: its newest change number, MACed under the sync key
//                               (newest.ts); absent in replicas written before it
//   seg-<gen>-<seq>.tv          one sealed change (a delta), numbered without gaps
//   snap-<gen>-<seq>.tv         the device's whole merged state as of its change <seq>
// Sealed with XChaCha20-Poly1305 under the sync key of generation <gen>; the associated data
// names the sync id, device, kind, generation and number, so a file moved to another vault,
// device or number fails to open. Deflated before sealing: names and ids repeat a lot.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { associatedData, seal, tryOpen, utf8 } from '../vault/seal';
import type { Sodium } from '../vault/sodium';
import { z } from 'zod';

export const DEVICE_FILE = 'device.json';
export const REPLICA_FORMAT = 'tokenvault-replica/1';
/** Only these names are ever read: sync engines' temp and conflict copies never match. */
const DATA_FILE = /^(seg|snap)-(\d{1,6})-(\d{10})\.tv$/;
export const DEVICE_ID = /^[0-9a-f]{16}$/;
export const SYNC_FOLDER = /^tokenvault-([0-9a-f-]{36})$/;

export const syncFolderName = (syncId: string) => `tokenvault-${syncId}`;

export interface DataFile {
  kind: 'seg' | 'snap';
  gen: number;
  seq: number;
  file: string;
}

export function parseDataFile(file: string): DataFile | null {
  const m = DATA_FILE.exec(file);
  return m ? { kind: m[1] as 'seg' | 'snap', gen: Number(m[2]), seq: Number(m[3]), file } : null;
}

export const dataFileName = (kind: 'seg' | 'snap', gen: number, seq: number) => `${kind}-${gen}-${String(seq).padStart(10, '0')}.tv`;

const b64 = z.string().max(200);
/** One key change: generation `prev` to `gen`, vouched for by the old key (key-chain.ts). */
export const keyLinkSchema = z.object({ gen: z.number().int().min(2), prev: z.number().int().min(1), commit: b64, vouch: b64, back: b64 }).strict();
export type KeyLink = z.infer<typeof keyLinkSchema>;

export const deviceHeaderSchema = z
  .object({
    format: z.literal(REPLICA_FORMAT),
    syncId: z.string().uuid(),
    deviceId: z.string().regex(DEVICE_ID),
    gen: z.number().int().min(1),
    kdf: z.object({ alg: z.literal('argon2id13'), opsLimit: z.number().int().min(1), memLimitBytes: z.number().int().min(1), salt: z.string().max(64) }),
    /** The sync key of generation `gen`, sealed under the key the master password derives with `kdf`. */
    wrappedKey: z.string().max(200),
    /** When this device last wrote its replica (a time, like a file's mtime). */
    syncedAt: z.string().max(40),
    /** The key changes that led to `gen`, oldest first. Absent in headers written before vouching, and at generation 1. */
    chain: z.array(keyLinkSchema).max(1000).optional(),
  })
  .strict();
export type DeviceHeader = z.infer<typeof deviceHeaderSchema>;

const dataAd = (syncId: string, device: string, kind: string, gen: number, seq: number) => associatedData(syncId, device, 'secret', `sync:${kind}:${gen}:${seq}`);
const keyAd = (syncId: string, gen: number) => associatedData(syncId, '-', 'vault-key', `sync-key:${gen}`);

export function sealData(sodium: Sodium, key: Uint8Array, syncId: string, device: string, file: DataFile, value: unknown): Uint8Array {
  const packed = deflateRawSync(utf8.encode(JSON.stringify(value)));
  return seal(sodium, key, packed, 'secret', dataAd(syncId, device, file.kind, file.gen, file.seq));
}

/** The value, or null when the bytes do not authenticate as exactly this file of this device. */
export function openData(sodium: Sodium, key: Uint8Array, syncId: string, device: string, file: DataFile, bytes: Uint8Array): unknown {
  const packed = tryOpen(sodium, key, bytes, 'secret', dataAd(syncId, device, file.kind, file.gen, file.seq));
  if (!packed) return null;
  try {
    return JSON.parse(utf8.decode(inflateRawSync(packed)));
  } catch {
    return null;
  }
}

export const wrapSyncKey = (sodium: Sodium, kek: Uint8Array, syncId: string, gen: number, key: Uint8Array): string =>
  Buffer.from(seal(sodium, kek, key, 'vault-key', keyAd(syncId, gen))).toString('base64');

export function unwrapSyncKey(sodium: Sodium, kek: Uint8Array, header: DeviceHeader): Uint8Array | null {
  return tryOpen(sodium, kek, new Uint8Array(Buffer.from(header.wrappedKey, 'base64')), 'vault-key', keyAd(header.syncId, header.gen));
}
