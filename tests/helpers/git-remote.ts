// Sync's git remote in tests: a bare repository over file://, one device of a vault set up and
// synced through it, and a pre-receive hook that refuses pushes (as a protected branch would).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { GitPlace } from '../../electron/sync/git-place';
import { syncVault } from '../../electron/sync/run';
import { setupSync } from '../../electron/sync/setup';
import { MemoryVault } from './memory-vault';

export function bareRemote(dir: string): { bare: string; url: string } {
  const bare = path.join(dir, 'remote.git');
  execFileSync('git', ['init', '--quiet', '--bare', bare]);
  return { bare, url: `file://${bare}` };
}

/** Device A of a new vault, set up to sync through a fresh bare remote in `dir` and synced once. */
export async function deviceOnGitRemote(dir: string): Promise<{ bare: string; url: string; a: MemoryVault; place: GitPlace }> {
  const { bare, url } = bareRemote(dir);
  const a = new MemoryVault(path.join(dir, 'a'), '00000000-0000-4000-8000-00000000000a');
  const place = new GitPlace(url, path.join(dir, 'clone'));
  await setupSync(a, 'pw', place, { kind: 'git', where: url }, 'A');
  await syncVault(a, {}, place);
  return { bare, url, a, place };
}

/** Every push to `bare` is refused with `message` on git's standard error until the returned function is called. */
export function refusePushes(bare: string, message: string): () => void {
  const hook = path.join(bare, 'hooks', 'pre-receive');
  fs.writeFileSync(hook, `#!/bin/sh\necho "${message}" >&2\nexit 1\n`, { mode: 0o755 });
  return () => fs.rmSync(hook);
}
