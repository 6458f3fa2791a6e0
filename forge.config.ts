// Electron Forge: `npm start` (Vite dev server + main/preload watch) and `npm run package`.
// Installers are made by electron-builder (electron-builder.config.cjs, `npm run dist`).
import { resolve } from 'node:path';
import { PluginBase } from '@electron-forge/plugin-base';
import { FusesPlugin } from '@electron-forge/plugin-fuses';
import { getElectronExecutablePath } from '@electron-forge/plugin-fuses/dist/util/getElectronExecutablePath';
import { VitePlugin } from '@electron-forge/plugin-vite';
import type { ForgeConfig, ForgeHookMap } from '@electron-forge/shared-types';
import type { FuseV1Config } from '@electron/fuses';
import { checkFuseWire, fusesLibraryConfig } from './electron-fuses.cjs';
import { ignoreForPackaging } from './electron/desktop/packaged-files';

/**
 * Runs right after FusesPlugin's "Flipping Fuses" (plugins' hooks run in order): reads the whole
 * wire back, the ninth fuse included, and fails the package unless it is as electron-fuses.cjs says.
 */
export class FuseWireCheckPlugin extends PluginBase<Record<string, never>> {
  name = 'fuse-wire-check';
  constructor() {
    super({});
  }
  override getHooks(): ForgeHookMap {
    return {
      packageAfterCopy: async (_config, buildPath: string, _electronVersion: string, platform: string) => {
        const isApple = platform === 'darwin' || platform === 'mas';
        // The same file FusesPlugin flipped: packager has not renamed the binary yet.
        const basePath = resolve(buildPath, '..', '..');
        await checkFuseWire(getElectronExecutablePath({ appName: isApple ? 'Electron' : 'electron', basePath, platform: platform as never }));
      },
    };
  }
}

const config: ForgeConfig = {
  packagerConfig: {
    name: 'Token Vault',
    executableName: 'token-vault',
    appBundleId: 'io.github.tokenvault.app',
    appCategoryType: 'public.app-category.developer-tools',
    icon: 'build/icon', // packager adds .icns / .ico per platform
    // The SQLite binding must be a real file on disk to be dlopen()ed; everything else stays in the ASAR.
    asar: { unpack: '**/node_modules/better-sqlite3/build/Release/*.node' },
    ignore: ignoreForPackaging,
  },
  // better-sqlite3 is rebuilt for Electron by scripts/native-abi.mjs before packaging.
  rebuildConfig: { onlyModules: ['better-sqlite3'] },
  makers: [],
  plugins: [
    new VitePlugin({
      build: [
        { entry: 'electron/main.ts', config: 'vite.main.config.ts', target: 'main' },
        { entry: 'electron/preload.ts', config: 'vite.preload.config.ts', target: 'preload' },
        { entry: 'electron/vault/kdbx-worker.ts', config: 'vite.kdbx-worker.config.ts', target: 'main' },
        { entry: 'electron/vault/kdf-thread.mjs', config: 'vite.kdf-thread.config.ts', target: 'main' },
      ],
      renderer: [{ name: 'main_window', config: 'renderer/vite.config.ts' }],
    }),
    // Flip Electron's switches off where an attacker with local access could use them to run
    // code as "Token Vault" (and so near its vault file); the list and the reasons are in
    // electron-fuses.cjs, shared with electron-builder. Not strictlyRequireAllFuses: this
    // library knows eight of Electron 45's nine fuses; the check below covers all nine. On an
    // unsigned Apple Silicon build the plugin re-signs ad hoc after flipping (no osxSign here).
    new FusesPlugin(fusesLibraryConfig() as FuseV1Config),
    new FuseWireCheckPlugin(),
  ],
};

export default config;
