// A snapshot is one device's whole merged state, and sync's reader takes it as it is: a member
// could write one claiming to have merged changes another device never made ("Bob's device is at
// change 1,000,000"), and every copy would then ignore that device's real changes for ever. So a
// snapshot may claim of each other device only changes that device has signed in the place (or,
// for this device, has made); one that claims more refuses its replica whole.
import type { Sodium } from '../vault/sodium';
import type { SyncState } from '../sync/crdt';
import { DEVICE_FILE, openData, parseDataFile } from '../sync/replica-format';

/** The highest change number among a device's checked files. */
export function highestSeq(files: Map<string, Uint8Array>): number {
  let max = 0;
  for (const name of files.keys()) if (name !== DEVICE_FILE) max = Math.max(max, parseDataFile(name)!.seq);
  return max;
}

/** Null when every snapshot in `files` claims no more than `bound` allows; else the sentence's ending. */
export function overclaim(sodium: Sodium, teamId: string, device: string, files: Map<string, Uint8Array>, keys: ReadonlyMap<number, Uint8Array>, bound: (other: string) => number, nameOf: (other: string) => string): string | null {
  for (const [name, bytes] of files) {
    const file = parseDataFile(name);
    if (!file || file.kind !== 'snap') continue;
    const key = keys.get(file.gen);
    if (!key) continue;
    const state = openData(sodium, key, teamId, device, file, bytes) as SyncState | null;
    if (!state || typeof state.applied !== 'object') continue;
    for (const [other, seq] of Object.entries(state.applied)) {
      if (other === device) continue;
      const most = bound(other);
      if (typeof seq === 'number' && seq > most) return `its snapshot ${name} claims ${seq} changes of ${nameOf(other)}, which has signed only ${most} in the place (forged, or that device's files have not arrived yet)`;
    }
  }
  return null;
}
