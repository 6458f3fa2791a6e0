// Which vault file the app works on: another existing vault (open dialog), a new one where the
// user wants it (save dialog), or one opened before (the recent list, remembered main-side).
// Switching locks the current vault first.
import { existsSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { ApiServices } from '../ipc';
import { Vault } from '../vault/vault';
import { VAULT_FILE } from '../vault/paths';
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

type PlaceMethods = 'vaultsKnown' | 'vaultOpenFile' | 'vaultChooseNewFile' | 'vaultSwitch';

const VAULT_FILTERS = [{ name: 'Token Vault vault', extensions: ['tokenvault', 'db'] }, { name: 'All files', extensions: ['*'] }];

export function createVaultPlaceServices({ session, dialogs, recent, beforeSwitch }: VaultPlaceDeps): Pick<ApiServices, PlaceMethods> {
  const switchTo = async (path: string) => {
    await beforeSwitch();
    const status = session.switchTo(path);
    recent.remember(path);
    return status;
  };
  return {
    vaultsKnown: () => ({
      current: session.path,
      recent: recent.list().map((v) => ({ path: v.path, name: basename(v.path).slice(0, 255), exists: existsSync(v.path) })),
    }),
    vaultOpenFile: async () => {
      const file = await dialogs.openFile({ title: 'Open a vault', filters: VAULT_FILTERS });
      if (!file) return null;
      // Refuse a file that is not a vault now, with the vault's own sentence, before leaving the current one.
      Vault.open(file, { readOnly: true }).close();
      return switchTo(file);
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
