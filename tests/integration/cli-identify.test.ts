// `tokenvault identify`: a found token, read from standard input (never an argument), is told by
// its prefix, matched against the vault without printing any secret, described by GitLab (the
// token itself, or an administrator's token through POST /admin/token), and revoked on request.
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
let em: Emulator;
let dir: string;
let vaultPath: string;
const secrets: Record<string, string> = {};
const ids: Record<string, number> = {};

function run(stdin: string, ...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, '--vault', vaultPath, ...args], { env: { ...process.env, HTTPS_PROXY: '', HTTP_PROXY: '', XDG_RUNTIME_DIR: dir } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end(stdin);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
const noSecret = (text: string) => Object.values(secrets).forEach((s) => expect(text).not.toContain(s));

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('dist/cli.mjs is missing: run `npm run build:cli` first.');
  em = await start();
  dir = mkdtempSync(path.join(tmpdir(), 'tv-identify-'));
  vaultPath = path.join(dir, 'v.tokenvault');
  const vault = await Vault.create(vaultPath, 'pw', { kdf: TEST_KDF });
  for (const [name, admin] of [['deploy', false], ['root-admin', true]] as const) {
    const t = em.issueToken({ username: admin ? 'root' : 'alice', admin, name, scopes: ['api'] });
    secrets[name] = t.secret;
    ids[name] = t.id;
    vault.add({ name, kind: 'personal', instance: em.url, scopes: ['api'] }, t.secret);
  }
  const stray = em.issueToken({ username: 'bob', name: 'leaked-in-chat', scopes: ['read_api'], expiresAt: addDays(isoDay(new Date()), -1) });
  secrets['stray'] = stray.secret;
  ids['stray'] = stray.id;
  vault.close();
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await em.stop();
});

it('a stored token: its kind, the entry holding it, and what GitLab says; no secret printed', async () => {
  const r = await run(`pw\n${secrets['deploy']}\n`, 'identify');
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('Kind: personal, project or group access token (glpat-).');
  expect(r.stdout).toContain('In this vault: "deploy".');
  expect(r.stdout).toContain(`knows it: token ${ids['deploy']} "deploy"`);
  expect(r.stdout).toContain('To revoke it: tokenvault identify --revoke');
  noSecret(r.stdout + r.stderr);
});

it("a token not in the vault that GitLab no longer accepts: an administrator's token reads it through the token information API", async () => {
  const r = await run(`pw\n${secrets['stray']}\n`, 'identify', '--instance', em.url, '--using', 'root-admin', '--json');
  expect(r.status).toBe(0);
  const j = JSON.parse(r.stdout) as { inVault: unknown[]; gitlab: string; tokenId: number; live: boolean };
  expect(j.inVault).toEqual([]);
  expect(j.gitlab).toContain('no longer accepts it (expired)');
  expect(j.gitlab).toContain(`As an administrator: `);
  expect(j.tokenId).toBe(ids['stray']);
  expect(j.live).toBe(false);
  noSecret(r.stdout + r.stderr);
});

it('--revoke: the token revokes itself on GitLab, and the entry holding it is marked revoked', async () => {
  const r = await run(`pw\n${secrets['deploy']}\n`, 'identify', '--revoke');
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('it revoked itself, and no longer works');
  expect(em.state.tokens.get(ids['deploy']!)?.revoked).toBe(true);
  const shown = await run('pw\n', 'show', 'deploy', '--json');
  expect((JSON.parse(shown.stdout) as { status: string }).status).toBe('revoked');
});

it('--prefix: the kind and the stored tokens starting so, without asking GitLab', async () => {
  const before = em.stats.requests;
  const r = await run('pw\n', 'identify', '--prefix', secrets['root-admin']!.slice(0, 12));
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('In this vault: "root-admin" (starting so).');
  expect(em.stats.requests).toBe(before);
});
