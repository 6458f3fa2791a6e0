// This device's own folder: its header, and keeping it small. Changes accumulate as one small
// file each; once they add up to half the last snapshot (or a snapshot is missing), the whole
// merged state is written as one snapshot and the changes it covers are removed. A reader that
// fell behind past removed changes takes the snapshot instead (replica-reader.ts).
import type { Sodium } from '../vault/sodium';
import type { LocalSync } from './local-state';
import { dataFileName, parseDataFile, sealData } from './replica-format';
import type { ReplicaStore } from './replica-store';

const MIN_SEGMENT_BYTES = 64 * 1024;
const MAX_SEGMENTS = 500;

export function writeOwnHeader(store: ReplicaStore, local: LocalSync, now: number): void {
  local.header = { ...local.header, deviceId: local.deviceId, syncId: local.syncId, syncedAt: new Date(now).toISOString() };
  store.writeHeader(local.deviceId, local.header);
}

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
