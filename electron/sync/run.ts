// One sync as the app, the agent and `tokenvault sync now` run it, above the engine: a vault file
// copied from a backup first becomes a device of its own (device-renewal.ts); then syncNow; then
// this device's header is made sure to carry its key generation, which a password change made
// while the place was out of reach could not write (setup.ts rekeySync).
import { needLocal, recordNotSent, type SyncOptions, type SyncReport, syncNow } from './engine';
import { SyncError } from './errors';
import { renewIfCopied } from './device-renewal';
import { writeOwnHeader } from './own-replica';
import type { Place } from './place';
import { placeFor } from './places';
import { ReplicaStore } from './replica-store';
import type { SyncableVault } from './vault-port';
import { loadSodium } from '../vault/sodium';

export interface SyncRun extends SyncReport {
  /** This file was a copy (a restored backup): it now syncs as a new device. */
  renewed: boolean;
}

export async function syncVault(vault: SyncableVault, options: SyncOptions = {}, place?: Place): Promise<SyncRun> {
  const local = needLocal(vault);
  const renewed = renewIfCopied(vault, local);
  const where = place ?? placeFor(local.place, vault.path);
  // A personal vault's keys are wrapped under the master password (a team copy's syncs in team/).
  const report = await syncNow(vault, where, { ...options, keysFromPassword: true });
  if (!report.offline) {
    try {
      await publishHeaderIfStale(vault, where);
    } catch (error) {
      if (!(error instanceof SyncError)) throw error;
      report.offline = error.message;
      recordNotSent(vault, error.message);
    }
  }
  return { ...report, renewed };
}

async function publishHeaderIfStale(vault: SyncableVault, place: Place): Promise<void> {
  const local = needLocal(vault);
  const store = new ReplicaStore(place.root, local.syncId);
  const header = store.header(local.deviceId);
  if (header !== null && header !== 'invalid' && header.gen === local.gen && header.wrappedKey === local.header.wrappedKey) return;
  writeOwnHeader(await loadSodium(), store, local, Date.now());
  await place.publish(store.deviceFolder(local.deviceId).slice(place.root.length + 1), 'tokenvault: new key');
}
