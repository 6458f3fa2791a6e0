// Settings → Sync and the first run's "Join a synced vault", over electron/sync: set up through
// a folder or a git remote, join, sync now, devices, forget, pause, the new password after a
// change on another device. The runner (sync-runner.ts) syncs on change and on a timer.
import fs from 'node:fs';
import path from 'node:path';
import type { SyncReportView, SyncState } from '../api';
import type { ApiServices } from '../ipc';
import { loadLocal, needLocal } from '../sync/engine';
import { SyncError } from '../sync/errors';
import type { PlaceConfig } from '../sync/local-state';
import { placeFor } from '../sync/places';
import { checkJoinPassword, defaultDeviceName, findSyncId, forgetDevice, giveNewPassword, joinSync, type NewSyncKey, sendNewSyncKey, setPaused, setupSync, takeNewSyncKey } from '../sync/setup';
import type { SyncRun } from '../sync/run';
import { syncDevices } from '../sync/status';
import type { Vault } from '../vault/vault';
import { ServiceError } from './errors';
import type { EmitPort, FileDialogPort } from './ports';
import type { RecentVaults } from './recent-vaults';
import type { VaultSession } from './session';
import { isTeamCopy, TEAM_COPY, type SyncRunner } from './sync-runner';

type SyncMethods = 'syncStatus' | 'syncSetup' | 'syncChooseFolder' | 'syncJoin' | 'syncNow' | 'syncDevices' | 'syncForget' | 'syncPause' | 'syncNewPassword';

export interface SyncServiceDeps {
  session: VaultSession;
  runner: SyncRunner;
  emit: EmitPort;
  dialogs: FileDialogPort;
  recent: RecentVaults;
}

/** A place as the page gave it, checked: an existing folder by its full path, or a git address git will not read as an option. */
export function checkedPlace(place: PlaceConfig): PlaceConfig {
  const where = place.where.trim();
  if (place.kind === 'folder') {
    if (!path.isAbsolute(where)) throw new ServiceError('SYNC_PLACE', 'Give the sync folder as a full path (or choose it with Choose…).');
    if (!fs.existsSync(where) || !fs.statSync(where).isDirectory()) throw new ServiceError('SYNC_PLACE', `${where} is not a folder here; create it (or let your sync tool create it) first.`);
    return { kind: 'folder', where: path.resolve(where) };
  }
  // A leading dash would reach git as an option (--upload-pack=…): never an address.
  if (!where || where.startsWith('-') || /\s/.test(where)) throw new ServiceError('SYNC_PLACE', 'That is not a git remote address; write it as git clone takes it, e.g. git@gitlab.example.com:me/tokens.git.');
  return { kind: 'git', where };
}

export const reportView = (run: SyncRun, state: SyncState): SyncReportView => ({
  added: run.added.slice(0, 100_000).map((n) => n.slice(0, 200)),
  changed: run.changed.slice(0, 100_000).map((n) => n.slice(0, 200)),
  removed: run.removed.slice(0, 100_000).map((n) => n.slice(0, 200)),
  conflicts: run.conflicts.slice(0, 10_000).map((n) => n.slice(0, 2000)),
  refused: run.refused.slice(0, 100).map((r) => r.why.slice(0, 1000)),
  offline: run.offline?.slice(0, 1000) ?? null,
  needsPassword: run.needsPassword,
  sent: run.sent,
  state,
});

export function createSyncServices({ session, runner, emit, dialogs, recent }: SyncServiceDeps): Pick<ApiServices, SyncMethods> {
  const announce = (vault: Vault): SyncState => {
    const state = runner.stateOf(vault);
    emit('syncState', state);
    return state;
  };
  const syncing = (): Vault => {
    const vault = session.unlocked();
    needLocal(vault);
    if (isTeamCopy(vault)) throw new ServiceError('TEAM_COPY', TEAM_COPY);
    return vault;
  };
  const syncOnce = async (vault: Vault, joining = false) => {
    const run = await runner.syncNow(vault, { joining });
    return reportView(run, runner.stateOf(vault));
  };

  return {
    syncStatus: () => runner.stateOf(session.unlocked()),
    syncChooseFolder: async () => {
      const folder = await dialogs.chooseFolder({ title: 'Choose the folder your sync tool carries' });
      return folder ? { folder } : null;
    },
    syncSetup: async ({ place, password, deviceName }) => {
      const vault = session.unlocked();
      const config = checkedPlace(place);
      await setupSync(vault, password, placeFor(config, vault.path), config, deviceName?.trim() || defaultDeviceName());
      return syncOnce(vault);
    },
    syncJoin: async ({ place, password, deviceName }) => {
      if (session.status().exists) throw new ServiceError('VAULT_EXISTS', 'A vault already exists here; open it, or join into a new vault (Vault ▾ → New vault…).');
      const config = checkedPlace(place);
      const where = placeFor(config, session.path);
      const syncId = await findSyncId(where);
      // Checked against the replicas before any vault is made: a wrong password leaves nothing behind.
      await checkJoinPassword(where, syncId, password);
      await session.create(password);
      try {
        const vault = session.unlocked();
        await joinSync(vault, password, where, config, syncId, deviceName?.trim() || defaultDeviceName());
        await runner.syncNow(vault, { joining: true });
      } catch (error) {
        // The vault made for the join holds nothing yet: it goes, so first run can try again.
        session.close();
        for (const side of ['', '-wal', '-shm']) fs.rmSync(`${session.path}${side}`, { force: true });
        throw error;
      }
      recent.remember(session.path);
      return session.status();
    },
    syncNow: async () => syncOnce(syncing()),
    syncDevices: () => {
      const vault = syncing();
      return syncDevices(vault, placeFor(needLocal(vault).place, vault.path)).map((d) => ({ ...d, name: d.name.slice(0, 200) }));
    },
    syncForget: ({ device }) => {
      const vault = syncing();
      const id = forgetDevice(vault, device);
      announce(vault);
      return { id };
    },
    syncPause: ({ paused }) => {
      const vault = syncing();
      setPaused(vault, paused);
      return announce(vault);
    },
    syncNewPassword: async ({ password }) => {
      const vault = syncing();
      await giveNewPassword(vault, password, placeFor(needLocal(vault).place, vault.path));
      return syncOnce(vault);
    },
  };
}

/**
 * After the app's Change password: sync moves to a new key under the new password, so the old
 * one opens nothing written from now on. Where the place is out of reach the new key is taken
 * here all the same and the replica follows at the next sync; the user is told, never refused:
 * the password change itself is done.
 */
export function syncRekeyer(vault: Vault, password: string, notice: (text: string) => void): { take: () => Promise<void>; send: () => Promise<void> } {
  const local = loadLocal(vault);
  // A team copy's key is sealed to its members' identities, not wrapped under anyone's password.
  if (!local || isTeamCopy(vault)) return { take: async () => {}, send: async () => {} };
  const place = placeFor(local.place, vault.path);
  let taken: NewSyncKey | null = null;
  return {
    // Before the vault changes: no kill between the two leaves sync under the old password.
    take: async () => {
      taken = await takeNewSyncKey(vault, password, place);
    },
    send: async () => {
      if (!taken) return;
      try {
        await sendNewSyncKey(vault, place, taken);
      } catch (error) {
        if (!(error instanceof SyncError)) throw error;
        notice(`Sync could not send the new key yet: ${error.message} The new key goes out at the next sync that reaches the place; nothing is written under the old key.`);
      }
    },
  };
}
