// `tokenvault gitlab list|create` and `rotate --duration` as a user runs them: the built CLI
// spawned against a real vault and the emulator.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expiryFromDuration } from '../../electron/gitlab/expiry-input';
import { parseVariablePlace } from '../../electron/gitlab/variables';
import { variableKey } from '../gitlab-emulator/variable-routes';
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
    const child = spawn(process.execPath, [CLI, '--vault', vaultPath, ...args], { env: { ...process.env, HTTPS_PROXY: '', HTTP_PROXY: '', https_proxy: '', http_proxy: '' } });
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
  dir = mkdtempSync(path.join(tmpdir(), 'tv-gitlab-manage-'));
  vaultPath = path.join(dir, 'v.tokenvault');
  const vault = await Vault.create(vaultPath, 'pw', { kdf: TEST_KDF });
  for (const [name, user] of [['maint', 'maint'], ['dev', 'dev'], ['mine', 'maint']] as const) {
    const t = em.issueToken({ username: user, name, scopes: ['api'], expiresAt: addDays(today, 60) });
    secrets.push(t.secret);
    vault.add({ name, kind: 'personal', instance: em.url, scopes: ['api'] }, t.secret);
  }
  em.issueToken({ username: 'x', kind: 'project', target: 'acme/app', name: 'deploy', scopes: ['read_api'] });
  em.addGroup('acme', { maint: 50 });
  em.addVariable('project', 'acme/app', 'DEPLOY_TOKEN', 'old-value-123', { masked: true, protected: true });
  em.addVariable('group', 'acme', 'REG_TOKEN', 'old-value-456');
  for (const scope of ['production', 'staging']) {
    em.addVariable('project', 'acme/app', 'ENV_TOKEN', `old-${scope}-1`, { environmentScope: scope, masked: true });
    em.addVariable('project', 'acme/app', 'BOTH_TOKEN', `old-${scope}-2`, { environmentScope: scope, protected: scope === 'production', raw: true, description: `deploys to ${scope}` });
  }
  for (const [name, usedIn] of [
    ['deployer', ['acme/app:DEPLOY_TOKEN', 'group:acme:REG_TOKEN', 'the build server']],
    ['half', ['acme/app:DEPLOY_TOKEN', 'acme/app:NO_SUCH_VARIABLE']],
    ['nowhere', ['a laptop']],
    ['two-envs', ['acme/app:ENV_TOKEN']],
    ['both-envs', ['acme/app:BOTH_TOKEN@production', 'acme/app:BOTH_TOKEN@staging']],
  ] as const) {
    const t = em.issueToken({ username: 'maint', name, scopes: ['api'], expiresAt: addDays(today, 60) });
    secrets.push(t.secret);
    vault.add({ name, kind: 'personal', instance: em.url, scopes: ['api'], usedIn: [...usedIn] }, t.secret);
  }
  em.issueToken({ username: 'x', kind: 'project', target: 'acme/app', name: 'old', scopes: ['read_api'], revoked: true });
  vault.close();
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await em.stop();
});

describe('tokenvault gitlab list', () => {
  it("a project's tokens, all or --active, as a table or JSON", async () => {
    const all = await run('gitlab', 'list', '--instance', em.url, '--using', 'maint', '--project', 'acme/app');
    expect(all.status).toBe(0);
    expect(all.stdout).toMatch(/deploy .* active/);
    expect(all.stdout).toMatch(/old .* revoked/);
    expect(all.stdout).toContain('2 tokens of project acme/app.');
    const active = await run('gitlab', 'list', '--instance', em.url, '--using', 'maint', '--project', 'acme/app', '--active', '--json');
    expect((JSON.parse(active.stdout) as Array<{ name: string }>).map((t) => t.name)).toEqual(['deploy']);
    for (const s of secrets) expect(all.stdout + active.stdout).not.toContain(s);
  });

  it('a Developer is told the Maintainer role is needed (GitLab answers 401)', async () => {
    const r = await run('gitlab', 'list', '--instance', em.url, '--using', 'dev', '--project', 'acme/app');
    expect(r.status).toBe(5);
    expect(r.stderr).toMatch(/will not let this token list the access tokens of project acme\/app: that needs the Maintainer role there/);
  });

  it('--project and --group together is a usage error', async () => {
    const r = await run('gitlab', 'list', '--instance', em.url, '--using', 'maint', '--project', 'a', '--group', 'b');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Give either --project or --group, not both.');
  });
});

