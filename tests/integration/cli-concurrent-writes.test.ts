// Two Token Vault processes writing one vault at once, for real: each opens the file itself
// (SQLite WAL, BEGIN IMMEDIATE), the way the CLI's GitLab commands do beside the app or the
// agent. A rotation is claimed by a check-and-set inside the write transaction, so two
// processes rotating one token make exactly one rotation on GitLab — a second one, with the
// old secret, would make GitLab revoke the whole token family (the emulator does, too).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_KDF } from '../../electron/vault/kdf';
import { Vault } from '../../electron/vault/vault';
import { start, type Emulator } from '../gitlab-emulator/server';

const CLI = path.resolve('dist/cli.mjs');
let em: Emulator;
let dir: string;
let vaultPath: string;

function run(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, '--vault', vaultPath, ...args], { env: { ...process.env, HTTPS_PROXY: '', HTTP_PROXY: '', https_proxy: '', http_proxy: '', XDG_RUNTIME_DIR: dir } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end('pw\n');
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

beforeEach(async () => {
  if (!existsSync(CLI)) throw new Error('dist/cli.mjs is missing: run `npm run build:cli` first.');
  em = await start();
  dir = mkdtempSync(path.join(tmpdir(), 'tv-concurrent-'));
  vaultPath = path.join(dir, 'v.tokenvault');
  const vault = await Vault.create(vaultPath, 'pw', { kdf: TEST_KDF });
  const t = em.issueToken({ username: 'two-processes', name: 'shared', scopes: ['api'] });
  vault.add({ name: 'shared', kind: 'personal', instance: em.url, scopes: ['api'] }, t.secret);
  vault.close();
});
afterEach(async () => {
  await em.stop();
  rmSync(dir, { recursive: true, force: true });
});

const rotations = () => [...em.stats.byPath].filter(([p]) => p.endsWith('/rotate')).reduce((n, [, c]) => n + c, 0);

describe('two processes, one vault', () => {
  it('rotating one token from two processes at once rotates it once; the stored token still works', async () => {
    // GitLab answers nothing until both processes have asked it something: each has then read
    // the entry unclaimed, and both try to claim it after. (A fixed delay raced a slow start-up:
    // under load the second process read the entry after the first had claimed it.)
    let release!: () => void;
    em.faults.held = new Promise<void>((resolve) => (release = resolve));
    const waitForRequests = async (n: number) => {
      const deadline = Date.now() + 120_000;
      while (em.stats.requests < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    };
    const first = run('gitlab', 'rotate', 'shared');
    await waitForRequests(1);
    const second = run('gitlab', 'rotate', 'shared');
    await waitForRequests(2);
    em.faults.held = null;
    release();
    const results = await Promise.all([first, second]);

    const ok = results.filter((r) => r.status === 0);
    const refused = results.filter((r) => r.status !== 0);
    expect(ok, JSON.stringify(results)).toHaveLength(1);
    expect(refused[0]!.status).toBe(5);
    // Being rotated, or already rotated when the second claim comes late (a loaded machine): both
    // are the truth, and neither rotates twice.
    expect(refused[0]!.stderr).toMatch(/"shared" was (being rotated|rotated) by another Token Vault process while this rotation was being prepared, so nothing was rotated/);
    expect(rotations()).toBe(1);

    // GitLab did not see the old token reused: the stored one is live.
    const verify = await run('gitlab', 'verify', 'shared');
    expect(verify.status, verify.stderr).toBe(0);
    const vault = Vault.open(vaultPath);
    await vault.unlock('pw');
    const entry = vault.find('shared');
    expect(entry.pendingRotation).toBeNull();
    expect(entry.history.map((h) => h.action)).toEqual(['created', 'rotation-started', 'rotated', 'verified']);
    vault.close();
  });
});
