import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { FuseV1Options } from '@electron/fuses';
import { describe, expect, it } from 'vitest';
import forgeConfig from '../../forge.config';
import { PACKAGED_PATHS, ignoreForPackaging } from '../../electron/desktop/packaged-files';

const require = createRequire(import.meta.url);
const root = join(__dirname, '..', '..');
const builder = require('../../electron-builder.config.cjs') as Record<string, unknown> & {
  files: string[];
  asarUnpack: string[];
  electronFuses: Record<string, boolean>;
  linux: { target: string[]; category: string; desktop: { entry: Record<string, string> } };
  mac: { target: string };
  win: { target: string };
};

describe('what gets packaged', () => {
  it('keeps the bundles, the built renderer and the SQLite binding', () => {
    for (const kept of ['/package.json', '/.vite/build/main.js', '/renderer/dist/index.html', '/node_modules/better-sqlite3/build/Release/better_sqlite3.node', '/node_modules/bindings/bindings.js', '/node_modules', '/renderer']) {
      expect(ignoreForPackaging(kept), kept).toBe(false);
    }
  });

  it('leaves out sources, tests, other modules and the vault of the developer', () => {
    for (const dropped of ['/electron/main.ts', '/tests/unit/x.test.ts', '/node_modules/zod/index.js', '/node_modules/better-sqlite3/deps/sqlite3/sqlite3.c', '/node_modules/better-sqlite3/src/better_sqlite3.cpp', '/renderer/src/App.tsx', '/vault.tokenvault', '/.git/config']) {
      expect(ignoreForPackaging(dropped), dropped).toBe(true);
    }
  });

  it('electron-builder ships the same folders as Forge', () => {
    for (const path of PACKAGED_PATHS) {
      const pattern = path.slice(1);
      expect(builder.files.some((file) => file === pattern || file.startsWith(`${pattern}/`)), path).toBe(true);
    }
    expect(builder.asarUnpack).toEqual(['**/node_modules/better-sqlite3/build/Release/*.node']);
  });
});

describe('Electron fuses', () => {
  const fusesPlugin = forgeConfig.plugins?.find((plugin) => (plugin as { name?: string }).name === 'fuses') as unknown as { fusesConfig: Record<number, boolean> };

  it('Forge turns off Node-as-a-shell and debugging, and turns on ASAR integrity and cookie encryption', () => {
    const fuses = fusesPlugin.fusesConfig;
    expect(fuses[FuseV1Options.RunAsNode]).toBe(false);
    expect(fuses[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(fuses[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(fuses[FuseV1Options.EnableCookieEncryption]).toBe(true);
    expect(fuses[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(fuses[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(fuses[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(false);
  });

  it('electron-builder burns the same fuses', () => {
    const fuses = fusesPlugin.fusesConfig;
    const byName: Record<string, FuseV1Options> = {
      runAsNode: FuseV1Options.RunAsNode,
      enableCookieEncryption: FuseV1Options.EnableCookieEncryption,
      enableNodeOptionsEnvironmentVariable: FuseV1Options.EnableNodeOptionsEnvironmentVariable,
      enableNodeCliInspectArguments: FuseV1Options.EnableNodeCliInspectArguments,
      enableEmbeddedAsarIntegrityValidation: FuseV1Options.EnableEmbeddedAsarIntegrityValidation,
      onlyLoadAppFromAsar: FuseV1Options.OnlyLoadAppFromAsar,
      loadBrowserProcessSpecificV8Snapshot: FuseV1Options.LoadBrowserProcessSpecificV8Snapshot,
      grantFileProtocolExtraPrivileges: FuseV1Options.GrantFileProtocolExtraPrivileges,
    };
    expect(Object.keys(builder.electronFuses).sort()).toEqual(Object.keys(byName).sort());
    for (const [name, fuse] of Object.entries(byName)) expect(builder.electronFuses[name], name).toBe(fuses[fuse]);
  });
});

describe('electron-builder configuration', () => {
  it('passes electron-builder\'s own schema', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config');
    const { DebugLogger } = require('builder-util/out/DebugLogger');
    await expect(validateConfiguration(builder, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('makes AppImage, deb, dmg and NSIS installers for "Token Vault"', () => {
    expect(builder.productName).toBe('Token Vault');
    expect(builder.appId).toMatch(/^[a-z0-9.]+$/);
    expect(builder.linux.target).toEqual(['AppImage', 'deb']);
    expect(builder.mac.target).toBe('dmg');
    expect(builder.win.target).toBe('nsis');
  });

  it('files the Linux desktop entry under Utility and Security', () => {
    expect(builder.linux.category).toBe('Utility');
    expect(builder.linux.desktop.entry.Categories).toBe('Utility;Security;');
  });

  it('has every icon file it points at, in every size', () => {
    const png = (file: string) => readFileSync(join(root, 'build', file));
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
      const image = png(`icons/${size}x${size}.png`);
      expect(image.subarray(1, 4).toString('ascii')).toBe('PNG');
      expect([image.readUInt32BE(16), image.readUInt32BE(20)]).toEqual([size, size]);
    }
    expect(png('icon.ico').readUInt16LE(4)).toBe(7);
    expect(png('icon.icns').subarray(0, 4).toString('ascii')).toBe('icns');
  });
});
