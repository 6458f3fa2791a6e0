// electron-builder: installers for Linux (deb), macOS (dmg) and Windows (NSIS).
// `npm run dist` builds the bundles with Forge first (.vite/ and renderer/dist), then this
// packs them. The file list matches forge.config.ts's (electron/desktop/packaged-files.ts;
// tests/unit/desktop-packaging.test.ts keeps the two in step), and so do the fuses
// (electron-fuses.cjs, one list for both).
const path = require('node:path');
const { Arch } = require('electron-builder');
const fuses = require('./electron-fuses.cjs');
const { checkPackedBinding, electronAbi } = require('./scripts/release/packed-binding.cjs');
const { signingStatus, writeChecksums } = require('./scripts/release/signing.cjs');
const { x11WindowClass } = require('./scripts/release/wm-class.cjs');

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

/** afterPack: the fuses, then the SQLite binding that was packed (scripts/release/packed-binding.cjs). */
async function afterPack(context) {
  await flipAndCheckFuses(context);
  const { file, abi } = checkPackedBinding(context.packager.getResourcesDir(context.appOutDir), electronAbi(context.packager.projectDir));
  console.log(`packed-binding: ${path.relative(context.appOutDir, file)} is for Electron's ABI ${abi}.`);
}

/**
 * beforePack: one plain line on what signs this build. `npm run release` stops here when a
 * macOS or Windows build would not be signed (and notarised): such an installer must not ship.
 */
async function beforePack(context) {
  const { signed, line } = signingStatus(context.electronPlatformName);
  console.log(line);
  if (!signed && process.env.npm_lifecycle_event === 'release' && context.electronPlatformName !== 'linux') {
    throw new Error('npm run release builds only signed macOS and Windows installers; see README, "Signing".');
  }
}

/** afterAllArtifactBuild: SHA256SUMS beside the installers (published with them by `npm run release`). */
async function afterAllArtifactBuild(result) {
  return [await writeChecksums(result.outDir, result.artifactPaths)];
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
    // The window icon on Linux (main.ts passes it as iconPath; macOS and Windows take the bundle's).
    { from: 'build', to: 'build', filter: ['icon.png'] },
    // All JavaScript is bundled into .vite/build/main.js; only the native SQLite binding (and
    // the two modules that locate it) is loaded from node_modules, copied here by path.
    '!node_modules/**/*',
    { from: 'node_modules/better-sqlite3', to: 'node_modules/better-sqlite3', filter: ['package.json', 'lib/**/*', 'build/Release/better_sqlite3.node'] },
    { from: 'node_modules/bindings', to: 'node_modules/bindings', filter: ['package.json', 'bindings.js'] },
    { from: 'node_modules/file-uri-to-path', to: 'node_modules/file-uri-to-path', filter: ['package.json', 'index.js'] },
  ],
  asar: true,
  // Where the update feed lives (latest.yml, latest-mac.yml, latest-linux.yml and the installers,
  // as assets of the project's GitLab release, reached through GitLab's "latest release"
  // permalink). electron-builder writes the yml files and app-update.yml from this; a generic
  // provider is never uploaded to by electron-builder (`npm run release` signs the feed, the
  // release job uploads: README, "Releasing"). The app reads the feed itself (electron/updates).
  publish: [{ provider: 'generic', url: 'https://gitlab.com/token-vault/token-vault/-/releases/permalink/latest/downloads' }],
  // A native module must be a real file to be loaded; it stays beside app.asar.
  asarUnpack: ['**/node_modules/better-sqlite3/build/Release/*.node'],
  beforePack,
  afterPack,
  afterAllArtifactBuild,
  // node_modules are handled here, not by electron-builder: the app ships only the three modules
  // copied by path above, and `npm run dist` has already switched better-sqlite3 to Electron's
  // ABI (scripts/native-abi.mjs, which checks the result; afterPack checks the packed file
  // again). false skips electron-builder's own
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
    // The deb's Maintainer; its Homepage is package.json's homepage (electron-builder's FpmTarget
    // refuses to build a deb without one).
    maintainer: 'Token Vault contributors <tokenvault@users.noreply.gitlab.com>',
    vendor: 'Token Vault contributors',
    // token-vault.desktop, named after package.json's desktopName, which is also the Wayland
    // app_id Electron gives its windows: Wayland docks match windows to the entry by that name.
    syncDesktopName: true,
    desktop: {
      entry: {
        // X11 docks match by StartupWMClass against WM_CLASS, which Electron sets from the app's
        // name (productName), not from desktopName: res_class "Token Vault", res_name
        // "token vault" (shell/browser/native_window_views.cc). electron-builder would write the
        // desktopName here, which no X11 window carries. scripts/release/wm-class.cjs; asserted
        // on the deb's entry in tests/integration/packaging-stand-in.test.ts.
        StartupWMClass: x11WindowClass(require('./package.json')).resClass,
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
