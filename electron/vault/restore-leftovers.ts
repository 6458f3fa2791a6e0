// A restore stages the whole backup beside the vault (`vault.tokenvault.restoring-PID-MS`). A
// restore killed before its cleanup (kill -9, a power cut) leaves that full copy there, where
// nothing lists it and nothing would ever delete it. The next open or restore of the vault
// removes the copies whose process is gone, with their SQLite side files.
import fs from 'node:fs';
import path from 'node:path';

/**
 * meta key of the random mark every restore writes into the vault it installs: a process that
 * holds the vault open sees it move and knows the file it unlocked was replaced (vault.ts).
 */
export const RESTORE_MARK = 'restore_mark';

/** The staging file a restore by this process writes for `target`. */
export function stagingPath(target: string, now = Date.now()): string {
  return `${target}.restoring-${process.pid}-${now}`;
}

const SIDES = ['', '-journal', '-wal', '-shm'];
/** Long past any restore still running, even of a large vault on a slow disk. */
const ABANDONED_AFTER_MS = 60 * 60 * 1000;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists, it is just not ours to signal.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Staging copies left beside `target` by restores that did not finish (their process is gone, or they are an hour old). */
export function leftoverRestoreCopies(target: string, now = Date.now()): string[] {
  const dir = path.dirname(target);
  const pattern = new RegExp(`^${escape(path.basename(target))}\\.restoring-(\\d+)-(\\d+)$`);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const m = pattern.exec(name);
    if (!m) return [];
    const pid = Number(m[1]);
    const abandoned = now - Number(m[2]) > ABANDONED_AFTER_MS;
    if (pid === process.pid && !abandoned) return [];
    return abandoned || !processAlive(pid) ? [path.join(dir, name)] : [];
  });
}

/** Deletes those copies (and their -journal/-wal/-shm); returns the ones it removed. Never throws. */
export function removeLeftoverRestoreCopies(target: string, now = Date.now()): string[] {
  const removed: string[] = [];
  for (const copy of leftoverRestoreCopies(target, now)) {
    try {
      for (const side of SIDES) fs.rmSync(`${copy}${side}`, { force: true });
      removed.push(copy);
    } catch {
      // Not ours to delete (another owner, a read-only disk): it stays, the vault still works.
    }
  }
  return removed;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
