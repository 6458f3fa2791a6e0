// `tokenvault gitlab create --kind …`, verify, rotate (and `--finish` after a swap failed half-way)
// and revoke, as a user runs them: the built CLI against a real vault and the emulator.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, isoDay } from '../../electron/gitlab/tokens';
import { TEST_KDF } from '../../electron/vault/kdf';
import { Vault } from '../../electron/vault/vault';
import { start, type Emulator } from '../gitlab-emulator/server';
import { variableKey } from '../gitlab-emulator/variable-routes';

const CLI = path.resolve('dist/cli.mjs');
const today = isoDay(new Date());
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

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('dist/cli.mjs is missing: run `npm run build:cli` first.');
  em = await start();
  em.addProject('acme/app', { maint: 40, dev: 30 });
  dir = mkdtempSync(path.join(tmpdir(), 'tv-cli-kinds-'));
  vaultPath = path.join(dir, 'v.tokenvault');
  const vault = await Vault.create(vaultPath, 'pw', { kdf: TEST_KDF });
  for (const name of ['maint', 'dev']) vault.add({ name, kind: 'personal', instance: em.url, scopes: ['api'] }, em.issueToken({ username: name, name, scopes: ['api'], expiresAt: addDays(today, 60) }).secret);
  vault.close();
  em.addVariable('project', 'acme/app', 'PULL_TOKEN', 'placeholder-1', { masked: true });
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await em.stop();
});

const variable = (key: string) => em.state.variables.get(variableKey('project', em.state.findTarget('project', 'acme/app')!.id, key, '*'))?.value;

describe('tokenvault gitlab create --kind', () => {
  it('a deploy token for registry pulls: read_registry, a year of life, stored; show --json has its fields', async () => {
    const made = await run('gitlab', 'create', 'pull', '--kind', 'deploy', '--using', 'maint', '--project', 'acme/app', '--use', 'registry-pull', '--used-in', 'acme/app:PULL_TOKEN');
    expect(made.status, made.stderr).toBe(0);
    expect(made.stdout).toMatch(/^Created "pull" on GitLab \(deploy \d+\) and stored it; it expires on \d{4}-\d{2}-\d{2} \(scopes read_registry\)\.$/m);
    expect(made.stdout).toContain(`expires on ${addDays(today, 365)}`);
    const shown = JSON.parse((await run('show', 'pull', '--json')).stdout) as { fields: Record<string, unknown>; managedBy: string };
    expect(shown.fields).toMatchObject({ username: expect.stringMatching(/^gitlab\+deploy-token-\d+$/), owner: 'project', project: 'acme/app', scopes: ['read_registry'] });
    expect(shown.managedBy).toBeTruthy();
  });

  it('a Developer is told the Maintainer role is needed (exit 5), and nothing is stored', async () => {
    const r = await run('gitlab', 'create', 'dev-pull', '--kind', 'deploy', '--using', 'dev', '--project', 'acme/app');
    expect(r.status).toBe(5);
    expect(r.stderr).toContain('that needs the Maintainer role in project acme/app');
    expect((await run('list', '--kind', 'deploy', '--json')).stdout).not.toContain('dev-pull');
  });

  it('rotate: fails half-way at the variable, names both live tokens and --finish; --finish completes', async () => {
    const before = JSON.parse((await run('show', 'pull', '--json')).stdout) as { gitlabTokenId: number };
    em.faults.failPath = { method: 'PUT', path: /\/variables\/PULL_TOKEN$/, count: 1 };
    const half = await run('gitlab', 'rotate', 'pull');
    expect(half.status).toBe(5);
    expect(half.stderr).toContain('GitLab now has two live deploy tokens for "pull"');
    expect(half.stderr).toContain(`and the old one (id ${before.gitlabTokenId}), still live because 1 of 1 CI/CD variables could not be set`);
    expect(half.stderr).toContain('tokenvault gitlab rotate "pull" --finish');
    expect(em.state.creds.credentials.has(before.gitlabTokenId)).toBe(true);
    const done = await run('gitlab', 'rotate', 'pull', '--finish');
    expect(done.status, done.stderr).toBe(0);
    expect(done.stdout).toContain('Updated 1 CI/CD variable: acme/app:PULL_TOKEN.');
    expect(done.stdout).toContain(`old ${before.gitlabTokenId} revoked`);
    expect(em.state.creds.credentials.has(before.gitlabTokenId)).toBe(false);
    const after = JSON.parse((await run('show', 'pull', '--json')).stdout) as { gitlabTokenId: number; pendingRotation: unknown };
    expect(variable('PULL_TOKEN')).toBe(em.state.creds.credentials.get(after.gitlabTokenId)?.secret);
    expect(after.pendingRotation).toBeNull();
    const again = await run('gitlab', 'rotate', 'pull', '--finish');
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('has no swap left half-way to finish');
  });

  it('a runner, verified with its own token, revoked (deleted) with the maker\'s', async () => {
    const made = await run('gitlab', 'create', 'build-host', '--kind', 'runner', '--using', 'maint', '--project', 'acme/app', '--tags', 'docker,linux', '--rotate-every', '180');
    expect(made.status, made.stderr).toBe(0);
    expect(made.stdout).toContain('GitLab gives it no expiry');
    const verified = await run('gitlab', 'verify', 'build-host');
    expect(verified.status, verified.stderr).toBe(0);
    expect(verified.stdout).toContain('GitLab accepts this runner authentication token');
    const shown = JSON.parse((await run('show', 'build-host', '--json')).stdout) as { fields: Record<string, unknown>; rotateEveryDays: number };
    expect(shown.fields).toMatchObject({ runnerType: 'project_type', tags: ['docker', 'linux'], paused: false });
    expect(shown.rotateEveryDays).toBe(180);
    const revoked = await run('gitlab', 'revoke', 'build-host');
    expect(revoked.status, revoked.stderr).toBe(0);
    expect(revoked.stdout).toContain('Deleted the runner of "build-host" on GitLab');
  });

  it('usage errors: an unknown kind, a trigger without a project', async () => {
    const bad = await run('gitlab', 'create', 'x', '--kind', 'robot', '--using', 'maint', '--project', 'acme/app');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--kind must be one of deploy, trigger, runner, agent, service-account, oauth-app, webhook');
    const noOwner = await run('gitlab', 'create', 'x', '--kind', 'trigger', '--using', 'maint');
    expect(noOwner.status).toBe(2);
    expect(noOwner.stderr).toContain('Say whose trigger it is: --project PATH.');
  });
});

