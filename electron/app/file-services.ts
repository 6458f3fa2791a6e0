// The services that go through a native file dialog: import (and, beside it, exports, backups
// to a place of the user's choice, opening another vault). The dialog answers a path to the
// main side only; the renderer learns names, counts and outcomes.
import type { ApiServices } from '../ipc';
import { ServiceError } from './errors';
import { ImportFlow } from './import-flow';
import type { FileDialogPort } from './ports';
import type { VaultSession } from './session';

export interface FileServiceDeps {
  session: VaultSession;
  dialogs: FileDialogPort;
  imports: ImportFlow;
}

type FileMethods = 'importChooseFile' | 'importUnlockFile' | 'importCommit' | 'importCancel';

export function createFileServices({ session, dialogs, imports }: FileServiceDeps): Pick<ApiServices, FileMethods> {
  return {
    importChooseFile: async () => {
      const vault = session.unlocked();
      const file = await dialogs.openFile({ title: 'Import tokens', filters: imports.filters });
      if (!file) return null;
      return imports.open(file, vault);
    },
    importUnlockFile: ({ password }) => imports.unlockFile(password, session.unlocked()),
    importCommit: async ({ clashes }) => {
      const { backup, ...outcome } = await imports.commit(session.unlocked(), clashes);
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
