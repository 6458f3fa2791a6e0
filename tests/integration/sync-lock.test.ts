// The one-sync-at-a-time lock across processes: many processes racing for it (over a lock a
// killed holder left, and over none) never hold it two at once; a holder killed with SIGKILL
// frees it for the next at once; a live holder refuses the others with the BUSY sentence.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SyncError } from '../../electron/sync/errors';
import { takeSyncLock } from '../../electron/sync/sync-lock';
import { tempDir } from '../helpers/vault-fixture';

const BUSY = 'Another Token Vault process is syncing this vault right now; try again in a moment.';
const RACERS = 8;
let racer = '';
const children: ChildProcessWithoutNullStreams[] = [];

beforeAll(async () => {
  racer = path.join(tempDir('tv-sync-lock-bin-'), 'sync-lock-racer.mjs');
  await build({ entryPoints: ['tests/helpers/sync-lock-racer.ts'], outfile: racer, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'warning' });
  fs.symlinkSync(path.resolve('node_modules'), path.join(path.dirname(racer), 'node_modules'));
});

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function start(args: string[]): { child: ChildProcessWithoutNullStreams; line: (text: string) => Promise<void>; exit: Promise<{ code: number | null; out: string; err: string }> } {
  const child = spawn(process.execPath, ['--expose-gc', racer, ...args]);
  children.push(child);
  let out = '';
  let err = '';
  const waiting: { text: string; resolve: () => void }[] = [];
  child.stdout.on('data', (d) => {
    out += d;
    for (const w of waiting.splice(0)) if (out.split('\n').includes(w.text)) w.resolve();
    else waiting.push(w);
  });
  child.stderr.on('data', (d) => (err += d));
  const exit = new Promise<{ code: number | null; out: string; err: string }>((resolve) => child.on('close', (code) => resolve({ code, out, err })));
  const line = (text: string) =>
    new Promise<void>((resolve, reject) => {
      if (out.split('\n').includes(text)) return resolve();
      waiting.push({ text, resolve });
      void exit.then(({ code, err: e }) => reject(new Error(`child exited (${code}) before "${text}": ${e}`)));
    });
  return { child, line, exit };
}

async function killedHolder(vaultPath: string): Promise<void> {
  const holder = start(['hold', vaultPath]);
  await holder.line('held');
  holder.child.kill('SIGKILL');
  await holder.exit;
}

/** Starts RACERS processes together; each takes the lock `rounds` times. Returns the shared log. */
async function race(dir: string, vaultPath: string, rounds: number): Promise<string[]> {
  const log = path.join(dir, `log-${Math.random()}`);
  const go = `${log}.go`;
  fs.writeFileSync(log, '');
  const racers = Array.from({ length: RACERS }, () => start(['race', vaultPath, log, go, String(rounds)]));
  await Promise.all(racers.map((r) => r.line('ready')));
  fs.writeFileSync(go, '');
  const ends = await Promise.all(racers.map((r) => r.exit));
  expect(ends.map((e) => e.err.trim()).filter(Boolean)).toEqual([]);
  expect(ends.map((e) => e.code)).toEqual(ends.map(() => 0));
  return fs.readFileSync(log, 'utf8').split('\n').slice(0, -1);
}

/** Lines where a take came while another process held the lock, or a drop by one not holding it. */
function overlaps(log: string[]): string[] {
  let holder: string | null = null;
  const bad: string[] = [];
  log.forEach((entry, at) => {
    const [what, pid] = entry.split(' ') as [string, string];
    if (what === 'take') {
      if (holder !== null) bad.push(`line ${at + 1}: ${pid} took it while ${holder} held it`);
      holder = pid;
    } else {
      if (holder !== pid) bad.push(`line ${at + 1}: ${pid} gave it back while ${holder ?? 'nobody'} held it`);
      holder = null;
    }
  });
  return bad;
}

