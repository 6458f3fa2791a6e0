// `tokenvault gitlab …` as a user runs it: the built CLI spawned against a real vault file and
// the emulator over real HTTP. Exit statuses per cli.md (5 = GitLab refused or unreachable).
import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, isoDay } from '../../electron/gitlab/tokens';
import { TEST_KDF } from '../../electron/vault/kdf';
import { Vault } from '../../electron/vault/vault';
import { start, testCertificate, type Emulator } from '../gitlab-emulator/server';

const CLI = path.resolve('dist/cli.mjs');
const today = isoDay(new Date());
let em: Emulator;
let tlsEm: Emulator;
let dir: string;
let vaultPath: string;
const secrets: Record<string, string> = {};

function run(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, '--vault', vaultPath, ...args], { env: { ...process.env, HTTPS_PROXY: '', HTTP_PROXY: '', https_proxy: '', http_proxy: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end('pw\n');
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const noSecrets = (text: string) => Object.values(secrets).forEach((s) => expect(text).not.toContain(s));

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('dist/cli.mjs is missing: run `npm run build:cli` first.');
  em = await start();
  tlsEm = await start({ tls: testCertificate() });
  dir = mkdtempSync(path.join(tmpdir(), 'tv-gitlab-cli-'));
  vaultPath = path.join(dir, 'v.tokenvault');
  const vault = await Vault.create(vaultPath, 'pw', { kdf: TEST_KDF });
  const add = (name: string, scopes: string[], extra: { revoked?: boolean; lastUsedAt?: string } = {}) => {
    const t = em.issueToken({ username: 'cli-user', name, scopes, expiresAt: addDays(today, 60), ...extra });
    secrets[name] = t.secret;
    vault.add({ name, kind: 'personal', instance: em.url, scopes }, t.secret);
  };
  add('main', ['api']);
  add('to-rotate', ['api']);
  add('to-revoke', ['api']);
  add('dead', ['api'], { revoked: true });
  add('lost', ['api']);
  em.issueToken({ username: 'cli-user', name: 'stray', scopes: ['write_repository'] });
  vault.add({ name: 'offline', kind: 'personal', instance: 'http://127.0.0.1:1' }, 'glpat-offline-secret-123');
  const self = tlsEm.issueToken({ username: 'tls-user', name: 'self-managed', scopes: ['read_api'] });
  secrets['self-managed'] = self.secret;
  vault.add({ name: 'self-managed', kind: 'personal', instance: tlsEm.url }, self.secret);
  vault.close();
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await em.stop();
  await tlsEm.stop();
});

describe('tokenvault gitlab', () => {
  it('verify: updates metadata and says what GitLab said', async () => {
    const r = await run('gitlab', 'verify', 'main');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`main: GitLab accepts this token; it expires on ${addDays(today, 60)}.`);
    expect(r.stdout).toContain('owner    cli-user');
    noSecrets(r.stdout + r.stderr);
    const json = await run('gitlab', 'verify', 'main', '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ finding: { ok: true }, entry: { name: 'main', scopes: ['api'] } });
  });

  it('verify of a revoked token exits 5 with one sentence', async () => {
    const r = await run('gitlab', 'verify', 'dead');
    expect(r.status).toBe(5);
    // One line: what happened, and (the token had no expiry date) the one cause besides a person that GitLab has.
    expect(r.stderr.trim()).toMatch(/^tokenvault: The token was revoked on 127\.0\.0\.1:\d+; it no longer works\. If nobody revoked it, 127\.0\.0\.1:\d+'s administrator may have lowered the maximum token lifetime[^\n]*$/);
  });

  it('an unreachable instance exits 5', async () => {
    const r = await run('gitlab', 'verify', 'offline');
    expect(r.status).toBe(5);
    expect(r.stderr).toContain('refused the connection');
    expect(r.stderr).not.toContain('glpat-offline-secret-123');
  });

  it('rotate: stores the new secret, never prints it', async () => {
    const r = await run('gitlab', 'rotate', 'to-rotate', '--expires', addDays(today, 45));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`the new token is stored and expires on ${addDays(today, 45)}`);
    const vault = Vault.open(vaultPath);
    await vault.unlock('pw');
    const entry = vault.find('to-rotate');
    const fresh = em.state.tokens.get(entry.gitlab.tokenId ?? -1);
    expect(fresh?.secret).toBe(vault.readSecret(entry.id));
    vault.close();
    noSecrets(r.stdout + r.stderr);
    expect(r.stdout).not.toContain(fresh?.secret);
  });

  it('rotate with a lost answer exits 5, keeps the old secret, and refuses a second try', async () => {
    em.faults.dropAfterRotate = 1;
    const r = await run('gitlab', 'rotate', 'lost');
    expect(r.status).toBe(5);
    expect(r.stderr).toContain('rotation unconfirmed');
    const again = await run('gitlab', 'rotate', 'lost');
    expect(again.status).toBe(5);
    expect(again.stderr).toContain('verify the token first');
    const v = await run('gitlab', 'verify', 'lost');
    expect(v.status).toBe(5);
    expect(v.stderr).toContain('Make a replacement on');
    // The emulator's version is 16.3+, where reuse detection revokes the family. The rotation kept
    // the version it was sent to (schema 7 stopped dropping it), so the sentence says what that
    // version does, not what 16.0–16.2 would.
    expect(v.stderr).toContain('revoking its whole token family, the lost new token included.');
    expect(v.stderr).not.toContain('16.0–16.2');
  });

  it('revoke', async () => {
    const r = await run('gitlab', 'revoke', 'to-revoke');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Revoked "to-revoke" on GitLab');
  });

  it('audit: a table, or --json', async () => {
    const r = await run('gitlab', 'audit', '--instance', em.url, '--using', 'main');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/stray .*\[on GitLab but not in the vault; broad scopes/);
    noSecrets(r.stdout);
    const j = await run('gitlab', 'audit', '--instance', em.url, '--using', 'main', '--json');
    const report = JSON.parse(j.stdout) as { rows: Array<{ name: string; findings: string[] }> };
    expect(report.rows.find((x) => x.name === 'stray')?.findings).toContain('not_in_vault');
    expect(report.rows.find((x) => x.name === 'main')?.findings).not.toContain('not_in_vault');
  });

  it('a self-signed instance: refused with its fingerprint, then trusted by fingerprint or by CA file', async () => {
    const cert = testCertificate().cert;
    const fingerprint = new X509Certificate(cert).fingerprint256;
    const refused = await run('gitlab', 'verify', 'self-managed');
    expect(refused.status).toBe(5);
    expect(refused.stderr).toContain(fingerprint);
    expect((await run('gitlab', '--trust-fingerprint', fingerprint, 'verify', 'self-managed')).status).toBe(0);
    const caFile = path.join(dir, 'ca.pem');
    writeFileSync(caFile, cert);
    expect((await run('gitlab', '--ca-file', caFile, 'verify', 'self-managed')).status).toBe(0);
    noSecrets(refused.stderr);
  });

  it('audit without --using is a usage error', async () => {
    expect((await run('gitlab', 'audit', '--instance', em.url)).status).toBe(2);
  });
});
