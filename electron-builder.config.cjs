// electron-builder: installers for Linux (AppImage, deb), macOS (dmg) and Windows (NSIS).
// `npm run dist` builds the bundles with Forge first (.vite/ and renderer/dist), then this
// packs them. The file list matches forge.config.ts's (electron/desktop/packaged-files.ts;
// tests/unit/desktop-packaging.test.ts keeps the two in step), and so do the fuses.

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
    // All JavaScript is bundled into .vite/build/main.js; only the native SQLite binding
    // (and the two modules that locate it) is loaded from node_modules.
    '!node_modules/**/*',
    'node_modules/better-sqlite3/package.json',
    'node_modules/better-sqlite3/lib/**/*',
    'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
    'node_modules/bindings/**/*',
    'node_modules/file-uri-to-path/**/*',
    '!**/*.map',
  ],
  asar: true,
  // A native module must be a real file to be loaded; it stays beside app.asar.
  asarUnpack: ['**/node_modules/better-sqlite3/build/Release/*.node'],
  electronFuses: {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    loadBrowserProcessSpecificV8Snapshot: false,
    grantFileProtocolExtraPrivileges: false,
  },
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Utility',
    icon: 'build/icons',
    synopsis: 'Encrypted offline vault for GitLab access tokens',
    description: 'A desktop vault for GitLab access tokens: encrypted, offline, with expiry reminders.',
    maintainer: 'Token Vault contributors <tokenvault@users.noreply.github.com>',
    vendor: 'Token Vault contributors',
    desktop: {
      entry: {
        Name: 'Token Vault',
        GenericName: 'Token Vault',
        Comment: 'Keep GitLab access tokens encrypted and rotate them before they expire',
        Categories: 'Utility;Security;',
        Keywords: 'gitlab;token;password;vault;secret;',
        StartupWMClass: 'Token Vault',
        Terminal: 'false',
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
