// Packaging, proven without an Electron binary: a stand-in Electron (tests/packaging/stand-in-electron.ts)
// carries Electron 45's real fuse wire, so Forge's and electron-builder's fuse steps, and the
// whole `electron-builder --dir` pack of the bundles Forge builds, run here as they would with
// the real thing. What only a real Electron can show is listed in the README (Build installers).
import { execFile } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { createRequire } from 'node:module';
import type { ResolvedForgeConfig } from '@electron-forge/shared-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFuseWires } from '../../electron-fuses.cjs';
import { ELECTRON_45_DEFAULT_FUSES, createLinuxElectronDist, createMacElectronApp } from '../packaging/stand-in-electron';

const root = join(__dirname, '..', '..');
const run = promisify(execFile);
/** What Token Vault ships (electron-fuses.cjs), written out. */
const SHIPPED = '000011001';
const wireOf = (file: string) => readFuseWires(readFileSync(file)).map((wire) => `${wire.version}:${wire.fuses.join('')}`);

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'tokenvault-packaging-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A fake `codesign` first on PATH that records its arguments: the ad-hoc re-signing is observable on Linux. */
function withFakeCodesign(): { calls: () => string[][]; restore: () => void } {
  const bin = mkdtempSync(join(scratch, 'bin-'));
  const log = join(bin, 'calls.log');
  writeFileSync(join(bin, 'codesign'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\n`);
  chmodSync(join(bin, 'codesign'), 0o755);
  const before = process.env.PATH;
  process.env.PATH = `${bin}:${before}`;
  return {
    calls: () => {
      try {
        return readFileSync(log, 'utf8').trim().split('\n').map((line) => line.split(' '));
      } catch {
        return [];
      }
    },
    restore: () => {
      process.env.PATH = before;
    },
  };
}

describe("Forge's package fuse step (FusesPlugin, then the wire check) on the stand-in", () => {
  async function forgeConfig(): Promise<ResolvedForgeConfig> {
    // Forge's own loader (jiti), plugin interface and hook runner, as `electron-forge package` uses them.
    const { default: load } = await import('@electron-forge/core/dist/util/forge-config');
    return (await load(root)) as ResolvedForgeConfig;
  }
  async function packageAfterCopy(buildPath: string, platform: string, arch: string): Promise<void> {
    const { runHook } = await import('@electron-forge/core/dist/util/hook');
    await runHook(await forgeConfig(), 'packageAfterCopy', buildPath, '45.5.0', platform, arch);
  }

  it('flips all eight fuses it knows on Linux, and the read-back finds all nine as configured', async () => {
    // electron-packager's layout at packageAfterCopy: <out>/electron, <out>/resources/app.
    const out = createLinuxElectronDist(join(scratch, 'forge-linux'));
    mkdirSync(join(out, 'resources', 'app'), { recursive: true });
    await packageAfterCopy(join(out, 'resources', 'app'), 'linux', 'x64');
    expect(wireOf(join(out, 'electron'))).toEqual([`1:${SHIPPED}`]);
  });

  it('fails the package when the ninth fuse (which @electron/fuses 1.8 cannot set) is not as configured', async () => {
    const out = createLinuxElectronDist(join(scratch, 'forge-wasm-off'), '101100010');
    mkdirSync(join(out, 'resources', 'app'), { recursive: true });
    await expect(packageAfterCopy(join(out, 'resources', 'app'), 'linux', 'x64')).rejects.toThrow(/wasmTrapHandlers is off, expected on/);
  });

  it('fails the package on a wire with a fuse nobody has decided about', async () => {
    const out = createLinuxElectronDist(join(scratch, 'forge-ten'), `${ELECTRON_45_DEFAULT_FUSES}1`);
    mkdirSync(join(out, 'resources', 'app'), { recursive: true });
    await expect(packageAfterCopy(join(out, 'resources', 'app'), 'linux', 'x64')).rejects.toThrow(/has 10 fuses/);
  });

  it('on Apple Silicon flips the framework binary and re-signs the app ad hoc', async () => {
    const app = createMacElectronApp(join(scratch, 'forge-mac', 'Electron.app'));
    const codesign = withFakeCodesign();
    try {
      await packageAfterCopy(join(app, 'Contents', 'Resources', 'app'), 'darwin', 'arm64');
    } finally {
      codesign.restore();
    }
    expect(wireOf(join(app, 'Contents', 'Frameworks', 'Electron Framework.framework', 'Electron Framework'))).toEqual([`1:${SHIPPED}`]);
    expect(codesign.calls()).toHaveLength(1);
    expect(codesign.calls()[0]!.slice(0, 3)).toEqual(['--sign', '-', '--force']);
    expect(codesign.calls()[0]!.join(' ')).toContain('forge-mac/Electron.app');
  });
});

describe("electron-builder's fuse step (afterPack) for macOS", () => {
  async function afterPack(platform: string, arch: number, appOutDir: string): Promise<void> {
    const { PlatformPackager } = await import('app-builder-lib/out/platformPackager');
    const config = createRequire(import.meta.url)('../../electron-builder.config.cjs') as { afterPack: (context: unknown) => Promise<void> };
    // electron-builder's own addElectronFuses, on a packager that knows only the product name.
    const packager = { appInfo: { productFilename: 'Token Vault' }, addElectronFuses: PlatformPackager.prototype.addElectronFuses };
    await config.afterPack({ appOutDir, electronPlatformName: platform, arch, packager });
  }

  it('flips and checks the fuses of an Apple Silicon app and re-signs it ad hoc; not an Intel one', async () => {
    const { Arch } = await import('electron-builder');
    const arm = join(scratch, 'builder-mac-arm64');
    const intel = join(scratch, 'builder-mac-x64');
    createMacElectronApp(join(arm, 'Token Vault.app'));
    createMacElectronApp(join(intel, 'Token Vault.app'));
    const codesign = withFakeCodesign();
    try {
      await afterPack('darwin', Arch.arm64, arm);
      await afterPack('darwin', Arch.x64, intel);
    } finally {
      codesign.restore();
    }
    for (const dir of [arm, intel]) expect(wireOf(join(dir, 'Token Vault.app', 'Contents', 'Frameworks', 'Electron Framework.framework', 'Electron Framework'))).toEqual([`1:${SHIPPED}`]);
    expect(codesign.calls().map((args) => args.join(' '))).toEqual([expect.stringContaining(`--sign - --force`)]);
    expect(codesign.calls()[0]!.join(' ')).toContain('builder-mac-arm64/Token Vault.app');
  });
});

/** Every file below dir, as "/relative/path". */
function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => `/${relative(dir, join(entry.parentPath, entry.name))}`);
}

describe('npm run dist, as far as this machine can take it: Forge bundles packed by electron-builder --dir', () => {
  let stage: string;
  let appDir: string;
  let asarFiles: string[];
  const asar = () => join(appDir, 'resources', 'app.asar');

  beforeAll(async () => {
    // A copy of the project (everything a checkout has, minus build output), so the builds
    // here never touch the worktree's .vite/ or renderer/dist that other tests read.
    stage = join(scratch, 'project');
    const skip = new Set(['node_modules', '.git', 'artifacts', 'test-results', 'playwright-report', 'out', '.vite', 'coverage', 'tmp']);
    cpSync(root, stage, { recursive: true, filter: (src) => !skip.has(relative(root, src).split('/')[0]!) && relative(root, src) !== join('renderer', 'dist') });
    symlinkSync(join(root, 'node_modules'), join(stage, 'node_modules'));
    const dist = createLinuxElectronDist(join(scratch, 'electron-dist'));
    const out = join(scratch, 'installers');
    mkdirSync(out);
    const { stdout } = await run(process.execPath, [join(stage, 'tests', 'packaging', 'build-with-stand-in.mjs'), dist, out], { cwd: stage, maxBuffer: 32 * 1024 * 1024 });
    console.log(stdout.split('\n').filter((line) => line.startsWith('stand-in packaging:')).join('\n'));
    appDir = join(out, 'linux-unpacked');
    const { listPackage } = await import('@electron/asar');
    const entries = listPackage(asar(), { isPack: false });
    // Files only: an entry no other entry lies below.
    asarFiles = entries.filter((entry) => !entries.some((other) => other.startsWith(`${entry}/`)));
  }, 240_000);

  it('burns the configured fuses into the packaged binary, and leaves the stand-in distribution untouched', () => {
    expect(wireOf(join(appDir, 'token-vault'))).toEqual([`1:${SHIPPED}`]);
    expect(wireOf(join(scratch, 'electron-dist', 'electron'))).toEqual([`1:${ELECTRON_45_DEFAULT_FUSES}`]);
    expect(readFileSync(join(appDir, 'token-vault')).subarray(0, 9).toString()).toBe('#!/bin/sh');
  });

  it('app.asar holds package.json pointing at the main bundle, the preload and the whole built renderer', async () => {
    const { extractFile } = await import('@electron/asar');
    const packageJson = JSON.parse(extractFile(asar(), 'package.json').toString()) as { main: string; desktopName: string; type: string };
    expect(packageJson.main).toBe('.vite/build/main.js');
    expect(packageJson.type).toBe('module');
    expect(packageJson.desktopName).toBe('token-vault.desktop');
    expect(asarFiles).toEqual(expect.arrayContaining(['/package.json', '/.vite/build/main.js', '/.vite/build/preload.cjs', '/renderer/dist/index.html']));
    const renderer = filesBelow(join(stage, 'renderer', 'dist')).map((file) => `/renderer/dist${file}`);
    expect(renderer.length).toBeGreaterThan(3);
    expect(asarFiles.filter((file) => file.startsWith('/renderer/dist/')).sort()).toEqual(renderer.filter((file) => !file.endsWith('.map')).sort());
  });

  it('app.asar holds nothing else: no tests, benchmarks, sources, source maps or other modules', () => {
    const allowed = [
      /^\/package\.json$/,
      /^\/\.vite\/build\/(main\.js|preload\.cjs)$/,
      /^\/renderer\/dist\//,
      /^\/node_modules\/better-sqlite3\/(package\.json|lib\/.+\.js|build\/Release\/better_sqlite3\.node)$/,
      /^\/node_modules\/bindings\/(package\.json|bindings\.js)$/,
      /^\/node_modules\/file-uri-to-path\/(package\.json|index\.js)$/,
    ];
    const files = asarFiles;
    expect(files.filter((file) => !allowed.some((rule) => rule.test(file)))).toEqual([]);
    expect(files.filter((file) => /\.(ts|tsx|map)$/.test(file) || /^\/(tests|bench|electron|scripts|dist|build)\//.test(file) || file.startsWith('/renderer/src/'))).toEqual([]);
    // better-sqlite3 finds its binding through these two; without them the vault cannot open.
    expect(files).toEqual(expect.arrayContaining(['/node_modules/bindings/bindings.js', '/node_modules/file-uri-to-path/index.js', '/node_modules/better-sqlite3/lib/index.js']));
  });

  it("keeps better-sqlite3's native binding outside the archive, byte for byte", async () => {
    const { statFile } = await import('@electron/asar');
    const inArchive = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
    expect(statFile(asar(), inArchive)).toMatchObject({ unpacked: true });
    const unpacked = readFileSync(join(appDir, 'resources', 'app.asar.unpacked', inArchive));
    expect(unpacked.equals(readFileSync(join(root, inArchive)))).toBe(true);
    expect(filesBelow(join(appDir, 'resources', 'app.asar.unpacked'))).toEqual([`/${inArchive}`]);
  });

  it('the bundles keep node: imports and better-sqlite3 for Electron to load, and pass no sandbox-disabling switch', () => {
    const main = readFileSync(join(stage, '.vite', 'build', 'main.js'), 'utf8');
    expect(main).toMatch(/from ["']node:fs["']|require\(["']node:fs["']\)/);
    expect(main).toMatch(/from ["']better-sqlite3["']/);
    for (const file of ['.vite/build/main.js', '.vite/build/preload.cjs', 'package.json']) expect(readFileSync(join(stage, file), 'utf8'), file).not.toMatch(/no-sandbox|disable-setuid-sandbox/);
  });

  it('writes the desktop entry the deb installs: name, launcher, icon, categories, window class', () => {
    const entry = Object.fromEntries(
      readFileSync(join(scratch, 'installers', 'desktop-entry.txt'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]),
    );
    expect(entry).toEqual({
      Name: 'Token Vault',
      Exec: '"/opt/Token Vault/token-vault" %U',
      Terminal: 'false',
      Type: 'Application',
      Icon: 'token-vault',
      // Electron names its windows after package.json's desktopName; the dock matches them by this.
      StartupWMClass: 'token-vault',
      GenericName: 'Access token vault',
      Keywords: 'gitlab;token;password;vault;secret;',
      Comment: 'A desktop vault for GitLab access tokens: encrypted, offline, with expiry reminders.',
      Categories: 'Utility;Security;',
    });
  });
});

