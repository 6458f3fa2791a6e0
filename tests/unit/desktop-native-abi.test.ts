// scripts/native-abi.mjs runs before every `npm test`: when better-sqlite3 already loads in
// Node it must do nothing (no rebuild), and say so.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StagedBuildError, TOOLCHAIN, rebuildStaged } from '../../scripts/native-abi-stage.mjs';

const root = resolve(__dirname, '..', '..');
const script = join(root, 'scripts', 'native-abi.mjs');
const run = (...args: string[]) => spawnSync(process.execPath, [script, ...args], { cwd: root, encoding: 'utf8', timeout: 30_000 });

describe('native-abi', () => {
  it('is a no-op for Node when the current build loads in Node, and records that in its stamp', () => {
    const result = run('node');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/already loads in Node .* nothing to do/);
    const moduleDir = dirname(createRequire(join(root, 'package.json')).resolve('better-sqlite3/package.json'));
    const stamp = JSON.parse(readFileSync(join(moduleDir, 'build', 'token-vault-abi.json'), 'utf8'));
    expect(stamp).toMatchObject({ runtime: 'node', abi: process.versions.modules });
  });

  it('reads the ABI the binary was built for from the binary itself', () => {
    const moduleDir = dirname(createRequire(join(root, 'package.json')).resolve('better-sqlite3/package.json'));
    const binary = readFileSync(join(moduleDir, 'build', 'Release', 'better_sqlite3.node')).toString('latin1');
    expect(/node_register_module_v(\d+)/.exec(binary)?.[1]).toBe(process.versions.modules);
  });

  it('refuses an unknown target', () => {
    const result = run('deno');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/usage/);
  });
});

describe('native-abi electron builds in a staging folder and swaps only on success', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'tv-native-abi-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const binary = (dir: string) => join(dir, 'build', 'Release', 'better_sqlite3.node');

  /** A module folder like better-sqlite3's: sources, and a working build for Node. */
  function fakeModule(name: string): string {
    const dir = join(scratch, name, 'better-sqlite3');
    mkdirSync(join(dir, 'build', 'Release'), { recursive: true });
    mkdirSync(join(dir, 'src'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'better-sqlite3', version: '12.6.2' }));
    writeFileSync(join(dir, 'src', 'better_sqlite3.cpp'), '// sources\n');
    writeFileSync(binary(dir), `ELF node_register_module_v${process.versions.modules} working node build`);
    return dir;
  }

  /** What node-gyp does first: delete build/ (here: the staged one), then whatever `then` says. */
  const nodeGyp = (then: (staged: string) => void) => async (project: string) => {
    const staged = join(project, 'node_modules', 'better-sqlite3');
    expect(readFileSync(join(staged, 'src', 'better_sqlite3.cpp'), 'utf8')).toBe('// sources\n');
    rmSync(join(staged, 'build'), { recursive: true, force: true });
    then(staged);
  };

  it('keeps the working build when the rebuild fails (offline: no prebuilt binary, no headers), and says what compiling needs', async () => {
    const dir = fakeModule('offline');
    const before = readFileSync(binary(dir));
    const staging = join(scratch, 'offline-staging');
    const failing = nodeGyp(() => {
      throw new Error('gyp ERR! stack Error: getaddrinfo ENOTFOUND artifacts.electronjs.org');
    });
    await expect(rebuildStaged({ moduleDir: dir, moduleName: 'better-sqlite3', stagingRoot: staging, wantedAbi: '150', build: failing })).rejects.toThrow(StagedBuildError);
    expect(readFileSync(binary(dir)).equals(before)).toBe(true);
    expect(readdirSync(staging)).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(['build', 'package.json', 'src']);
    expect(TOOLCHAIN).toMatch(/C\+\+20 compiler/);
    expect(TOOLCHAIN).toMatch(/build-essential python3/);
    expect(TOOLCHAIN).toMatch(/Visual Studio 2022 Build Tools/);
  });

  it('keeps the working build when node-gyp "succeeds" with Node\'s headers (the wrong ABI)', async () => {
    const dir = fakeModule('wrong-headers');
    const before = readFileSync(binary(dir));
    const fallsBack = nodeGyp((staged) => {
      mkdirSync(join(staged, 'build', 'Release'), { recursive: true });
      writeFileSync(binary(staged), `ELF node_register_module_v${process.versions.modules} built against Node's headers`);
    });
    await expect(rebuildStaged({ moduleDir: dir, moduleName: 'better-sqlite3', stagingRoot: join(scratch, 's2'), wantedAbi: '150', build: fallsBack })).rejects.toThrow(
      `the build produced ABI ${process.versions.modules}, not 150`,
    );
    expect(readFileSync(binary(dir)).equals(before)).toBe(true);
  });

  it('swaps the new build in when it is for the wanted ABI, and leaves nothing behind', async () => {
    const dir = fakeModule('online');
    const builds = nodeGyp((staged) => {
      mkdirSync(join(staged, 'build', 'Release'), { recursive: true });
      writeFileSync(binary(staged), 'ELF node_register_module_v150 electron build');
    });
    const staging = join(scratch, 's3');
    await expect(rebuildStaged({ moduleDir: dir, moduleName: 'better-sqlite3', stagingRoot: staging, wantedAbi: '150', build: builds })).resolves.toBe('150');
    expect(readFileSync(binary(dir), 'utf8')).toBe('ELF node_register_module_v150 electron build');
    expect(readdirSync(dir).sort()).toEqual(['build', 'package.json', 'src']);
    expect(readdirSync(staging)).toEqual([]);
  });
});
