// A restore while another Token Vault process holds the vault open and unlocked (the app, a
// CLI `copy`): that process's writes must land in the restored vault, or fail with a clear
// error; never vanish into a file that is no longer the vault. Two real processes: this test
// restores, tests/helpers/restore-holder.ts holds and writes.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { build } from 'esbuild';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBackup, restoreBackup } from '../../electron/vault/backups';
import { Vault } from '../../electron/vault/vault';
import { newVault, PASSWORD, tempDir } from '../helpers/vault-fixture';

/** RESTORE_HELD_ENTRIES=10000 measures a bigger vault; the default keeps the suite quick. */
const ENTRIES = Number(process.env.RESTORE_HELD_ENTRIES ?? 2000);
let holderScript = '';
const running: ChildProcessWithoutNullStreams[] = [];

beforeAll(async () => {
  holderScript = path.join(tempDir('tv-holder-bin-'), 'restore-holder.mjs');
  await build({ entryPoints: ['tests/helpers/restore-holder.ts'], outfile: holderScript, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'warning' });
  fs.symlinkSync(path.resolve('node_modules'), path.join(path.dirname(holderScript), 'node_modules'));
});

afterEach(() => {
  for (const child of running.splice(0)) child.kill('SIGKILL');
});

/** Starts a holder process that has the vault open and unlocked; resolves once it says so. */
async function startHolder(file: string, password: string) {
  const child = spawn(process.execPath, [holderScript, file, password], { stdio: ['pipe', 'pipe', 'pipe'] });
  running.push(child);
  const lines: string[] = [];
  const waiters: (() => void)[] = [];
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    for (const wake of waiters.splice(0)) wake();
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const waitFor = async (test: (line: string) => boolean): Promise<string> => {
    for (;;) {
      const hit = lines.find(test);
      if (hit) return hit;
      if (child.exitCode !== null) throw new Error(`holder exited: ${stderr}`);
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  await waitFor((l) => l === 'ready');
  return {
    lines,
    send: (command: string) => child.stdin.write(`${command}\n`),
    waitFor,
  };
}

async function namesIn(file: string, password = PASSWORD): Promise<string[]> {
  const vault = Vault.open(file);
  try {
    await vault.unlock(password);
    return vault.list().map((e) => e.name);
  } finally {
    vault.close();
  }
}

describe('restore while another process holds the vault', () => {
  it('a write the holder makes after the restore is in the restored vault', async () => {
    const vault = await newVault();
    vault.add({ name: 'a' }, 'sa');
    vault.add({ name: 'b' }, 'sb');
    const backup = await createBackup(vault, 'manual');
    vault.add({ name: 'c' }, 'sc');
    vault.close();

    const holder = await startHolder(vault.path, PASSWORD);
    const { keptAt } = await restoreBackup(vault.path, backup, PASSWORD);
    holder.send('add after-restore');
    expect(await holder.waitFor((l) => l.includes(' after-restore '))).toMatch(/^ok after-restore /);

    expect(await namesIn(vault.path)).toEqual(['a', 'after-restore', 'b']);
    expect(await namesIn(keptAt!)).toEqual(['a', 'b', 'c']);
  });

  it('a holder whose vault the restore gave another password gets a clear error and writes nothing', async () => {
    const vault = await newVault();
    vault.add({ name: 'a' }, 'sa');
    const backup = await createBackup(vault, 'manual');
    await vault.changePassword(PASSWORD, 'the new password');
    vault.close();

    const holder = await startHolder(vault.path, 'the new password');
    await restoreBackup(vault.path, backup, PASSWORD);
    holder.send('add after-restore');
    const answer = await holder.waitFor((l) => l.includes(' after-restore '));
    expect(answer).toMatch(/^error after-restore LOCKED .* changed by another Token Vault process \(a password change or a restore\)/);

    // The restored vault opens with the backup's password and holds only what the backup held.
    expect(await namesIn(vault.path, PASSWORD)).toEqual(['a']);
  });

  it('writes racing a restore land in the kept or the restored vault, or fail with BUSY; none is lost', async () => {
    const vault = await newVault();
    vault.addMany(Array.from({ length: ENTRIES }, (_, i) => ({ input: { name: `old-${i}` }, secret: `s-${i}` })));
    const backup = await createBackup(vault, 'manual');
    vault.close();

    const holder = await startHolder(vault.path, PASSWORD);
    holder.send('loop w');
    await holder.waitFor((l) => l.startsWith('ok w-'));
    await new Promise((r) => setTimeout(r, 200));
    const restoreStart = Date.now();
    const { keptAt } = await restoreBackup(vault.path, backup, PASSWORD);
    const restoreEnd = Date.now();
    await holder.waitFor((l) => l.startsWith('ok w-') && Number(l.split(' ')[2]) > restoreEnd);
    holder.send('stop');
    await holder.waitFor((l) => l === 'done');

    const writes = holder.lines
      .filter((l) => l.startsWith('ok ') || l.startsWith('error '))
      .map((l) => {
        const [outcome, name, ...rest] = l.split(' ');
        const [start, end] = (outcome === 'ok' ? rest : rest.slice(1)).map(Number) as [number, number];
        return { outcome, name: name!, code: outcome === 'ok' ? null : rest[0], start, end };
      });
    const restored = new Set(await namesIn(vault.path));
    const kept = new Set(await namesIn(keptAt!));
    const lost = writes.filter((w) => w.outcome === 'ok' && !restored.has(w.name) && !kept.has(w.name));
    expect(lost).toEqual([]);
    // Every failure is a clear BUSY, never anything else.
    expect(writes.filter((w) => w.outcome === 'error').map((w) => w.code)).toEqual(writes.filter((w) => w.outcome === 'error').map(() => 'BUSY'));
    const after = writes.filter((w) => w.start > restoreEnd);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((w) => w.outcome === 'ok' && restored.has(w.name))).toBe(true);
    const before = writes.filter((w) => w.end < restoreStart && w.outcome === 'ok');
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((w) => kept.has(w.name) && !restored.has(w.name))).toBe(true);

    // The figures for the closing note: how long the restore took and what the holder felt.
    const during = writes.filter((w) => w.end >= restoreStart && w.start <= restoreEnd);
    const slowest = Math.max(...writes.map((w) => w.end - w.start));
    console.log(
      `restore while held (${ENTRIES} entries): restore ${restoreEnd - restoreStart} ms; holder wrote ${writes.length} times ` +
        `(${before.length} before, ${during.length} overlapping, ${after.length} after), ${writes.filter((w) => w.outcome === 'error').length} BUSY, slowest write ${slowest} ms`,
    );
  });
});
