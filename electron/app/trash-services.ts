// The Trash and earlier secrets in the app (and over the agent's socket for the CLI): a delete
// moves a token to the Trash, where it waits TRASH_DAYS before it is purged; "Delete now" and
// "Empty Trash" delete for good, after a backup like any delete. A replaced secret can be put
// back, unverified until GitLab is asked.
import type { Entry } from '../api';
import type { ApiServices } from '../ipc';
import { backupBefore, tryBackup } from '../vault/backups';
import { TRASH_DAYS, type EntryOverview } from '../vault/types';
import type { VaultSession } from './session';

export interface TrashDeps {
  session: VaultSession;
  view(entry: EntryOverview): Entry;
  warn(warning: string | null): void;
}

type TrashMethods = 'tokensRemove' | 'trashList' | 'trashRestore' | 'trashDeleteNow' | 'trashEmpty' | 'tokensOldSecrets' | 'tokensRestoreOldSecret';

export function createTrashServices({ session, view, warn }: TrashDeps): Pick<ApiServices, TrashMethods> {
  return {
    tokensRemove: ({ id }) => {
      session.unlocked().trash(id);
      return {};
    },
    trashList: () => ({ entries: session.unlocked().listTrash().map(view), keepDays: TRASH_DAYS }),
    trashRestore: ({ id }) => view(session.unlocked().restoreFromTrash(id)),
    trashDeleteNow: async ({ id }) => {
      const vault = session.unlocked();
      vault.findInTrash(id);
      warn((await tryBackup(() => backupBefore(vault, 'rm'))).warning);
      vault.remove(id);
      return {};
    },
    trashEmpty: async () => {
      const vault = session.unlocked();
      if (!vault.listTrash().length) return { deleted: 0 };
      warn((await tryBackup(() => backupBefore(vault, 'rm'))).warning);
      return { deleted: vault.emptyTrash() };
    },
    tokensOldSecrets: ({ id }) => session.unlocked().oldSecrets(id),
    tokensRestoreOldSecret: ({ id, oldId }) => view(session.unlocked().restoreOldSecret(id, oldId)),
  };
}
