// Restore in the app, and what must survive it. A restore replaces the master password with the
// backup's, so it asks for the current one first (as Change password does): someone at an
// unlocked window who knows only an old, leaked password cannot bring back a backup that opens
// with it. A backup of another vault is restored only once the user has been told so. The
// folder backups go to is this computer's (machine-settings.ts), not the vault's, so restoring
// an older backup keeps every backup listed; the vault a restore replaced can be put back
// ("Undo restore") with the password it had.
import { basename } from 'node:path';
import type { ApiServices } from '../ipc';
import { backupDir, restoreBackup, useLocalBackupDir } from '../vault/backups';
import { isVaultError } from '../vault/errors';
import { vaultIdInFile } from '../vault/header';
import type { MachineSettings } from '../vault/machine-settings';
import type { Vault } from '../vault/vault';
import { ServiceError } from './errors';
import type { VaultSession } from './session';

export interface RestoreDeps {
  session: VaultSession;
  machine: MachineSettings;
  /** Drops what belongs to the vault being replaced (the clipboard copy, a half-done import). */
  beforeRestore(): Promise<void>;
  now(): Date;
}

type RestoreMethods = 'backupsRestore' | 'backupsLastRestore' | 'backupsUndoRestore';

/**
 * At every unlock: the backups folder this computer keeps for the vault file. The first time,
 * it is taken from the vault's own (older) setting, which is then cleared so it no longer travels.
 */
export function useMachineBackupFolder(vault: Vault, machine: MachineSettings): void {
  let dir = machine.backupDir(vault.path);
  const carried = vault.getSettings().backupDir;
  if (dir === undefined) {
    dir = carried;
    try {
      machine.setBackupDir(vault.path, dir);
    } catch {
      // Not remembered on this computer: the vault's own setting is kept, and used, as before.
      useLocalBackupDir(vault, dir);
      return;
    }
  }
  if (carried !== null) {
    try {
      vault.updateSettings({ backupDir: null });
    } catch {
      // Cleared at a later unlock; this computer's folder is used meanwhile.
    }
  }
  useLocalBackupDir(vault, dir);
}

/** Whether `file` holds a vault other than the open one (null: it does not read as a vault; restore says why). */
export function isOtherVault(file: string, vault: Vault): boolean {
  const id = vaultIdInFile(file);
  return id !== null && id !== vault.vaultId;
}

export function createRestoreServices({ session, beforeRestore, now }: RestoreDeps): Pick<ApiServices, RestoreMethods> & { forget(): void } {
  /** The restore made in this run, for "Undo restore": main-side, never a path from the page. */
  let last: { keptAt: string; at: string } | null = null;

  const install = async (vault: Vault, file: string, password: string, wrongPassword: string) => {
    await beforeRestore();
    try {
      // Installed in place, in one transaction, while this session keeps the vault open; the
      // replaced vault is kept with the other backups so the Backups screen lists it.
      const { keptAt } = await restoreBackup(session.path, file, password, { keepDir: backupDir(vault) });
      return keptAt;
    } catch (error) {
      if (isVaultError(error) && error.code === 'WRONG_PASSWORD') {
        throw new ServiceError('WRONG_PASSWORD', wrongPassword);
      }
      throw error;
    }
  };

  return {
    backupsRestore: async ({ file, password, current, otherVault }) => {
      const vault = session.unlocked();
      if (isOtherVault(file, vault) && !otherVault) {
        throw new ServiceError('OTHER_VAULT', `${basename(file)} is a backup of another vault, not of the one open now; restoring it replaces this vault with that one. Confirm that to go on.`);
      }
      try {
        await vault.verifyPassword(current);
      } catch (error) {
        if (isVaultError(error) && error.code === 'WRONG_PASSWORD') {
          throw new ServiceError('CURRENT_PASSWORD_WRONG', 'That is not the master password in use now; nothing was restored.');
        }
        throw error;
      }
      const keptAt = await install(vault, file, password, "That is not the backup's master password (or the backup was altered); nothing was restored.");
      last = keptAt ? { keptAt, at: now().toISOString() } : null;
      // The restored vault opens with the backup's password (just given): reopen it with that,
      // without a lock in between, so no 'locked' event can overtake this reply.
      return session.reopen(password);
    },
    backupsLastRestore: () => {
      session.unlocked();
      return last ? { keptName: basename(last.keptAt).slice(0, 255), restoredAt: last.at } : null;
    },
    backupsUndoRestore: async ({ password }) => {
      const vault = session.unlocked();
      if (!last) throw new ServiceError('NO_RESTORE', 'No restore was made in this session; nothing to undo.');
      const undone = last;
      await install(vault, undone.keptAt, password, 'That is not the master password the vault had before the restore; nothing was changed.');
      last = null;
      return session.reopen(password);
    },
    forget: () => {
      last = null;
    },
  };
}
