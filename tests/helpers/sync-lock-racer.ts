// Child process for the sync-lock race test. "hold": takes the lock, says "held" and keeps it
// until killed; it drops the release function and collects garbage (run with --expose-gc), so a
// lock that went with its unreferenced connection would show. "race": says "ready", waits for the parent's go file, then takes the lock
// ROUNDS times; each time it appends "take PID" to the shared log right after taking it and
// "drop PID" right before giving it back (O_APPEND: the log's order is the order of events).
import fs from 'node:fs';
import { takeSyncLock } from '../../electron/sync/sync-lock';

const [mode, vaultPath, log = '', go = '', rounds = '1'] = process.argv.slice(2) as [string, string, string?, string?, string?];
const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

if (mode === 'hold') {
  takeSyncLock(vaultPath);
  (globalThis as { gc?: () => void }).gc?.();
  fs.writeSync(1, 'held\n');
  setInterval(() => {}, 1 << 30);
} else {
  fs.writeSync(1, 'ready\n');
  while (!fs.existsSync(go)) pause(1);
  let taken = 0;
  let refused = 0;
  while (taken < Number(rounds)) {
    let release: () => void;
    try {
      release = takeSyncLock(vaultPath);
    } catch (error) {
      if ((error as { code?: string }).code !== 'BUSY') throw error;
      refused++;
      pause(Math.random() * 2);
      continue;
    }
    fs.appendFileSync(log, `take ${process.pid}\n`);
    pause(1 + Math.random() * 3);
    fs.appendFileSync(log, `drop ${process.pid}\n`);
    release();
    taken++;
  }
  fs.writeSync(1, `done ${taken} ${refused}\n`);
}