describe('across processes', () => {
  it('racing over a lock whose holder was killed, no two processes ever hold it at once', async () => {
    const dir = tempDir('tv-sync-lock-');
    const vaultPath = path.join(dir, 'vault.tokenvault');
    for (let trial = 0; trial < 3; trial++) {
      await killedHolder(vaultPath);
      const log = await race(dir, vaultPath, 2);
      expect(overlaps(log)).toEqual([]);
      expect(log.length).toBe(RACERS * 2 * 2);
    }
  });

  it('racing over no lock at all, many times each, no two processes ever hold it at once', async () => {
    const dir = tempDir('tv-sync-lock-');
    const vaultPath = path.join(dir, 'vault.tokenvault');
    const log = await race(dir, vaultPath, 25);
    expect(overlaps(log)).toEqual([]);
    expect(log.length).toBe(RACERS * 25 * 2);
  });

  it('a live holder refuses another process with the BUSY sentence; killed with SIGKILL, it frees the lock at once', async () => {
    const dir = tempDir('tv-sync-lock-');
    const vaultPath = path.join(dir, 'vault.tokenvault');
    const holder = start(['hold', vaultPath]);
    await holder.line('held');
    expect(() => takeSyncLock(vaultPath)).toThrow(new SyncError('BUSY', BUSY));
    expect(() => takeSyncLock(vaultPath)).toThrow(expect.objectContaining({ code: 'BUSY' }));
    holder.child.kill('SIGKILL');
    await holder.exit;
    const release = takeSyncLock(vaultPath);
    release();
  });

  it('a release called twice does not free the lock another process has taken since', async () => {
    const dir = tempDir('tv-sync-lock-');
    const vaultPath = path.join(dir, 'vault.tokenvault');
    const release = takeSyncLock(vaultPath);
    release();
    const holder = start(['hold', vaultPath]);
    await holder.line('held');
    release();
    expect(() => takeSyncLock(vaultPath)).toThrow(new SyncError('BUSY', BUSY));
  });

  it('a lock file of an older build naming a live process that is not syncing (its pid reused) does not block', async () => {
    const dir = tempDir('tv-sync-lock-');
    const vaultPath = path.join(dir, 'vault.tokenvault');
    const unrelated = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)']);
    children.push(unrelated as ChildProcessWithoutNullStreams);
    fs.writeFileSync(`${vaultPath}.sync-lock`, String(unrelated.pid), { mode: 0o600 });
    const release = takeSyncLock(vaultPath);
    release();
  });
});

describe('in one process', () => {
  it('a second take is refused while the first holds it, and after release it can be taken again', () => {
    const dir = tempDir('tv-sync-lock-');
    const vaultPath = path.join(dir, 'vault.tokenvault');
    const first = takeSyncLock(vaultPath);
    expect(() => takeSyncLock(vaultPath)).toThrow(new SyncError('BUSY', BUSY));
    // The team copy has a lock of its own.
    const team = takeSyncLock(`${vaultPath}.team`);
    expect(() => takeSyncLock(`${vaultPath}.team`)).toThrow(new SyncError('BUSY', BUSY));
    first();
    const again = takeSyncLock(vaultPath);
    expect(() => takeSyncLock(vaultPath)).toThrow(new SyncError('BUSY', BUSY));
    again();
    team();
    takeSyncLock(vaultPath)();
  });

  it('the lock file beside the vault is readable and writable by its owner only', () => {
    const dir = tempDir('tv-sync-lock-');
    const vaultPath = path.join(dir, 'vault.tokenvault');
    const release = takeSyncLock(vaultPath);
    try {
      // One file, no journal beside it.
      const files = fs.readdirSync(dir).filter((name) => name.startsWith('vault.tokenvault.'));
      expect(files).toHaveLength(1);
      if (process.platform !== 'win32') expect(fs.statSync(path.join(dir, files[0]!)).mode & 0o777).toBe(0o600);
    } finally {
      release();
    }
  });

  it('a lock file loosened by hand is made owner-only again, and one that is not a lock at all is refused by name', () => {
    const dir = tempDir('tv-sync-lock-');
    const vaultPath = path.join(dir, 'vault.tokenvault');
    takeSyncLock(vaultPath)();
    const [file] = fs.readdirSync(dir).map((name) => path.join(dir, name));
    if (process.platform !== 'win32') {
      fs.chmodSync(file!, 0o644);
      takeSyncLock(vaultPath)();
      expect(fs.statSync(file!).mode & 0o777).toBe(0o600);
    }
    fs.writeFileSync(file!, 'not a database, just some text that is long enough to be a header');
    expect(() => takeSyncLock(vaultPath)).toThrow(new SyncError('BUSY', `${file} is not Token Vault's sync lock; remove it and sync again.`));
  });
});
