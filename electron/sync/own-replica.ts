// This device's own folder: its header, and keeping it small. Changes accumulate as one small
// file each; once they add up to half the last snapshot (or a snapshot is missing), the whole
// merged state is written as one snapshot and the changes it covers are removed. A reader that
// fell behind past removed changes takes the snapshot instead (replica-reader.ts).
import type { Sodium } from '../vault/sodium';
import type { LocalSync } from './local-state';
import { dataFileName, parseDataFile, sealData } from './replica-format';
import type { ReplicaStore } from './replica-store';
import { NEWEST_FILE, newestText, readNewest } from './newest';

const MIN_SEGMENT_BYTES = 64 * 1024;
const MAX_SEGMENTS = 500;

/** device.json, and newest.json naming this device's newest change (newest.ts): after the files it names. */
export function writeOwnHeader(sodium: Sodium, store: ReplicaStore, local: LocalSync, now: number): void {
  local.header = { ...local.header, deviceId: local.deviceId, syncId: local.syncId, syncedAt: new Date(now).toISOString() };
  store.writeHeader(local.deviceId, local.header);
  const key = keyOf(local, local.gen);
  if (key) store.writeNamed(local.deviceId, NEWEST_FILE, newestText(sodium, key, local.syncId, local.deviceId, local.gen, local.state.applied[local.deviceId] ?? 0));
}

/** True when this device's newest.json does not name its newest change (never written, or a killed sync's). */
export function newestBehind(sodium: Sodium, store: ReplicaStore, local: LocalSync, keys: ReadonlyMap<number, Uint8Array>): boolean {
  const newest = readNewest(sodium, store, local.deviceId, keys);
  return newest.kind !== 'ok' || newest.seq !== (local.state.applied[local.deviceId] ?? 0);
}

const keyOf = (local: LocalSync, gen: number): Uint8Array | null => {
  const key = local.keys[gen];
  return key ? new Uint8Array(Buffer.from(key, 'base64')) : null;
};

export function writeSnapshot(sodium: Sodium, store: ReplicaStore, local: LocalSync, keys: ReadonlyMap<number, Uint8Array>): void {
  const me = local.deviceId;
  const seq = local.state.applied[me] ?? 0;
  const file = parseDataFile(dataFileName('snap', local.gen, seq))!;
  store.write(me, file, sealData(sodium, keys.get(local.gen)!, local.syncId, me, file, local.state));
  // Only now, with the snapshot on disk, may what it covers go.
  for (const old of store.files(me)) if (old.file !== file.file && (old.seq <= seq || old.gen < local.gen)) store.remove(me, old);
}

export function compactIfDue(sodium: Sodium, store: ReplicaStore, local: LocalSync, keys: ReadonlyMap<number, Uint8Array>): void {
  const files = store.files(local.deviceId);
  const snaps = files.filter((f) => f.kind === 'snap' && f.gen === local.gen);
  const segs = files.filter((f) => f.kind === 'seg');
  const seq = local.state.applied[local.deviceId] ?? 0;
  const snapBytes = snaps.length ? store.size(local.deviceId, snaps.at(-1)!) : 0;
  const segBytes = segs.reduce((sum, f) => sum + store.size(local.deviceId, f), 0);
  const covered = snaps.at(-1)?.seq ?? -1;
  // The replica must hold every change of ours the state has (a replica folder lost or put back older).
  const lacking = segs.filter((f) => f.seq > covered).length < seq - Math.max(covered, 0);
  if (!snaps.length || lacking || segs.length > MAX_SEGMENTS || segBytes > Math.max(MIN_SEGMENT_BYTES, snapBytes / 2)) writeSnapshot(sodium, store, local, keys);
}
