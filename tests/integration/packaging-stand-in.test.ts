// Packaging, proven without an Electron binary: a stand-in Electron (tests/packaging/stand-in-electron.ts)
// carries Electron 45's real fuse wire, so Forge's and electron-builder's fuse steps, and the
// whole electron-builder pack (dir and deb, fpm replaced by a recorder) of the bundles Forge
// builds, run here as they would with the real thing; a stand-in better_sqlite3.node carries
// only the register symbol afterPack reads. What only a real Electron can show is listed in the
// README (Build installers).
import { execFile } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { createRequire } from 'node:module';
import type { ResolvedForgeConfig } from '@electron-forge/shared-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFuseWires } from '../../electron-fuses.cjs';
import { x11WindowClass } from '../../scripts/release/wm-class.cjs';
import { ELECTRON_45_DEFAULT_FUSES, createLinuxElectronDist, createMacElectronApp, standInBinding } from '../packaging/stand-in-electron';

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

describe("electron-builder's afterPack (fuses, then the packed binding) for macOS", () => {
  async function afterPack(platform: string, arch: number, appOutDir: string): Promise<void> {
    const { PlatformPackager } = await import('app-builder-lib/out/platformPackager');
    const config = createRequire(import.meta.url)('../../electron-builder.config.cjs') as { afterPack: (context: unknown) => Promise<void> };
    // electron-builder's own addElectronFuses and macOS resources folder, on a packager that knows only the product.
    const packager = {
      appInfo: { productFilename: 'Token Vault' },
      projectDir: root,
      addElectronFuses: PlatformPackager.prototype.addElectronFuses,
      getResourcesDir: (dir: string) => PlatformPackager.prototype.getMacOsResourcesDir.call(packager, dir),
    };
    await config.afterPack({ appOutDir, electronPlatformName: platform, arch, packager });
  }
  /** The binding where electron-builder puts it inside a .app. */
  const macBinding = (dir: string) => join(dir, 'Token Vault.app', 'Contents', 'Resources', 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  const electronAbi = () => readFileSync(join(root, 'node_modules', 'electron', 'abi_version'), 'utf8').trim();

  it('flips and checks the fuses of an Apple Silicon app and re-signs it ad hoc; not an Intel one', async () => {
    const { Arch } = await import('electron-builder');
    const arm = join(scratch, 'builder-mac-arm64');
    const intel = join(scratch, 'builder-mac-x64');
    createMacElectronApp(join(arm, 'Token Vault.app'));
    createMacElectronApp(join(intel, 'Token Vault.app'));
    for (const dir of [arm, intel]) {
      mkdirSync(join(macBinding(dir), '..'), { recursive: true });
      writeFileSync(macBinding(dir), standInBinding(electronAbi()));
    }
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

  it('looks for the binding inside the .app, and fails a Mac build that packed a Node one', async () => {
    const { Arch } = await import('electron-builder');
    const dir = join(scratch, 'builder-mac-node-abi');
    createMacElectronApp(join(dir, 'Token Vault.app'));
    mkdirSync(join(macBinding(dir), '..'), { recursive: true });
    writeFileSync(macBinding(dir), standInBinding(process.versions.modules));
    await expect(afterPack('darwin', Arch.x64, dir)).rejects.toThrow(`Token Vault.app/Contents/Resources/app.asar.unpacked/node_modules/better-sqlite3/build/Release/better_sqlite3.node is built for ABI ${process.versions.modules}, Electron needs ${electronAbi()}`);
  });
});

/** Every file below dir, as "/relative/path". */
function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => `/${relative(dir, join(entry.parentPath, entry.name))}`);
}

const ELECTRON_ABI = readFileSync(join(root, 'node_modules', 'electron', 'abi_version'), 'utf8').trim();
const BINDING = join('node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');

/**
 * A copy of the project (everything a checkout has, minus build output), so the builds here
 * never touch the worktree's .vite/ or renderer/dist that other tests read. node_modules links
 * to the real modules, except better-sqlite3: a copy whose binding the test chooses, with the
 * leftovers node-gyp leaves beside a real one (which must not be packed).
 */
function stageProject(stage: string): void {
  const skip = new Set(['node_modules', '.git', 'artifacts', 'test-results', 'playwright-report', 'out', '.vite', 'coverage', 'tmp']);
  cpSync(root, stage, { recursive: true, filter: (src) => !skip.has(relative(root, src).split('/')[0]!) && relative(root, src) !== join('renderer', 'dist') });
  mkdirSync(join(stage, 'node_modules'));
  for (const name of readdirSync(join(root, 'node_modules'))) {
    if (name !== 'better-sqlite3' && name !== '.cache') symlinkSync(join(root, 'node_modules', name), join(stage, 'node_modules', name));
  }
  const module = join(stage, 'node_modules', 'better-sqlite3');
  cpSync(join(root, 'node_modules', 'better-sqlite3', 'package.json'), join(module, 'package.json'));
  cpSync(join(root, 'node_modules', 'better-sqlite3', 'lib'), join(module, 'lib'), { recursive: true });
  mkdirSync(join(module, 'build', 'Release'), { recursive: true });
  for (const leftover of ['build/Makefile', 'build/config.gypi', 'build/Release/sqlite3.a', 'build/Release/test_extension.node']) writeFileSync(join(module, leftover), 'node-gyp leftover\n');
}

/** A recording fpm at CUSTOM_FPM_PATH (a wrapper: electron-builder runs it as an executable). */
function recordingFpm(dir: string): { env: Record<string, string>; record: string } {
  mkdirSync(dir, { recursive: true });
  const wrapper = join(dir, 'fpm');
  const record = join(dir, 'fpm-call.json');
  writeFileSync(wrapper, `#!/bin/sh\nexec '${process.execPath}' '${join(root, 'tests', 'packaging', 'recording-fpm.mjs')}' "$@"\n`);
  chmodSync(wrapper, 0o755);
  return { env: { CUSTOM_FPM_PATH: wrapper, FPM_RECORD: record }, record };
}

type Fpm = {
  argv: string[];
  files: Array<{ path: string; mode: number; size: number }>;
  afterInstall: string;
  afterRemove: string;
  desktopEntry: { path: string; text: string };
  appArmorProfile: string;
};

describe('npm run dist, as far as this machine can take it: Forge bundles packed by electron-builder (dir and deb)', () => {
  let stage: string;
  let dist: string;
  let appDir: string;
  let asarFiles: string[];
  let output: string;
  let fpm: Fpm;
  const out = () => join(scratch, 'installers');
  const asar = () => join(appDir, 'resources', 'app.asar');
  const build = (outDir: string, targets: string, ...extra: string[]) =>
    run(process.execPath, [join(stage, 'tests', 'packaging', 'build-with-stand-in.mjs'), dist, outDir, targets, ...extra], {
      cwd: stage,
      maxBuffer: 32 * 1024 * 1024,
      // A CI run on a tag: electron-builder would publish implicitly here unless told not to.
      env: { ...process.env, ...recordingFpm(join(outDir, '..', `${basename(outDir)}-fpm`)).env, FPM_RECORD: join(outDir, 'fpm-call.json'), CI: 'true', CI_COMMIT_TAG: 'v0.1.0', CSC_LINK: '', WIN_CSC_LINK: '', CSC_NAME: '' },
    });

  beforeAll(async () => {
    stage = join(scratch, 'project');
    stageProject(stage);
    writeFileSync(join(stage, BINDING), standInBinding(ELECTRON_ABI));
    dist = createLinuxElectronDist(join(scratch, 'electron-dist'));
    mkdirSync(out());
    const { stdout, stderr } = await build(out(), 'dir,deb');
    output = `${stdout}\n${stderr}`;
    console.log(stdout.split('\n').filter((line) => line.startsWith('stand-in packaging:')).join('\n'));
    appDir = join(out(), 'linux-unpacked');
    fpm = JSON.parse(readFileSync(join(out(), 'fpm-call.json'), 'utf8')) as Fpm;
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

  it('app.asar holds package.json pointing at the main bundle, the preload, the window icon and the whole built renderer', async () => {
    const { extractFile } = await import('@electron/asar');
    const packageJson = JSON.parse(extractFile(asar(), 'package.json').toString()) as { main: string; desktopName: string; type: string };
    expect(packageJson.main).toBe('.vite/build/main.js');
    expect(packageJson.type).toBe('module');
    expect(packageJson.desktopName).toBe('token-vault.desktop');
    expect(asarFiles).toEqual(expect.arrayContaining(['/package.json', '/.vite/build/main.js', '/.vite/build/preload.cjs', '/.vite/build/kdbx-worker.js', '/renderer/dist/index.html', '/build/icon.png']));
    expect(extractFile(asar(), 'build/icon.png').equals(readFileSync(join(root, 'build', 'icon.png')))).toBe(true);
    const renderer = filesBelow(join(stage, 'renderer', 'dist')).map((file) => `/renderer/dist${file}`);
    expect(renderer.length).toBeGreaterThan(3);
    expect(asarFiles.filter((file) => file.startsWith('/renderer/dist/')).sort()).toEqual(renderer.filter((file) => !file.endsWith('.map')).sort());
  });

  it('app.asar holds nothing else: no tests, benchmarks, sources, source maps, build leftovers or other modules', () => {
    const allowed = [
      /^\/package\.json$/,
      /^\/\.vite\/build\/(main\.js|preload\.cjs|kdbx-worker\.js|kdf-thread\.js)$/,
      /^\/renderer\/dist\//,
      /^\/build\/icon\.png$/,
      /^\/node_modules\/better-sqlite3\/(package\.json|lib\/.+\.js|build\/Release\/better_sqlite3\.node)$/,
      /^\/node_modules\/bindings\/(package\.json|bindings\.js)$/,
      /^\/node_modules\/file-uri-to-path\/(package\.json|index\.js)$/,
    ];
    const files = asarFiles;
    expect(files.filter((file) => !allowed.some((rule) => rule.test(file)))).toEqual([]);
    expect(files.filter((file) => /\.(ts|tsx|map|a)$|Makefile|config\.gypi|test_extension/.test(file) || /^\/(tests|bench|electron|scripts|dist)\//.test(file) || file.startsWith('/renderer/src/'))).toEqual([]);
    // better-sqlite3 finds its binding through these two; without them the vault cannot open.
    expect(files).toEqual(expect.arrayContaining(['/node_modules/bindings/bindings.js', '/node_modules/file-uri-to-path/index.js', '/node_modules/better-sqlite3/lib/index.js']));
    // The master password's key is derived in this worker; without it Argon2 runs on the main thread and its memory stays.
    expect(files).toContain('/.vite/build/kdf-thread.js');
  });

  it("keeps better-sqlite3's native binding outside the archive, byte for byte, and says afterPack checked its ABI", async () => {
    const { statFile } = await import('@electron/asar');
    expect(statFile(asar(), BINDING)).toMatchObject({ unpacked: true });
    const unpacked = readFileSync(join(appDir, 'resources', 'app.asar.unpacked', BINDING));
    expect(unpacked.equals(standInBinding(ELECTRON_ABI))).toBe(true);
    expect(filesBelow(join(appDir, 'resources', 'app.asar.unpacked'))).toEqual([`/${BINDING}`]);
    expect(output).toContain(`packed-binding: resources/app.asar.unpacked/${BINDING} is for Electron's ABI ${ELECTRON_ABI}.`);
  });

  it('the bundles keep node: imports and better-sqlite3 for Electron to load, and pass no sandbox-disabling switch', () => {
    const main = readFileSync(join(stage, '.vite', 'build', 'main.js'), 'utf8');
    expect(main).toMatch(/from ["']node:fs["']|require\(["']node:fs["']\)/);
    expect(main).toMatch(/from ["']better-sqlite3["']/);
    for (const file of ['.vite/build/main.js', '.vite/build/preload.cjs', 'package.json']) expect(readFileSync(join(stage, file), 'utf8'), file).not.toMatch(/no-sandbox|disable-setuid-sandbox/);
  });

  it('says plainly that nothing is signed, and publishes nothing on a CI tag build (--publish never, as npm run dist passes)', () => {
    expect(output).toMatch(/^signing: Linux: the deb is not signed .*SHA256SUMS/m);
    expect(output).not.toMatch(/Implicit publishing|publishing will|uploading/i);
  });

  it("hands fpm the deb's metadata: name, version, maintainer, homepage, licence, dependencies", () => {
    const flag = (name: string) => fpm.argv[fpm.argv.indexOf(name) + 1];
    const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { homepage: string; version: string; license: string };
    expect(fpm.argv.slice(0, 5)).toEqual(['-s', 'dir', '--force', '-t', 'deb']);
    expect({ name: flag('--name'), version: flag('--version'), url: flag('--url'), license: flag('--license'), architecture: flag('--architecture') }).toEqual({
      name: 'token-vault',
      version: packageJson.version,
      url: packageJson.homepage,
      license: packageJson.license,
      architecture: 'amd64',
    });
    expect(packageJson.homepage).toMatch(/^https:\/\//);
    expect(flag('--maintainer')).toMatch(/^Token Vault contributors <[^@\s]+@[^@\s]+>$/);
    expect(flag('--description')).toMatch(/^Encrypted offline vault for GitLab access tokens\n /);
    expect(fpm.argv.filter((_, i) => fpm.argv[i - 1] === '-d')).toEqual(expect.arrayContaining(['libgtk-3-0', 'libnss3', 'libsecret-1-0']));
    expect(fpm.argv.join(' ')).not.toMatch(/no-sandbox/);
  });

  it('stages exactly the app under /opt, its icons and its desktop entry', () => {
    const staged = fpm.files.map((file) => file.path).sort();
    const app = filesBelow(appDir).map((file) => `/opt/Token Vault${file}`);
    expect(staged.filter((file) => file.startsWith('/opt/')).sort()).toEqual(app.sort());
    expect(staged).toEqual(
      expect.arrayContaining([
        '/opt/Token Vault/token-vault',
        '/opt/Token Vault/resources/app.asar',
        `/opt/Token Vault/resources/app.asar.unpacked/${BINDING}`,
        '/opt/Token Vault/resources/apparmor-profile',
        '/usr/share/applications/token-vault.desktop',
        '/usr/share/icons/hicolor/256x256/apps/token-vault.png',
      ]),
    );
    expect(staged.filter((file) => !file.startsWith('/opt/') && !/^\/usr\/share\/icons\/hicolor\/\d+x\d+\/apps\/token-vault\.png$/.test(file))).toEqual(['/usr/share/applications/token-vault.desktop']);
    expect(staged.filter((file) => /sqlite3\.a|test_extension|Makefile|\.gypi|\.map$/.test(file))).toEqual([]);
    expect(fpm.files.find((file) => file.path === '/opt/Token Vault/token-vault')!.mode & 0o111).toBeTruthy();
  });

  it('installs the desktop entry: name, launcher, icon, categories, and the window class Electron gives its X11 windows', async () => {
    const { extractFile } = await import('@electron/asar');
    const lines = fpm.desktopEntry.text.trim().split('\n');
    expect(lines[0]).toBe('[Desktop Entry]');
    const entry = Object.fromEntries(lines.slice(1).map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]));
    // Electron's WM_CLASS comes from the packaged package.json's productName (scripts/release/wm-class.cjs).
    const packaged = JSON.parse(extractFile(asar(), 'package.json').toString()) as { productName: string; name: string };
    expect(x11WindowClass(packaged)).toEqual({ resClass: 'Token Vault', resName: 'token vault' });
    expect(entry).toEqual({
      Name: 'Token Vault',
      Exec: '"/opt/Token Vault/token-vault" %U',
      Terminal: 'false',
      Type: 'Application',
      Icon: 'token-vault',
      StartupWMClass: x11WindowClass(packaged).resClass,
      GenericName: 'Access token vault',
      Keywords: 'gitlab;token;password;vault;secret;',
      Comment: 'A desktop vault for GitLab access tokens: encrypted, offline, with expiry reminders.',
      Categories: 'Utility;Security;',
    });
  });

  it("installs an AppArmor profile for the installed binary (Chromium's sandbox on Ubuntu 24.04), and removes it with the package", () => {
    expect(fpm.appArmorProfile).toContain('profile "token-vault" "/opt/Token Vault/token-vault" flags=(unconfined) {');
    expect(fpm.appArmorProfile).toMatch(/^\s+userns,$/m);
    expect(fpm.afterInstall).toContain("APPARMOR_PROFILE_SOURCE='/opt/Token Vault/resources/apparmor-profile'");
    expect(fpm.afterInstall).toContain("APPARMOR_PROFILE_TARGET='/etc/apparmor.d/token-vault'");
    expect(fpm.afterInstall).toContain("update-alternatives --install '/usr/bin/token-vault' 'token-vault' '/opt/Token Vault/token-vault' 100");
    expect(fpm.afterInstall).not.toMatch(/no-sandbox/);
    expect(fpm.afterRemove).toContain("APPARMOR_PROFILE_DEST='/etc/apparmor.d/token-vault'");
    expect(fpm.afterRemove).toContain('apparmor_parser --remove "$APPARMOR_PROFILE_DEST"');
    expect(fpm.afterRemove).toContain("update-alternatives --remove 'token-vault' '/opt/Token Vault/token-vault'");
  });

  it('writes SHA256SUMS for the installers it built', () => {
    const deb = join(out(), 'token-vault_0.1.0_amd64.deb');
    const sums = readFileSync(join(out(), 'SHA256SUMS'), 'utf8');
    expect(sums).toBe(`${createHash('sha256').update(readFileSync(deb)).digest('hex')}  token-vault_0.1.0_amd64.deb\n`);
  });

  describe('afterPack refuses a binding Electron could not load', () => {
    it('fails the build when the packed better_sqlite3.node is built for Node', async () => {
      writeFileSync(join(stage, BINDING), standInBinding(process.versions.modules));
      const failed = build(join(scratch, 'node-abi'), 'dir', '--no-bundles');
      await expect(failed).rejects.toMatchObject({ stderr: expect.stringContaining(`is built for ABI ${process.versions.modules}, Electron needs ${ELECTRON_ABI}`) });
    }, 120_000);

    it('fails the build when there is no better_sqlite3.node to pack', async () => {
      unlinkSync(join(stage, BINDING));
      const failed = build(join(scratch, 'no-binding'), 'dir', '--no-bundles');
      await expect(failed).rejects.toMatchObject({ stderr: expect.stringMatching(/better_sqlite3\.node is missing: the app could not open any vault/) });
    }, 120_000);
  });
});
