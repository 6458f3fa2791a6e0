// The packaged app derives the master password's key in a worker that ends, as the sources and
// the CLI do. Built here exactly as Forge builds them (main.js and kdf-thread.js, each through
// plugin-vite's main config merged with our own), and laid out as the package is: outside this
// checkout, with only the node_modules the package ships (packaged-files.ts). There, no
// node_modules holds hash-wasm or libsodium: the worker must be the bundle beside main.js.
// Before, the app's worker required libsodium from node_modules, found none in the package, and
// ran Argon2 on the main thread, whose memory then kept Argon2's size for good; from inside
// this checkout (desktop-main.test.ts) that could not show.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, loadConfigFromFile, type InlineConfig } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGED_PATHS } from '../../electron/desktop/packaged-files';

const root = resolve(__dirname, '..', '..');
const require = createRequire(join(root, 'package.json'));
const app = mkdtempSync(join(tmpdir(), 'tv-packaged-kdf-'));
const outDir = join(app, '.vite', 'build');

type Answer = { ok: boolean };
let result: { rssBefore: number; rssAfter: number; created: Answer; locked: Answer; unlocked: Answer };

/** One of forge.config.ts's main-process builds, as plugin-vite runs it. */
async function forgeBuild(entry: string, configFile: string): Promise<void> {
  const { getConfig } = require('@electron-forge/plugin-vite/dist/config/vite.main.config') as { getConfig: (env: unknown, user: unknown) => InlineConfig };
  const user = (await loadConfigFromFile({ command: 'build', mode: 'production' }, join(root, configFile), root))!.config;
  const forgeEnv = {
    root,
    mode: 'production',
    command: 'build',
    forgeConfig: { build: [], renderer: [{ name: 'main_window', config: 'renderer/vite.config.ts' }] },
    forgeConfigSelf: { entry, config: configFile },
  };
  const config = getConfig(forgeEnv, user);
  await build({ ...config, configFile: false, logLevel: 'warn', build: { ...config.build, outDir, minify: false, watch: null } });
}

beforeAll(async () => {
  await forgeBuild('electron/main.ts', 'vite.main.config.ts');
  await forgeBuild('electron/vault/kdf-thread.mjs', 'vite.kdf-thread.config.ts');
  copyFileSync(join(root, 'package.json'), join(app, 'package.json'));
  // The package's node_modules: what PACKAGED_PATHS ships, and the fake electron.
  mkdirSync(join(app, 'node_modules'));
  for (const path of PACKAGED_PATHS.filter((p) => p.startsWith('/node_modules/'))) symlinkSync(join(root, path), join(app, path), 'dir');
  symlinkSync(join(root, 'tests', 'integration', 'fake-electron'), join(app, 'node_modules', 'electron'), 'dir');

  const home = mkdtempSync(join(tmpdir(), 'tv-packaged-kdf-home-'));
  try {
    const run = spawnSync(process.execPath, [join(root, 'tests', 'integration', 'fake-electron', 'drive-main.mjs')], {
      env: { ...process.env, DRIVE: 'kdf', MAIN_BUNDLE: pathToFileURL(join(outDir, 'main.js')).href, TOKENVAULT_VAULT: join(home, 'vault.tokenvault'), FAKE_APP_PATH: home, XDG_RUNTIME_DIR: home, DISPLAY: '', WAYLAND_DISPLAY: '' },
      encoding: 'utf8',
      // A net for a hang, not a speed test: a calibrated create and an unlock on a loaded machine.
      timeout: 240_000,
    });
    if (run.status !== 0) throw new Error(`packaged main failed (status ${run.status}, signal ${run.signal}): ${run.stderr}`);
    result = JSON.parse(run.stdout.trim().split('\n').pop()!);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}, 330_000);

afterAll(() => rmSync(app, { recursive: true, force: true }));

describe('the packaged app derives its key in a worker that ends', () => {
  it('has no Argon2 implementation to load from node_modules, as in the package', () => {
    const fromApp = createRequire(join(outDir, 'main.js'));
    expect(() => fromApp.resolve('hash-wasm')).toThrow();
    expect(() => fromApp.resolve('libsodium-wrappers-sumo')).toThrow();
    expect(existsSync(join(outDir, 'kdf-thread.js'))).toBe(true);
  });

  it('creates, locks and unlocks, and its memory comes back down after the calibration and the unlock', () => {
    expect(result.created.ok).toBe(true);
    expect(result.locked.ok).toBe(true);
    expect(result.unlocked.ok).toBe(true);
    // On the main thread, libsodium's WASM memory would have grown to Argon2's (the probe's 64 MiB, the unlock's calibrated size) and stayed.
    expect(result.rssAfter - result.rssBefore).toBeLessThan(128);
  });
});
