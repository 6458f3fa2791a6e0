// electron-builder: installers for Linux (deb), macOS (dmg) and Windows (NSIS).
// `npm run dist` builds the bundles with Forge first (.vite/ and renderer/dist), then this
// packs them. The file list matches forge.config.ts's (electron/desktop/packaged-files.ts;
// tests/unit/desktop-packaging.test.ts keeps the two in step), and so do the fuses
// (electron-fuses.cjs, one list for both).
const path = require('node:path');
const { Arch } = require('electron-builder');
const fuses = require('./electron-fuses.cjs');

/** The binary electron-builder's addElectronFuses flips: the .app on macOS, the executable elsewhere. */
function packagedElectron(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  if (electronPlatformName === 'linux') return path.join(appOutDir, packager.executableName);
  const ext = { darwin: '.app', mas: '.app', win32: '.exe' }[electronPlatformName] ?? '';
  return path.join(appOutDir, `${packager.appInfo.productFilename}${ext}`);
}

/**
 * Fuses are flipped here, after packing and before signing (electron-builder signs after
 * afterPack), instead of with electronFuses: that way the wire is read back at once, all nine
 * fuses, with the same check as Forge's. An unsigned Apple Silicon build is re-signed ad hoc
 * (flipping breaks the signature Electron ships with; a real identity signs over it later).
 */
async function flipAndCheckFuses(context) {
  await context.packager.addElectronFuses(context, {
    ...fuses.fusesLibraryConfig(),
    resetAdHocDarwinSignature: fuses.needsAdHocSignatureReset(context.electronPlatformName, Arch[context.arch]),
  });
  await fuses.checkFuseWire(packagedElectron(context));
}

/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'io.github.tokenvault.app',
  productName: 'Token Vault',
  executableName: 'token-vault',
  copyright: 'Copyright © Token Vault contributors',
  directories: { output: 'artifacts', buildResources: 'build' },
  files: [
    'package.json',
    '.vite/**/*',
    'renderer/dist/**/*',
    '!**/*.map',
    // All JavaScript is bundled into .vite/build/main.js; only the native SQLite binding (and
    // the two modules that locate it) is loaded from node_modules, copied here by path.
    '!node_modules/**/*',
    { from: 'node_modules/better-sqlite3', to: 'node_modules/better-sqlite3', filter: ['package.json', 'lib/**/*', 'build/Release/better_sqlite3.node'] },
    { from: 'node_modules/bindings', to: 'node_modules/bindings', filter: ['package.json', 'bindings.js'] },
    { from: 'node_modules/file-uri-to-path', to: 'node_modules/file-uri-to-path', filter: ['package.json', 'index.js'] },
  ],
  asar: true,
  // A native module must be a real file to be loaded; it stays beside app.asar.
  asarUnpack: ['**/node_modules/better-sqlite3/build/Release/*.node'],
  afterPack: flipAndCheckFuses,
  // node_modules are handled here, not by electron-builder: the app ships only the three modules
  // copied by path above, and `npm run dist` has already switched better-sqlite3 to Electron's
  // ABI (scripts/native-abi.mjs, which checks the result). false skips electron-builder's own
  // rebuild (it would redo that without the check) and its walk of every production dependency.
  beforeBuild: async () => false,
  linux: {
    // deb only. An AppImage cannot start on Ubuntu 23.10+/24.04: it mounts itself nosuid (so
    // Chromium's SUID sandbox helper is useless) and AppArmor forbids the unprivileged user
    // namespaces of the other sandbox, unless the user writes an AppArmor profile for a file
    // that moves with every download. The deb installs such a profile itself. Running without
    // the sandbox (--no-sandbox) is never an option for a password vault.
    target: ['deb'],
    // electron-builder writes the desktop entry's Categories from this (an entry.Categories is overwritten).
    category: 'Utility;Security;',
    icon: 'build/icons',
    synopsis: 'Encrypted offline vault for GitLab access tokens',
    // Also the desktop entry's Comment.
    description: 'A desktop vault for GitLab access tokens: encrypted, offline, with expiry reminders.',
    maintainer: 'Token Vault contributors <tokenvault@users.noreply.github.com>',
    vendor: 'Token Vault contributors',
    // token-vault.desktop, named after package.json's desktopName: Electron gives its windows that
    // app id (WM_CLASS / Wayland app_id), and StartupWMClass is set to match, so the dock finds them.
    syncDesktopName: true,
    desktop: {
      entry: {
        GenericName: 'Access token vault',
        Keywords: 'gitlab;token;password;vault;secret;',
      },
    },
  },
  deb: {
    // What Electron itself needs on a minimal Debian/Ubuntu desktop.
    depends: ['libgtk-3-0', 'libnotify4', 'libnss3', 'libxss1', 'libxtst6', 'xdg-utils', 'libatspi2.0-0', 'libuuid1', 'libsecret-1-0'],
  },
  mac: {
    target: 'dmg',
    category: 'public.app-category.developer-tools',
    icon: 'build/icon.icns',
    hardenedRuntime: true,
    entitlements: 'build/entitlements.mac.plist',
    entitlementsInherit: 'build/entitlements.mac.plist',
  },
  dmg: { title: 'Token Vault' },
  win: { target: 'nsis', icon: 'build/icon.ico' },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
    createDesktopShortcut: true,
    shortcutName: 'Token Vault',
  },
};
