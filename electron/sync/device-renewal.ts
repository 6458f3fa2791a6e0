// A vault file made from a backup — restored in place, or as a new vault beside the first —
// carries the sync record of the device it was copied from, device id included. Two files
// writing one replica folder would give two different changes the same number, and the other
// devices would take in only one of them. A restore leaves a new mark in every file it installs
// (vault/restore.ts); a record whose mark differs is renewed: a new device id, the merged state
// kept, so nothing the copy knew is lost and the old device's replica is read like any other's.
import type { LocalSync } from './local-state';
import { newDeviceId, saveLocal } from './setup';
import type { SyncableVault } from './vault-port';

const RESTORED = ' (restored)';

/** Renews `local` (and saves it) when the vault file is a copy; true when it did. */
export function renewIfCopied(vault: SyncableVault, local: LocalSync): boolean {
  const mark = vault.fileMark ?? null;
  if (local.fileMark === mark) return false;
  // A record from before marks were kept: this file is taken as the one it was set up in.
  if (local.fileMark === undefined) {
    local.fileMark = mark;
    saveLocal(vault, local);
    return false;
  }
  const deviceId = newDeviceId();
  local.deviceId = deviceId;
  local.fileMark = mark;
  local.deviceName = local.deviceName.endsWith(RESTORED) ? local.deviceName : `${local.deviceName.slice(0, 100 - RESTORED.length)}${RESTORED}`;
  local.header = { ...local.header, deviceId, syncedAt: new Date().toISOString() };
  local.refused = {};
  saveLocal(vault, local);
  return true;
}