describe('tokenvault gitlab audit PROJECT|GROUP', () => {
  it('every kind of the project beside the vault: a table, --json, and the state of each row', async () => {
    em.addHook('project', 'acme/app', 'https://chat.example.com/x');
    expect((await run('gitlab', 'create', 'audited-trigger', '--kind', 'trigger', '--using', 'maint', '--project', 'acme/app')).status).toBe(0);
    const table = await run('gitlab', 'audit', 'acme/app', '--using', 'maint');
    expect(table.status, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^KIND +ID +NAME +EXPIRES +STATE$/m);
    expect(table.stdout).toMatch(/^webhook +\d+ +https:\/\/chat\.example\.com\/x +never +only on GitLab$/m);
    expect(table.stdout).toMatch(/credentials? of project acme\/app on http:\/\/127\.0\.0\.1:\d+ \(GitLab [\d.]+\): \d+ in vault, 1 only on GitLab, \d+ only in vault, 0 not checked; \d+ expiring within 30 days\.$/m);
    const json = JSON.parse((await run('gitlab', 'audit', 'acme/app', '--using', 'maint', '--json')).stdout) as { owner: { kind: string }; rows: Array<{ kind: string; state: string; entryName: string | null }> };
    expect(json.owner.kind).toBe('project');
    expect(json.rows.find((r) => r.kind === 'trigger' && r.entryName === 'audited-trigger')).toMatchObject({ state: 'in_vault' });
  });

  it('a Developer: the roles are named for each refused list, and the report still prints', async () => {
    const r = await run('gitlab', 'audit', 'acme/app', '--using', 'dev');
    expect(r.stdout).toMatch(/^deploy tokens: refused: GitLab refused listing the deploy tokens of project acme\/app: that needs the Maintainer role in project acme\/app/m);
  });

  it('a path with --project is a usage error; a path nobody can see exits 5 with one sentence', async () => {
    expect((await run('gitlab', 'audit', 'acme/app', '--project', 'acme/app', '--using', 'maint')).status).toBe(2);
    const r = await run('gitlab', 'audit', 'acme/hidden', '--using', 'maint');
    expect(r.status).toBe(5);
    expect(r.stderr).toMatch(/has no project or group acme\/hidden that this token can see/);
  });
});
