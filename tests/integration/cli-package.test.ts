// The CLI as people install it: `npm run pack:cli` makes @token-vault/cli (scripts/pack-cli.mjs);
// here it is packed, installed globally into an empty prefix with no registry and an empty npm
// cache (its dependencies bundled into the tarball, better-sqlite3's binding from a local
// prebuild of this machine's Node build — the same install script a user's `npm install -g`
// runs), and the installed `tokenvault` is used as a person would.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_PACKAGE_NAME, externalPackages, packCli } from '../../scripts/pack-cli.mjs';

const root = join(__dirname, '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'tv-cli-package-'));
const prefix = join(scratch, 'prefix');
const runtime = join(scratch, 'run');
const vault = join(scratch, 'home', 'v.tokenvault');
const PW = 'packaged cli password';
const SECRET = 'glpat-installed-from-a-tarball';
let tarball: string;
let bundled: string;
let installLog: string;

/** The installed tokenvault, with nothing of this checkout on its way. */
function tokenvault(args: string[], input = '') {
  const result = spawnSync(join(prefix, 'bin', 'tokenvault'), args, {
    input,
    encoding: 'utf8',
    cwd: scratch,
    env: { PATH: `${join(prefix, 'bin')}:/usr/bin:/bin:${join(process.execPath, '..')}`, HOME: join(scratch, 'home'), XDG_RUNTIME_DIR: runtime, TOKENVAULT_VAULT: vault, DISPLAY: '', WAYLAND_DISPLAY: '' },
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  mkdirSync(join(scratch, 'home'), { recursive: true });
  mkdirSync(runtime, { mode: 0o700 });
  chmodSync(runtime, 0o700);
  tarball = packCli(join(scratch, 'plain'));
  bundled = packCli(join(scratch, 'bundled'), { bundle: true });
  // better-sqlite3's install script runs prebuild-install, which looks in a local folder first.
  const prebuilds = join(scratch, 'prebuilds');
  const stage = join(prebuilds, 'stage', 'build', 'Release');
  mkdirSync(stage, { recursive: true });
  cpSync(join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), join(stage, 'better_sqlite3.node'));
  const version = (JSON.parse(readFileSync(join(root, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8')) as { version: string }).version;
  execFileSync('tar', ['-czf', join(prebuilds, `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`), '-C', join(prebuilds, 'stage'), 'build']);
  installLog = execFileSync('npm', ['install', '-g', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', bundled], {
    cwd: scratch,
    encoding: 'utf8',
    env: { ...process.env, npm_config_cache: join(scratch, 'empty-npm-cache'), npm_config_better_sqlite3_local_prebuilds: prebuilds, npm_config_loglevel: 'error' },
    timeout: 240_000,
  });
}, 420_000);

afterAll(() => {
  tokenvault(['lock']);
  rmSync(scratch, { recursive: true, force: true });
});

describe('the CLI npm package', () => {
  it('is the bundle, its chunks and its two worker threads, with exactly the packages the bundle imports as dependencies, pinned', () => {
    const listing = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n').sort();
    expect(listing.filter((file) => !file.startsWith('package/chunks/'))).toEqual(['package/README.md', 'package/cli.cjs', 'package/cli.mjs', 'package/kdbx-worker.mjs', 'package/kdf-thread.mjs', 'package/package.json']);
    expect(listing.some((file) => file.startsWith('package/chunks/'))).toBe(true);
    const manifest = JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' })) as Record<string, unknown> & { dependencies: Record<string, string> };
    const app = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string> };
    const imported = externalPackages(JSON.parse(readFileSync(join(root, 'dist', 'meta.json'), 'utf8')));
    expect(Object.keys(manifest.dependencies).sort()).toEqual(imported);
    expect(imported).toEqual(expect.arrayContaining(['better-sqlite3', 'libsodium-wrappers-sumo']));
    for (const [name, version] of Object.entries(manifest.dependencies)) expect(version, name).toBe(app.dependencies[name]);
    expect(manifest).toMatchObject({ name: CLI_PACKAGE_NAME, version: app.version, bin: { tokenvault: 'cli.cjs' }, type: 'module' });
    expect(manifest).not.toHaveProperty('bundleDependencies');
    expect(readFileSync(join(root, 'dist', 'cli.cjs'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('installs into an empty prefix with no registry and no npm cache, building nothing', () => {
    expect(installLog).not.toMatch(/ERR/);
    expect(existsSync(join(prefix, 'bin', 'tokenvault'))).toBe(true);
    const installed = join(prefix, 'lib', 'node_modules', '@token-vault', 'cli');
    expect(existsSync(join(installed, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))).toBe(true);
    expect(existsSync(join(installed, 'node_modules', 'libsodium-wrappers-sumo', 'package.json'))).toBe(true);
  });

  it('runs from there: init, add, show, copy --stdout, then unlock once and use the agent, then lock', () => {
    expect(tokenvault(['init', '--decryption-time', '100'], `${PW}\n${PW}\n`)).toMatchObject({ status: 0, stdout: expect.stringContaining(`Created ${vault}`) });
    expect(tokenvault(['add', 'ci', '--instance', 'https://gitlab.example.com', '--scopes', 'read_api'], `${PW}\n${SECRET}\n`)).toMatchObject({ status: 0, stdout: expect.stringMatching(/^Stored "ci"/) });
    expect(tokenvault(['show', 'ci'], `${PW}\n`)).toMatchObject({ status: 0, stdout: expect.stringMatching(/Instance:\s+https:\/\/gitlab\.example\.com/) });
    expect(tokenvault(['show', 'ci'], `${PW}\n`).stdout).not.toContain(SECRET);
    expect(tokenvault(['copy', 'ci', '--stdout'], `${PW}\n`)).toMatchObject({ status: 0, stdout: `${SECRET}\n` });
    expect(tokenvault(['copy', 'ci', '--stdout'], 'wrong\n')).toMatchObject({ status: 3, stdout: '' });
    const unlock = tokenvault(['unlock', '--minutes', '2'], `${PW}\n`);
    expect(unlock, unlock.stderr).toMatchObject({ status: 0, stdout: expect.stringMatching(/^Unlocked in the agent \(pid \d+\)/) });
    // A script that relies on the agent says so (--no-password): the headless agent started from
    // the installed copy answers, and no password is read.
    expect(tokenvault(['--no-password', 'copy', 'ci', '--stdout'])).toMatchObject({ status: 0, stdout: `${SECRET}\n` });
    expect(tokenvault(['agent', 'status'])).toMatchObject({ status: 0, stdout: expect.stringMatching(/Headless agent, pid \d+: unlocked/) });
    expect(tokenvault(['lock'])).toMatchObject({ status: 0, stdout: 'Locked; the agent has stopped.\n' });
  });
});
