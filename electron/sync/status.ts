// What `sync status` and `sync devices` (and the app's Sync settings) say, read from the
// sync state in the vault and the headers in the place's local folder; nothing is fetched.
import { localDelta, readLocal } from './diff';
import { loadLocal } from './engine';
import type { LocalSync } from './local-state';
import type { Place } from './place';
import { ReplicaStore } from './replica-store';
import { buildView, deviceName } from './view';
import type { SyncableVault } from './vault-port';

export interface SyncStatus {
  syncing: boolean;
  place: { kind: 'folder' | 'git'; where: string } | null;
  device: { id: string; name: string } | null;
  lastSync: LocalSync['lastSync'];
  /** Tokens and settings changed here since the last sync, and changes a refused push kept here. */
  pending: number;
  needsPassword: boolean;
  paused: boolean;
  refused: string[];
}

export interface DeviceInfo {
  id: string;
  name: string;
  /** When it last wrote its replica (its header's time), or null when not seen here. */
  lastSync: string | null;
  thisDevice: boolean;
  forgotten: boolean;
}

export function syncStatus(vault: SyncableVault): SyncStatus {
  const local = loadLocal(vault);
  if (!local) return { syncing: false, place: null, device: null, lastSync: null, pending: 0, needsPassword: false, paused: false, refused: [] };
  const delta = localDelta((id) => vault.readSecret(id), readLocal(vault), local.state, buildView(local.state), local.deviceId);
  return {
    syncing: true,
    place: local.place,
    device: { id: local.deviceId, name: local.deviceName },
    lastSync: local.lastSync,
    pending: (delta ? Object.keys(delta.ents).length : 0) + (local.unsent ?? 0),
    needsPassword: local.needsPasswordFor !== null,
    paused: local.paused,
    refused: Object.values(local.refused),
  };
}

export function syncDevices(vault: SyncableVault, place: Place): DeviceInfo[] {
  const local = loadLocal(vault);
  if (!local) return [];
  const store = new ReplicaStore(place.root, local.syncId);
  const ids = new Set([...store.devices(), ...Object.keys(local.state.applied), local.deviceId]);
  return [...ids].sort().map((id) => {
    const header = store.header(id);
    return {
      id,
      name: id === local.deviceId ? local.deviceName : deviceName(local.state, id),
      lastSync: header && header !== 'invalid' ? header.syncedAt : null,
      thisDevice: id === local.deviceId,
      forgotten: local.forgotten.includes(id),
    };
  });
}