describe('tokenvault gitlab create', () => {
  it('--duration 4w makes a project token expiring in 28 days and stores it', async () => {
    const r = await run('gitlab', 'create', 'ci-reader', '--using', 'maint', '--project', 'acme/app', '--scopes', 'read_api', '--duration', '4w', '--json');
    expect(r.status).toBe(0);
    const entry = JSON.parse(r.stdout) as { name: string; expiresAt: string; kind: string };
    expect(entry).toMatchObject({ name: 'ci-reader', kind: 'project', expiresAt: addDays(today, 28) });
    const made = [...em.state.tokens.values()].find((t) => t.name === 'ci-reader');
    expect(made?.expiresAt).toBe(addDays(today, 28));
    expect(r.stdout).not.toContain(made?.secret ?? 'x');
  });

  it('refuses a name an active token of the project already has, before GitLab makes a second one', async () => {
    const before = em.state.tokens.size;
    const r = await run('gitlab', 'create', 'deploy', '--using', 'maint', '--project', 'acme/app', '--scopes', 'read_api', '--duration', '30d');
    expect(r.status).toBe(5);
    expect(r.stderr).toMatch(/GitLab already has an active token called "deploy" for project acme\/app \(id \d+\); pick another name, or revoke that one first\./);
    expect(em.state.tokens.size).toBe(before);
  });

  it.each([
    [['--duration', '30x'], /"30x" is not a duration; write it like 30d, 4w or 720h\./],
    [['--duration', '30h'], /30h is not a whole number of days/],
    [['--duration', '30d', '--expires', '2030-01-01'], /either --expires or --duration, not both/],
    [[], /Say when the token expires/],
  ])('bad expiry %j: usage error, nothing made', async (extra, message) => {
    const before = em.state.tokens.size;
    const r = await run('gitlab', 'create', 'nope', '--using', 'maint', '--project', 'acme/app', '--scopes', 'read_api', ...extra);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(em.state.tokens.size).toBe(before);
  });

  it("a duration beyond the instance's maximum lifetime: one sentence naming the limit, nothing made", async () => {
    const before = em.state.tokens.size;
    const r = await run('gitlab', 'create', 'too-long', '--using', 'maint', '--project', 'acme/app', '--scopes', 'read_api', '--duration', '380d');
    expect(r.status).toBe(5);
    expect(r.stderr).toContain(`maximum token lifetime of 365 days (GitLab's default; only an administrator's token can read the instance's own setting, which may be lower); pick ${addDays(today, 365)} or earlier.`);
    expect(em.state.tokens.size).toBe(before);
  });

  it('no owner or two owners: a usage error', async () => {
    const r = await run('gitlab', 'create', 'nope', '--using', 'maint', '--scopes', 'read_api', '--duration', '30d');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('exactly one of --project, --group or --user');
  });
});

describe('rotate --duration', () => {
  it('720h from today', async () => {
    const r = await run('gitlab', 'rotate', 'mine', '--duration', '720h');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`expires on ${addDays(today, 30)}`);
  });

  it('an instance that requires fine-grained tokens: one sentence, exit 5, the stored token untouched', async () => {
    Object.assign(em.state.settings, { granularTokens: true, granularTokensEnforced: true });
    try {
      const old = [...em.state.tokens.values()].find((t) => t.name === 'nowhere')!;
      const r = await run('gitlab', 'rotate', 'nowhere', '--duration', '30d');
      expect(r.status).toBe(5);
      expect(r.stderr).toContain('no longer rotates classic personal access tokens because its administrator requires fine-grained ones; make a fine-grained token');
      expect(old.revoked).toBe(false);
    } finally {
      Object.assign(em.state.settings, { granularTokens: false, granularTokensEnforced: false });
    }
  });

  it('durations count whole days from today', () => {
    expect(expiryFromDuration('30d', '2026-01-01')).toBe('2026-01-31');
    expect(expiryFromDuration('2w', '2026-01-01')).toBe('2026-01-15');
    expect(expiryFromDuration('48h', '2026-01-01')).toBe('2026-01-03');
    expect(() => expiryFromDuration('0d', '2026-01-01')).toThrow(/at least one day/);
  });
});

