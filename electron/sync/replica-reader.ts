// Reads what one device's replica holds beyond what this device has taken in: its changes
// after number `have`, or — when older changes were folded into a snapshot — its latest
// snapshot and the changes after it. Every file needed is opened before any is used: one that
// does not authenticate, or a gap in the numbers, refuses the whole replica (nothing of it is
// merged), and the sentence names the device. An older copy of a replica put back (a sync
// engine restoring a file) holds nothing new, so it changes nothing.
import type { Sodium } from '../vault/sodium';
import type { Delta, SyncState } from './crdt';
import { type DataFile, openData } from './replica-format';
import type { ReplicaStore } from './replica-store';

export type DeviceRead =
  | { kind: 'ok'; snapshot: SyncState | null; deltas: Delta[]; /** A generation whose key this device lacks. */ lockedGen: number | null }
  | { kind: 'refused'; why: string };

export function readDevice(sodium: Sodium, store: ReplicaStore, device: string, have: number, keys: ReadonlyMap<number, Uint8Array>): DeviceRead {
  const files = store.files(device);
  const segs = files.filter((f) => f.kind === 'seg' && f.seq > have);
  const snaps = files.filter((f) => f.kind === 'snap' && f.seq > have);
  if (!segs.length && !snaps.length) return { kind: 'ok', snapshot: null, deltas: [], lockedGen: null };

  // From the next number on, if the changes are all there; else from the newest snapshot.
  const snap = segs[0]?.seq === have + 1 ? null : (snaps.at(-1) ?? null);
  const from = snap ? snap.seq : have;
  const run = segs.filter((f) => f.seq > from);
  for (let i = 0; i < run.length; i++) if (run[i]!.seq !== from + 1 + i) return { kind: 'refused', why: 'a change is missing from it (truncated)' };
  if (!snap && segs.length && segs[0]!.seq !== have + 1) return { kind: 'refused', why: 'a change is missing from it (truncated)' };

  let lockedGen: number | null = null;
  const open = (file: DataFile): unknown | 'locked' | null => {
    const key = keys.get(file.gen);
    if (!key) {
      lockedGen = Math.max(lockedGen ?? 0, file.gen);
      return 'locked';
    }
    const bytes = store.read(device, file);
    return bytes ? openData(sodium, key, store.syncId, device, file, bytes) : null;
  };

  let snapshot: SyncState | null = null;
  if (snap) {
    const value = open(snap);
    if (value === 'locked') return { kind: 'ok', snapshot: null, deltas: [], lockedGen };
    if (!isState(value) || (value.applied[device] ?? 0) !== snap.seq) return { kind: 'refused', why: `${snap.file} does not open (damaged or tampered with)` };
    snapshot = value;
  }
  const deltas: Delta[] = [];
  for (const file of run) {
    const value = open(file);
    if (value === 'locked') break;
    if (!isDelta(value) || value.d !== device || value.s !== file.seq) return { kind: 'refused', why: `${file.file} does not open (damaged or tampered with)` };
    deltas.push(value);
  }
  return { kind: 'ok', snapshot, deltas, lockedGen };
}

function isState(value: unknown): value is SyncState {
  const v = value as SyncState | null;
  return !!v && typeof v === 'object' && typeof v.applied === 'object' && typeof v.ents === 'object' && typeof v.rel === 'object' && typeof v.clock === 'number';
}

function isDelta(value: unknown): value is Delta {
  const v = value as Delta | null;
  return !!v && typeof v === 'object' && typeof v.d === 'string' && Number.isSafeInteger(v.s) && typeof v.h === 'number' && typeof v.c === 'object' && typeof v.ents === 'object' && typeof v.rel === 'object';
}
