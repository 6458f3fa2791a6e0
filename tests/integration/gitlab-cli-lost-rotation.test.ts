// `tokenvault gitlab verify|rotate` after a rotation whose answer was lost and whose old token has
// since expired: GitLab answers "Token is expired" (checked before "revoked"), so the CLI keeps the
// rotation unconfirmed, says the new token may be alive, and `--using` finds and revokes it.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addDays, isoDay } from '../../electron/gitlab/tokens';
import { TEST_KDF } from '../../electron/vault/kdf';
import { Vault } from '../../electron/vault/vault';
import { start, type Emulator } from '../gitlab-emulator/server';

const CLI = path.resolve('dist/cli.mjs');
const today = isoDay(new Date());
let em: Emulator;
let dir: string;
let vaultPath: string;
const secrets: string[] = [];

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

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('dist/cli.mjs is missing: run `npm run build:cli` first.');
  em = await start();
  dir = mkdtempSync(path.join(tmpdir(), 'tv-cli-lost-'));
  vaultPath = path.join(dir, 'v.tokenvault');
  const vault = await Vault.create(vaultPath, 'pw', { kdf: TEST_KDF });
  const deploy = em.issueToken({ username: 'ci', name: 'deploy', scopes: ['api'], expiresAt: addDays(today, 2) });
  const helper = em.issueToken({ username: 'ci', name: 'helper', scopes: ['api'] });
  secrets.push(deploy.secret, helper.secret);
  vault.add({ name: 'deploy', kind: 'personal', instance: em.url, scopes: ['api'] }, deploy.secret);
  vault.add({ name: 'helper', kind: 'personal', instance: em.url, scopes: ['api'] }, helper.secret);
  vault.close();
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await em.stop();
});

it('a lost rotation read after expiry: verify keeps it unconfirmed; rotate --using finds the orphan and revokes it', async () => {
  expect((await run('gitlab', 'verify', 'deploy')).status).toBe(0);
  expect((await run('gitlab', 'verify', 'helper')).status).toBe(0);
  em.faults.dropAfterRotate = 1;
  expect((await run('gitlab', 'rotate', 'deploy', '--duration', '30d')).status).toBe(5);
  const orphan = [...em.state.tokens.values()].find((t) => t.name === 'deploy' && !t.revoked)!;
  secrets.push(orphan.secret);
  em.setNow(new Date(Date.now() + 3 * 86_400_000));

  const v = await run('gitlab', 'verify', 'deploy');
  expect(v.status).toBe(5);
  expect(v.stderr).toContain('alive on GitLab with nobody holding it');
  expect(orphan.revoked).toBe(false);

  const r = await run('gitlab', 'rotate', 'deploy', '--using', 'helper');
  expect(r.status).toBe(5);
  expect(r.stderr).toContain('after GitLab had rotated it');
  expect(r.stderr).toContain(`(id ${orphan.id}, created`);
  expect(orphan.revoked).toBe(true);
  for (const s of secrets) expect(v.stdout + v.stderr + r.stdout + r.stderr).not.toContain(s);
});