describe('rotate --update-variables', () => {
  const variable = (kind: 'project' | 'group', path: string, key: string) => em.state.variables.get(`${kind}:${em.state.findTarget(kind, path)!.id}:${key}`)!;

  it('--dry-run rotates nothing and says what would change', async () => {
    const old = [...em.state.tokens.values()].find((t) => t.name === 'deployer')!;
    const r = await run('gitlab', 'rotate', 'deployer', '--update-variables', '--dry-run');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Dry run: "deployer" was not rotated.');
    expect(r.stdout).toContain('acme/app:DEPLOY_TOKEN: would be set to the new token (masked, protected, kept).');
    expect(r.stdout).toContain('group:acme:REG_TOKEN: would be set to the new token (not masked, not protected, kept).');
    expect(old.revoked).toBe(false);
    expect(variable('project', 'acme/app', 'DEPLOY_TOKEN').value).toBe('old-value-123');
  });

  it('rotates, then sets each named variable to the new token, masked and protected kept', async () => {
    const r = await run('gitlab', 'rotate', 'deployer', '--update-variables');
    expect(r.status).toBe(0);
    const fresh = [...em.state.tokens.values()].filter((t) => t.name === 'deployer').find((t) => !t.revoked)!;
    expect(variable('project', 'acme/app', 'DEPLOY_TOKEN')).toMatchObject({ value: fresh.secret, masked: true, protected: true });
    expect(variable('group', 'acme', 'REG_TOKEN').value).toBe(fresh.secret);
    expect(r.stdout).toContain('acme/app:DEPLOY_TOKEN: set to the new token (masked, protected, kept).');
    expect(r.stdout).not.toContain(fresh.secret);
    // The variables set through the API are ticked off; the build server is left to the user.
    const shown = await run('show', 'deployer', '--json');
    expect((JSON.parse(shown.stdout) as { pendingPlaces: string[] }).pendingPlaces).toEqual(['the build server']);
    expect((await run('show', 'deployer')).stdout).toMatch(/To update: +the build server \(still holding the old token\)/);
  });

  it('a variable that is not there: checked before rotating, so nothing is rotated and nothing set; exit 5', async () => {
    const old = [...em.state.tokens.values()].find((t) => t.name === 'half')!;
    const r = await run('gitlab', 'rotate', 'half', '--update-variables');
    expect(r.status).toBe(5);
    expect(r.stdout).not.toMatch(/Rotated "half"/);
    expect(r.stdout).toContain('acme/app:NO_SUCH_VARIABLE: acme/app has no CI/CD variable NO_SUCH_VARIABLE.');
    expect(r.stderr).toContain('Nothing was rotated: 1 of 2 CI/CD variables cannot be updated; see above.');
    expect(old.revoked).toBe(false);
  });

  it('a key defined for two environments, named without one: refused before rotating, both scopes listed', async () => {
    const old = [...em.state.tokens.values()].find((t) => t.name === 'two-envs')!;
    const r = await run('gitlab', 'rotate', 'two-envs', '--update-variables');
    expect(r.status).toBe(5);
    expect(r.stdout).toContain('acme/app:ENV_TOKEN: ENV_TOKEN is defined for 2 environments (production, staging); name each one in "where used", like acme/app:ENV_TOKEN@production.');
    expect(r.stderr).toContain('Nothing was rotated');
    expect(old.revoked).toBe(false);
  });

  it('each environment named (KEY@scope): both set with filter[environment_scope], flags and descriptions kept', async () => {
    const r = await run('gitlab', 'rotate', 'both-envs', '--update-variables');
    expect(r.status).toBe(0);
    const fresh = [...em.state.tokens.values()].filter((t) => t.name === 'both-envs').find((t) => !t.revoked)!;
    const prod = em.state.variables.get(variableKey('project', em.state.findTarget('project', 'acme/app')!.id, 'BOTH_TOKEN', 'production'))!;
    const staging = em.state.variables.get(variableKey('project', em.state.findTarget('project', 'acme/app')!.id, 'BOTH_TOKEN', 'staging'))!;
    expect(prod).toMatchObject({ value: fresh.secret, protected: true, raw: true, description: 'deploys to production' });
    expect(staging).toMatchObject({ value: fresh.secret, protected: false, raw: true, description: 'deploys to staging' });
    expect(r.stdout).toContain('acme/app:BOTH_TOKEN@production: set to the new token (environment production, not masked, protected, raw, kept).');
  });

  it('no variable in "where used": a usage error before anything is sent', async () => {
    const before = em.stats.requests;
    const r = await run('gitlab', 'rotate', 'nowhere', '--update-variables');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('"nowhere" names no CI/CD variable in "where used"');
    expect(em.stats.requests).toBe(before);
  });

  it('--dry-run alone is a usage error', async () => {
    expect((await run('gitlab', 'rotate', 'nowhere', '--dry-run')).status).toBe(2);
  });

  it('where-used entries that name variables, and those that do not', () => {
    expect(parseVariablePlace('acme/app:DEPLOY_TOKEN')).toMatchObject({ kind: 'project', path: 'acme/app', key: 'DEPLOY_TOKEN' });
    expect(parseVariablePlace('acme:KEY')).toMatchObject({ kind: 'group', path: 'acme' });
    expect(parseVariablePlace('group:acme/sub:KEY')).toMatchObject({ kind: 'group', path: 'acme/sub' });
    expect(parseVariablePlace('acme/app:DEPLOY_TOKEN@production')).toMatchObject({ kind: 'project', key: 'DEPLOY_TOKEN', scope: 'production' });
    expect(parseVariablePlace('acme:KEY@review/*')).toMatchObject({ kind: 'group', key: 'KEY', scope: 'review/*' });
    expect(parseVariablePlace('the build server')).toBeNull();
    expect(parseVariablePlace('https://ci.example.com:8080')).toBeNull();
  });
});

describe('audit of project tokens', () => {
  it("--project: the project's tokens beside the vault's entries for it, with findings", async () => {
    const r = await run('gitlab', 'audit', '--instance', em.url, '--using', 'maint', '--project', 'acme/app');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/ci-reader .* in vault/);
    expect(r.stdout).toMatch(/deploy .*\[on GitLab but not in the vault; never used/);
    expect(r.stdout).toMatch(/tokens of project acme\/app on http/);
    const dev = await run('gitlab', 'audit', '--instance', em.url, '--using', 'dev', '--project', 'acme/app');
    expect(dev.status).toBe(5);
    expect(dev.stderr).toContain('needs the Maintainer role there');
  });
});
