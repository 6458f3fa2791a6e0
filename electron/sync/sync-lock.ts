// One sync at a time per vault file: the app, the agent and `tokenvault sync now` may all try,
// and two syncs would give two different changes the same number. A lock file beside the
// vault holds the owner's pid; one whose process is gone (kill -9) is taken over.
import fs from 'node:fs';
import { SyncError } from './errors';

export function takeSyncLock(vaultPath: string): () => void {
  const file = `${vaultPath}.sync-lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx', mode: 0o600 });
      return () => fs.rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(fs.readFileSync(file, 'utf8'));
      if (owner === process.pid || alive(owner)) break;
      fs.rmSync(file, { force: true });
    }
  }
  throw new SyncError('BUSY', 'Another Token Vault process is syncing this vault right now; try again in a moment.');
}

function alive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
