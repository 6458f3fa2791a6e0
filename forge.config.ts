// Electron Forge: `npm start` (Vite dev server + main/preload watch) and `npm run package`.
// Installers are made by electron-builder (electron-builder.config.cjs, `npm run dist`).
import { FusesPlugin } from '@electron-forge/plugin-fuses';
import { VitePlugin } from '@electron-forge/plugin-vite';
import type { ForgeConfig } from '@electron-forge/shared-types';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { ignoreForPackaging } from './electron/desktop/packaged-files';

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
      ],
      renderer: [{ name: 'main_window', config: 'renderer/vite.config.ts' }],
    }),
    // Flip Electron's compile-time switches off where an attacker with local access could
    // use them to run code as "Token Vault" (and so near its vault file and keychain).
    new FusesPlugin({
      version: FuseVersion.V1,
      strictlyRequireAllFuses: true,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    }),
  ],
};

export default config;
