// Folders Token Vault writes into (backups), made and checked without hanging. Node 20's
// mkdir({recursive: true}) loops forever at 100% CPU when the kernel answers ENOENT for a
// folder whose parent exists — which is what /proc and /sys do — and that hung the backend
// when a backups folder under /proc was saved. So: each missing level is made on its own, and
// kernel pseudo file systems are refused before anything is tried.
import fs from 'node:fs';
import path from 'node:path';
import { VaultError } from './errors';

/** statfs f_type of file systems that hold no files of ours (Linux magic numbers). */
const PSEUDO_FILE_SYSTEMS = new Map<number, string>([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x1cd1, 'devpts'],
  [0x01021994, 'devtmpfs'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x64626720, 'debugfs'],
  [0x73636673, 'securityfs'],
  [0x74726163, 'tracefs'],
  [0x6165676c, 'pstore'],
  [0xcafe4a11, 'bpf'],
  [0x62656570, 'configfs'],
  [0xde5e81e4, 'efivarfs'],
]);

/** The deepest part of `dir` that exists (dir itself, or one of its parents). */
function nearestExisting(dir: string): string {
  let at = dir;
  while (!fs.existsSync(at)) {
    const up = path.dirname(at);
    if (up === at) break;
    at = up;
  }
  return at;
}

function pseudoFileSystem(at: string): string | null {
  if (!fs.statfsSync) return null;
  try {
    return PSEUDO_FILE_SYSTEMS.get(Number(fs.statfsSync(at).type)) ?? null;
  } catch {
    return null;
  }
}

/** mkdir -p, one level at a time: an error at any level is reported, never retried. */
export function makeFolder(dir: string, mode?: number): void {
  const target = path.resolve(dir);
  const missing: string[] = [];
  for (let at = target; !fs.existsSync(at); at = path.dirname(at)) {
    if (path.dirname(at) === at) break;
    missing.unshift(at);
  }
  for (const level of missing) {
    try {
      fs.mkdirSync(level, mode === undefined ? undefined : { mode });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new VaultError('IO', `The folder ${target} cannot be created here; choose another.`);
    }
  }
}

/**
 * Checks that `dir` can hold backups: an absolute path, not inside a system pseudo file
 * system, a folder (made if missing), and writable (a probe file is written and removed).
 * Returns the resolved path. Nothing is created when a check before creation fails.
 */
export function prepareBackupFolder(dir: string): string {
  const text = dir.trim();
  if (!text) throw new VaultError('INVALID_INPUT', 'The backups folder is empty; leave it blank to keep backups beside the vault.');
  if (text.includes('\0')) throw new VaultError('INVALID_INPUT', 'The backups folder contains a character no path may hold.');
  if (!path.isAbsolute(text)) throw new VaultError('INVALID_INPUT', `The backups folder must be a full path, such as ${path.resolve('/', 'home', 'you', 'token-backups')}.`);
  const target = path.resolve(text);
  const existing = nearestExisting(target);
  const pseudo = pseudoFileSystem(existing);
  if (pseudo) throw new VaultError('INVALID_INPUT', `${target} is inside the system's ${pseudo} folder, which cannot hold files; choose a folder in your home or on a backup drive.`);
  if (existing === target && !fs.statSync(target).isDirectory()) throw new VaultError('INVALID_INPUT', `${target} is a file, not a folder; choose a folder.`);
  makeFolder(target, 0o700);
  const probe = path.join(target, `.tokenvault-write-test-${process.pid}`);
  try {
    fs.writeFileSync(probe, 'ok', { flag: 'wx' });
  } catch {
    throw new VaultError('IO', `Token Vault cannot write into ${target}; choose a folder you may write to.`);
  } finally {
    fs.rmSync(probe, { force: true });
  }
  return target;
}
