// One sync at a time per vault file: the app, the agent and `tokenvault sync now` may all try,
// and two syncs would give two different changes the same number. The lock is one the system
// drops when its process ends (file-lock.ts), so there is no owner to guess from a pid and no
// stale lock to take over. Older builds kept a pid as text at `<vault>.sync-lock`; this lock has
// another name, so such a file is never read, trusted or removed.
import { holdFileLock } from '../vault/file-lock';
import { SyncError } from './errors';

export const syncLockPath = (vaultPath: string): string => `${vaultPath}.sync-lock.db`;

/** Takes the lock or refuses at once with BUSY; the function it returns gives it back (twice is harmless). */
export function takeSyncLock(vaultPath: string): () => void {
  const file = syncLockPath(vaultPath);
  const lock = holdFileLock(file);
  if (lock === 'busy') throw new SyncError('BUSY', 'Another Token Vault process is syncing this vault right now; try again in a moment.');
  if (lock === 'not-a-lock') throw new SyncError('BUSY', `${file} is not Token Vault's sync lock; remove it and sync again.`);
  return lock;
}
