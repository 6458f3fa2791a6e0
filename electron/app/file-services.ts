// The services that go through a native file dialog: import (and, beside it, exports, backups
// to a place of the user's choice, opening another vault). The dialog answers a path to the
// main side only; the renderer learns names, counts and outcomes.
import { basename } from 'node:path';
import type { ApiServices } from '../ipc';
import { expiriesToIcs } from '../reminders/ics-export';
import { writeOwnerOnlyFile } from '../vault/owner-only';
import { backupToFile, describePickedBackup, suggestedBackupName } from './backup-files';
import { ServiceError } from './errors';
import { ImportFlow } from './import-flow';
import { isOtherVault } from './restore-services';
import type { FileDialogPort } from './ports';
import type { VaultSession } from './session';

export interface FileServiceDeps {
  session: VaultSession;
  dialogs: FileDialogPort;
  imports: ImportFlow;
  now: () => Date;
  /** Tells the user something that is not the call's answer (an automatic backup that failed). */
  warn?: (text: string) => void;
}

type FileMethods =
  | 'importChooseFile' | 'importChooseKeyFile' | 'importUnlockFile' | 'importCommit' | 'importCancel'
  | 'calendarExportIcs' | 'backupsCreateAt' | 'backupsChooseFolder' | 'backupsChooseFile';

const BACKUP_FILTER = { name: 'Token Vault backup', extensions: ['tvbak'] };

export function createFileServices({ session, dialogs, imports, now, warn }: FileServiceDeps): Pick<ApiServices, FileMethods> {
  return {
    calendarExportIcs: async ({ withInstance, withScopes }) => {
      const vault = session.unlocked();
      const file = await dialogs.saveFile({ title: 'Add token expiries to your calendar', defaultName: 'token-expiries.ics', filters: [{ name: 'Calendar', extensions: ['ics'] }] });
      if (!file) return null;
      const entries = session.unlocked().list();
      const text = expiriesToIcs(entries, { now: now(), defaultLeadDays: vault.getSettings().defaultLeadDays, includeInstance: withInstance, includeScopes: withScopes });
      try {
        writeOwnerOnlyFile(file, text);
      } catch (error) {
        throw new ServiceError('WRITE_FAILED', `${basename(file)} could not be written (${(error as NodeJS.ErrnoException).code ?? 'write failed'}); choose another place.`);
      }
      return { fileName: basename(file).slice(0, 255), events: entries.filter((e) => e.expiresAt).length };
    },
    backupsCreateAt: async () => {
      const vault = session.unlocked();
      const file = await dialogs.saveFile({ title: 'Back up the vault to…', defaultName: suggestedBackupName(vault.path, now()), filters: [BACKUP_FILTER] });
      if (!file) return null;
      return backupToFile(session.unlocked(), file);
    },
    backupsChooseFolder: async () => {
      session.unlocked();
      const folder = await dialogs.chooseFolder({ title: 'Choose the backups folder' });
      return folder ? { folder } : null;
    },
    backupsChooseFile: async () => {
      session.unlocked();
      const file = await dialogs.openFile({ title: 'Choose a backup to check or restore', filters: [BACKUP_FILTER] });
      return file ? { ...describePickedBackup(file), otherVault: isOtherVault(file, session.unlocked()) } : null;
    },
    importChooseFile: async () => {
      const vault = session.unlocked();
      const file = await dialogs.openFile({ title: 'Import tokens', filters: imports.filters });
      if (!file) return null;
      return imports.open(file, vault);
    },
    importChooseKeyFile: async () => {
      session.unlocked();
      const file = await dialogs.openFile({ title: 'Choose the database’s key file', filters: [{ name: 'KeePassXC key file', extensions: ['keyx', 'key'] }, { name: 'Any file', extensions: ['*'] }] });
      return file ? imports.chooseKeyFile(file) : null;
    },
    importUnlockFile: ({ password }) => imports.unlockFile(password, session.unlocked()),
    importCommit: async ({ clashes, rows }) => {
      const { backup, ...outcome } = await imports.commit(session.unlocked(), clashes, warn, rows);
      return { ...outcome, backedUp: backup !== null };
    },
    importCancel: () => {
      imports.cancel();
      return {};
    },
  };
}

/** Where no dialog can be shown (a headless agent, unit tests): every pick is refused plainly. */
export const NO_FILE_DIALOGS: FileDialogPort = {
  openFile: () => Promise.reject(new ServiceError('NO_DIALOGS', 'File dialogs are not available here.')),
  saveFile: () => Promise.reject(new ServiceError('NO_DIALOGS', 'File dialogs are not available here.')),
  chooseFolder: () => Promise.reject(new ServiceError('NO_DIALOGS', 'File dialogs are not available here.')),
};
