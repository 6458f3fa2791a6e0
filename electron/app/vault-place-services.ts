// Which vault file the app works on: another existing vault (open dialog), a new one where the
// user wants it (save dialog), or one opened before (the recent list, remembered main-side).
// Switching locks the current vault first. A backup picked as a vault is not opened in place
// (it would become a live vault and change); it is restored to this computer instead.
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { isBackupFile } from '../vault/backup-names';
import { restoreBackup } from '../vault/backups';
import { readTeam } from '../team/team-state';
import { vaultIdInFile } from '../vault/header';
import type { ApiServices } from '../ipc';
import { Vault } from '../vault/vault';
import { VAULT_FILE } from '../vault/paths';
import { vaultLabel } from '../vault/vault-label';
import { ServiceError } from './errors';
import type { FileDialogPort } from './ports';
import type { RecentVaults } from './recent-vaults';
import type { VaultSession } from './session';

export interface VaultPlaceDeps {
  session: VaultSession;
  dialogs: FileDialogPort;
  recent: RecentVaults;
  /** Drops what belongs to the vault being left (clipboard copy, drafts, a half-done import). */
  beforeSwitch(): Promise<void>;
}

type PlaceMethods = 'vaultsKnown' | 'vaultOpenFile' | 'vaultChooseNewFile' | 'vaultSwitch' | 'vaultChooseBackup' | 'vaultRestoreBackup';

const VAULT_FILTERS = [{ name: 'Token Vault vault', extensions: ['tokenvault', 'db'] }, { name: 'All files', extensions: ['*'] }];

export function createVaultPlaceServices({ session, dialogs, recent, beforeSwitch }: VaultPlaceDeps): Pick<ApiServices, PlaceMethods> {
  const switchTo = async (path: string) => {
    await beforeSwitch();
    const status = session.switchTo(path);
    recent.remember(path);
    return status;
  };
  /** The backup picked to restore to this computer: main-side, so the page never names a file. */
  let picked: string | null = null;
  const offerRestore = (file: string) => {
    picked = file;
    return { name: basename(file).slice(0, 255), createdAt: statSync(file).mtime.toISOString() };
  };
  return {
    vaultsKnown: () => {
      // The open vault is always listed, and whether it is a team copy is read from it when it is unlocked (a computer
      // that remembers no vaults, or a removal learnt since it was remembered), so the header never calls it what it is not.
      const open = session.peek();
      const live = open ? readTeam(open) : null;
      const listed = recent.list();
      const all = listed.some((v) => v.path === resolve(session.path)) ? listed : [{ path: resolve(session.path), openedAt: '' }, ...listed];
      return {
        current: resolve(session.path),
        recent: all.slice(0, 20).map((v) => {
          const team = v.path === resolve(session.path) && open ? (live ? { name: live.teamName, removed: live.removedMe !== null } : undefined) : v.team;
          const label = v.path === resolve(session.path) ? session.status() : (recent.labelOf(v.path) ?? vaultLabel(v.path, null));
          return { path: v.path, name: label.name, colour: label.colour, exists: existsSync(v.path), team: team ? { name: team.name.slice(0, 80), removed: team.removed } : null };
        }),
      };
    },
    vaultOpenFile: async () => {
      const file = await dialogs.openFile({ title: 'Open a vault', filters: VAULT_FILTERS });
      if (!file) return null;
      // Refuse a file that is not a vault now, with the vault's own sentence, before leaving the current one.
      Vault.open(file, { readOnly: true }).close();
      if (isBackupFile(file)) {
        offerRestore(file);
        throw new ServiceError('IS_A_BACKUP', `${basename(file)} is a backup, not a vault: opened in place it would change. Restore it to this computer instead.`);
      }
      return switchTo(file);
    },
    vaultChooseBackup: async () => {
      const file = await dialogs.openFile({ title: 'Restore from a backup', filters: [{ name: 'Token Vault backup', extensions: ['tvbak'] }, { name: 'All files', extensions: ['*'] }] });
      if (!file) return null;
      if (vaultIdInFile(file) === null) throw new ServiceError('NOT_A_BACKUP', `${basename(file)} is not a Token Vault backup.`);
      return offerRestore(file);
    },
    vaultRestoreBackup: async ({ password }) => {
      if (!picked) throw new ServiceError('NO_BACKUP_PICKED', 'Choose the backup first.');
      const file = picked;
      // Into the vault place when it is empty (first run), else a new vault file beside it: never over a vault.
      const target = session.status().exists ? freeName(join(dirname(session.path), `${basename(file, extname(file))}.tokenvault`)) : session.path;
      await restoreBackup(target, file, password);
      picked = null;
      if (target !== session.path) await switchTo(target);
      const status = await session.unlock(password);
      recent.remember(target);
      return status;
    },
    vaultChooseNewFile: async () => {
      const chosen = await dialogs.saveFile({ title: 'Where should the new vault live?', defaultName: VAULT_FILE, filters: VAULT_FILTERS.slice(0, 1) });
      if (!chosen) return null;
      const file = extname(chosen) ? chosen : `${chosen}.tokenvault`;
      if (existsSync(file)) throw new ServiceError('VAULT_FILE_EXISTS', `${basename(file)} already exists there; open it with “Open another vault”, or choose a new name.`);
      return switchTo(file);
    },
    vaultSwitch: async ({ path }) => {
      if (!recent.has(path)) throw new ServiceError('UNKNOWN_VAULT', 'That vault is not one opened here before; use “Open another vault”.');
      if (!existsSync(path)) throw new ServiceError('VAULT_MISSING', `${basename(path)} is no longer there (moved, or on a disk that is not connected).`);
      return switchTo(path);
    },
  };
}

/** `path`, or `name-2.tokenvault`, `name-3.tokenvault`…: the first that does not exist. */
function freeName(path: string): string {
  const stem = path.slice(0, -extname(path).length);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? path : `${stem}-${n}${extname(path)}`;
    if (!existsSync(candidate)) return candidate;
  }
}
