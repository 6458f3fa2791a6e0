// What this device keeps about its sync, inside the vault file (Vault.readSyncState /
// putSynced seal it under the vault key): where it syncs, its device id, the sync keys of
// every generation it knows, the devices it forgot, and the merged state. Deflated JSON.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { SyncState } from './crdt';
import type { DeviceHeader } from './replica-format';

export interface PlaceConfig {
  kind: 'folder' | 'git';
  /** The folder, or the git remote's URL. */
  where: string;
}

export interface LastSync {
  at: string;
  ok: boolean;
  /** What happened, in one sentence (an error's sentence when not ok). */
  message: string;
  /** When not ok, what kind of trouble, as a code (engine.ts SyncProblemCode, NOT_SENT, PLACE_UNREACHABLE). Absent in records made before. */
  code?: string;
}

export interface LocalSync {
  version: 1;
  syncId: string;
  deviceId: string;
  deviceName: string;
  place: PlaceConfig;
  /** The generation this device writes under; a password change moves it on. */
  gen: number;
  /** Sync keys by generation, base64. Older ones stay to read what was written before. */
  keys: Record<string, string>;
  /** This device's header as last written. */
  header: DeviceHeader;
  forgotten: string[];
  /**
   * Devices whose replicas are still read but whose later changes are refused by the layer above
   * (a removed team member's): changes made after having seen more of theirs do not wait for it.
   */
  retired?: string[];
  paused: boolean;
  /** Release-log entries known to be in this vault's own log (keys, see diff.ts). */
  releasesHere: string[];
  /** A newer generation another device wrote, which this device cannot open yet. */
  needsPasswordFor: number | null;
  lastSync: LastSync | null;
  /**
   * The vault file's restore mark when this device id was given to it. A restore (or a new vault
   * made from a backup) leaves another mark: that file is then a device of its own, never a
   * second writer of this one's replica (device-renewal.ts). Absent in records made before.
   */
  fileMark?: string | null;
  /**
   * Changes written to this device's replica that a refused push kept from the place: they go out
   * with the next push that succeeds and are counted as sent then. Absent in records made before.
   */
  unsent?: number;
  /**
   * Per other device, the highest newest change number its newest.json was seen to name, checked
   * (newest.ts): an older newest.json put back, or one removed, never lowers it. Absent in records made before.
   */
  announced?: Record<string, number>;
  /** Per other device, the last sentence its replica was refused with (cleared once read). */
  refused: Record<string, string>;
  state: SyncState;
}

export function encodeLocal(local: LocalSync): Uint8Array {
  const { state, ...rest } = local;
  // The same text JSON.stringify(local) gives, with each token's entity as text remembered
  // (entityText): a sync of one change re-encodes one entity, not 10,000.
  const head = JSON.stringify(rest);
  const parts = Object.entries(state).filter(([, value]) => value !== undefined).map(([key, value]) => `${JSON.stringify(key)}:${key === 'ents' ? entsText(value as SyncState['ents']) : JSON.stringify(value)}`);
  const text = `${head.slice(0, -1)}${head.length > 2 ? ',' : ''}"state":{${parts.join(',')}}}`;
  return deflateRawSync(Buffer.from(text));
}

/** Entities as JSON text, by object: crdt.ts never changes an entity in place (a change makes a new one). */
const entityText = new WeakMap<object, string>();

function entsText(ents: SyncState['ents']): string {
  const parts: string[] = [];
  for (const [key, entity] of Object.entries(ents)) {
    let text = entityText.get(entity);
    if (text === undefined) entityText.set(entity, (text = JSON.stringify(entity)));
    parts.push(`${JSON.stringify(key)}:${text}`);
  }
  return `{${parts.join(',')}}`;
}

export function decodeLocal(blob: Uint8Array): LocalSync {
  return JSON.parse(inflateRawSync(blob).toString('utf8')) as LocalSync;
}
