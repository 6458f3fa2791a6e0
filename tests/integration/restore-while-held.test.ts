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
import { TEST_KDF } from '../../electron/vault/kdf';
import { Vault } from '../../electron/vault/vault';
import { agentWorld, PW, WITH_PASSWORD, type AgentWorld } from '../helpers/agent-env';
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

let world: AgentWorld | null = null;
afterEach(() => {
  for (const child of running.splice(0)) child.kill('SIGKILL');
  world?.stop();
  world = null;
});

/** Starts a holder process that has the vault open and unlocked; resolves once it says so. */
async function startHolder(file: string, password: string) {
  const child = spawn(process.execPath, [holderScript, file, password, path.resolve('electron/vault/kdf-thread.mjs')], { stdio: ['pipe', 'pipe', 'pipe'] });
  running.push(child);
  const lines: string[] = [];
  const waiters: (() => void)[] = [];
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    for (const wake of waiters.splice(0)) wake();
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  // A holder that dies says so at once (after its last lines): no line would wake a waiter again.
  let closed = false;
  child.on('close', () => {
    closed = true;
    for (const wake of waiters.splice(0)) wake();
  });
  const waitFor = async (test: (line: string) => boolean): Promise<string> => {
    for (;;) {
      const hit = lines.find(test);
      if (hit) return hit;
      if (closed) throw new Error(`holder exited: ${stderr}`);
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
  it('a holder notices the file was restored (same key), locks itself with a sentence and writes nothing; unlocked again, it writes into the restored vault', async () => {
    const vault = await newVault();
    vault.add({ name: 'a' }, 'sa');
    vault.add({ name: 'b' }, 'sb');
    const backup = await createBackup(vault, 'manual');
    vault.add({ name: 'c' }, 'sc');
    vault.close();

    const holder = await startHolder(vault.path, PASSWORD);
    // The holder has read the settings (counter 4 or so); the backup's counter is lower.
    holder.send('settings');
    await holder.waitFor((l) => l.startsWith('ok settings '));
    const { keptAt } = await restoreBackup(vault.path, backup, PASSWORD);
    holder.send('settings');
    expect(await holder.waitFor((l) => l.includes(' settings ') && l !== holder.lines.find((x) => x.startsWith('ok settings ')))).toMatch(
      /^error settings LOCKED .* The vault was restored by another Token Vault process; unlock it again\.$/,
    );
    holder.send('add after-restore');
    expect(await holder.waitFor((l) => l.includes(' after-restore '))).toMatch(/^error after-restore LOCKED .* The vault is locked; unlock it first\.$/);
    // Lock always succeeds; unlocking again opens the restored vault, and writes land there.
    holder.send('lock');
    expect(await holder.waitFor((l) => l.startsWith('ok lock') || l.startsWith('error lock'))).toMatch(/^ok lock/);
    holder.send('unlock');
    expect(await holder.waitFor((l) => /^(ok|error) unlock /.test(l))).toMatch(/^ok unlock /);
    holder.send('add after-unlock');
    expect(await holder.waitFor((l) => l.includes(' after-unlock '))).toMatch(/^ok after-unlock /);

    expect(await namesIn(vault.path)).toEqual(['a', 'after-unlock', 'b']);
    expect(await namesIn(keptAt!)).toEqual(['a', 'b', 'c']);
  });

  it('a holder whose vault the restore gave another password gets the same sentence and writes nothing', async () => {
    const vault = await newVault();
    vault.add({ name: 'a' }, 'sa');
    const backup = await createBackup(vault, 'manual');
    await vault.changePassword(PASSWORD, 'the new password', { kdf: TEST_KDF });
    vault.close();

    const holder = await startHolder(vault.path, 'the new password');
    await restoreBackup(vault.path, backup, PASSWORD);
    holder.send('add after-restore');
    const answer = await holder.waitFor((l) => l.includes(' after-restore '));
    expect(answer).toMatch(/^error after-restore LOCKED .* The vault was restored by another Token Vault process; unlock it again\.$/);

    // The restored vault opens with the backup's password and holds only what the backup held.
    expect(await namesIn(vault.path, PASSWORD)).toEqual(['a']);
  });

  it('writes racing a restore land in the kept vault or fail with BUSY, then LOCKED once the holder notices the restore; none is lost', async () => {
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
    await holder.waitFor((l) => l.startsWith('error w-') && Number(l.split(' ')[3]) > restoreEnd);
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
    // Every failure is a clear BUSY while the restore runs, then LOCKED: the holder noticed the
    // restore and locked itself. Nothing is written into the restored vault behind the user's back.
    expect(writes.filter((w) => w.outcome === 'error' && w.code !== 'BUSY' && w.code !== 'LOCKED')).toEqual([]);
    const after = writes.filter((w) => w.start > restoreEnd);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((w) => w.outcome === 'error' && w.code === 'LOCKED')).toBe(true);
    expect(holder.lines.filter((l) => l.includes('restored by another Token Vault process'))).toHaveLength(1);
    expect(writes.filter((w) => w.outcome === 'ok' && restored.has(w.name))).toEqual([]);
    const before = writes.filter((w) => w.end < restoreStart && w.outcome === 'ok');
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((w) => kept.has(w.name) && !restored.has(w.name))).toBe(true);

    // The figures for the closing note: how long the restore took and what the holder felt.
    const during = writes.filter((w) => w.end >= restoreStart && w.start <= restoreEnd);
    const slowest = Math.max(...writes.map((w) => w.end - w.start));
    console.log(
      `restore while held (${ENTRIES} entries): restore ${restoreEnd - restoreStart} ms; holder wrote ${writes.length} times ` +
        `(${before.length} before, ${during.length} overlapping, ${after.length} after, refused once locked), ${writes.filter((w) => w.code === 'BUSY').length} BUSY, slowest write ${slowest} ms`,
    );
  });

  it('an agent holding the vault when the CLI restores it locks itself: the next command reads the restored vault, `lock` succeeds, a new unlock serves it', () => {
    world = agentWorld();
    expect(world.cli(['unlock', '--minutes', '5'], `${PW}\n`).status).toBe(0);
    expect(world.cli(['add', 'before-backup', '--kind', 'personal'], 'glpat-before-backup-0001\n').status).toBe(0);
    const out = path.join(tempDir('tv-agent-backup-'), 'b.tvbak');
    const made = world.cli(['backup', '--out', out], `${PW}\n`, WITH_PASSWORD);
    expect(made.status, made.stderr).toBe(0);
    expect(world.cli(['add', 'after-backup', '--kind', 'personal'], 'glpat-after-backup-0002\n').status).toBe(0);
    // The agent has read the settings (its counter is now past the backup's).
    expect(world.cli(['list']).status).toBe(0);

    const restored = world.cli(['restore', out], `${PW}\n`, WITH_PASSWORD);
    expect(restored.status, restored.stderr).toBe(0);

    // The agent noticed and locked itself, so the CLI asks for the password as with no agent
    // (piped: the first line), and reads the restored vault: no "damaged", no exit 4.
    const list = world.cli(['list', '--json'], `${PW}\n`, WITH_PASSWORD);
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toContain('before-backup');
    expect(list.stdout).not.toContain('after-backup');
    expect(world.cli(['agent', 'status']).stdout).toMatch(/: locked/);
    const lock = world.cli(['lock']);
    expect(lock.status, lock.stderr).toBe(0);
    expect(world.cli(['agent', 'status']).stdout).not.toMatch(/: unlocked/);
    // Unlocked again, the agent serves the restored vault.
    expect(world.cli(['unlock'], `${PW}\n`).status).toBe(0);
    expect(world.cli(['list', '--json']).stdout).toContain('before-backup');
    expect(world.cli(['list', '--json']).stdout).not.toContain('after-backup');
  });
});
