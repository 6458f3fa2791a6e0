import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGED_PATHS, ignoreForPackaging } from '../../electron/desktop/packaged-files';

const require = createRequire(import.meta.url);
const root = join(__dirname, '..', '..');
const builder = require('../../electron-builder.config.cjs') as Record<string, unknown> & {
  files: (string | { from: string; to: string; filter: string[] })[];
  asarUnpack: string[];
  linux: { target: string[]; category: string; syncDesktopName: boolean; desktop: { entry: Record<string, string> } };
  mac: { target: string };
  win: { target: string };
};

describe('what gets packaged', () => {
  it('keeps the bundles, the built renderer and the SQLite binding', () => {
    for (const kept of ['/package.json', '/.vite/build/main.js', '/renderer/dist/index.html', '/build/icon.png', '/node_modules/better-sqlite3/build/Release/better_sqlite3.node', '/node_modules/bindings/bindings.js', '/node_modules', '/renderer']) {
      expect(ignoreForPackaging(kept), kept).toBe(false);
    }
  });

  it('leaves out sources, tests, other modules and the vault of the developer', () => {
    for (const dropped of ['/electron/main.ts', '/tests/unit/x.test.ts', '/node_modules/zod/index.js', '/node_modules/better-sqlite3/deps/sqlite3/sqlite3.c', '/node_modules/better-sqlite3/src/better_sqlite3.cpp', '/renderer/src/App.tsx', '/vault.tokenvault', '/.git/config']) {
      expect(ignoreForPackaging(dropped), dropped).toBe(true);
    }
  });

  it("Forge's package keeps of better-sqlite3 only what loads: no sources, sqlite3.a, test_extension.node, Makefiles or objects", () => {
    // The real module folder, with whatever node-gyp left in it, walked as electron-packager
    // walks it (a folder it ignores is not descended).
    const moduleDir = join(root, 'node_modules', 'better-sqlite3');
    const kept: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = join(dir, entry.name);
        const packagePath = `/node_modules/better-sqlite3${full.slice(moduleDir.length)}`;
        if (ignoreForPackaging(packagePath)) continue;
        if (entry.isDirectory()) walk(full);
        else kept.push(packagePath);
      }
    };
    walk(moduleDir);
    expect(kept.filter((file) => !/^\/node_modules\/better-sqlite3\/(package\.json|lib\/.+\.js|build\/Release\/better_sqlite3\.node)$/.test(file))).toEqual([]);
    expect(kept).toEqual(expect.arrayContaining(['/node_modules/better-sqlite3/package.json', '/node_modules/better-sqlite3/lib/index.js']));
    for (const dropped of ['/node_modules/better-sqlite3/build/Release/sqlite3.a', '/node_modules/better-sqlite3/build/Release/test_extension.node', '/node_modules/better-sqlite3/build/Makefile', '/node_modules/better-sqlite3/build/better_sqlite3.target.mk', '/node_modules/better-sqlite3/build/config.gypi', '/node_modules/better-sqlite3/binding.gyp']) {
      expect(ignoreForPackaging(dropped), dropped).toBe(true);
    }
  });

  it('electron-builder ships the same folders as Forge', () => {
    const sources = builder.files.flatMap((file) => (typeof file === 'string' ? [file] : file.filter.map((kept) => `${file.from}/${kept}`)));
    for (const path of PACKAGED_PATHS) {
      const pattern = path.slice(1);
      expect(sources.some((file) => file === pattern || file.startsWith(`${pattern}/`)), path).toBe(true);
    }
    expect(builder.asarUnpack).toEqual(['**/node_modules/better-sqlite3/build/Release/*.node']);
  });
});

describe('electron-builder configuration', () => {
  it('passes electron-builder\'s own schema', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config');
    const { DebugLogger } = require('builder-util/out/DebugLogger');
    await expect(validateConfiguration(builder, new DebugLogger(false))).resolves.toBeUndefined();
  });

  // No AppImage: on Ubuntu 23.10+/24.04 it cannot start with Chromium's sandbox (see the config).
  it('makes deb, dmg and NSIS installers for "Token Vault", and no AppImage', () => {
    expect(builder.productName).toBe('Token Vault');
    expect(builder.appId).toMatch(/^[a-z0-9.]+$/);
    expect(builder.linux.target).toEqual(['deb']);
    expect(builder.mac.target).toBe('dmg');
    expect(builder.win.target).toBe('nsis');
  });

  // electron-builder overwrites an entry's Categories with linux.category: the category is where it must be.
  // (The entry it writes is checked in tests/integration/packaging-stand-in.test.ts.)
  it('files the Linux desktop entry under Utility and Security', () => {
    expect(builder.linux.category).toBe('Utility;Security;');
    expect(builder.linux.desktop.entry).not.toHaveProperty('Categories');
    expect(builder.linux.syncDesktopName).toBe(true);
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
