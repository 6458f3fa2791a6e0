// The main bundle's externals, as Forge's Vite plugin resolves them (its base config merged with
// vite.main.config.ts): what stays an import for Electron to resolve at run time.
import { join } from 'node:path';
import ViteConfigGenerator from '@electron-forge/plugin-vite/dist/ViteConfig';
import { describe, expect, it } from 'vitest';
import forgeConfig from '../../forge.config';

const root = join(__dirname, '..', '..');

async function mainBuildConfig() {
  const vitePlugin = forgeConfig.plugins?.find((plugin) => (plugin as { name?: string }).name === 'vite') as unknown as { config: ConstructorParameters<typeof ViteConfigGenerator>[0] };
  const generator = new ViteConfigGenerator(vitePlugin.config, root, true);
  const configs = await generator.getBuildConfigs();
  return configs.find((config) => JSON.stringify(config.build?.lib ?? '').includes('electron/main.ts'));
}

async function mainBuildExternals(): Promise<(string | RegExp)[]> {
  const external = (await mainBuildConfig())?.build?.rollupOptions?.external;
  if (!Array.isArray(external)) throw new Error('the main build has no external list');
  return external as (string | RegExp)[];
}

/** Rollup's rule for an array of externals: an exact string or a matching RegExp. */
const isExternal = (externals: (string | RegExp)[], id: string) => externals.some((rule) => (typeof rule === 'string' ? rule === id : rule.test(id)));

describe('main bundle externals', () => {
  it('keeps every node: import external, also those the building Node does not list', async () => {
    const externals = await mainBuildExternals();
    // node:sqlite (22.5+), node:sea (20.12+ but prefix-only), node:test (prefix-only): absent from Node 20's builtinModules.
    for (const id of ['node:fs', 'node:sqlite', 'node:sea', 'node:test', 'node:some-future-module']) expect(isExternal(externals, id), id).toBe(true);
  });

  it('keeps better-sqlite3 and electron external and bundles everything else', async () => {
    const externals = await mainBuildExternals();
    for (const id of ['better-sqlite3', 'electron']) expect(isExternal(externals, id), id).toBe(true);
    for (const id of ['undici', 'zod', 'libsodium-wrappers-sumo', './vault/vault', 'nodejs-lookalike']) expect(isExternal(externals, id), id).toBe(false);
  });
});

describe('main bundle output', () => {
  it('is one file through Vite 8\'s codeSplitting: false, not the deprecated inlineDynamicImports (a warning on every build)', async () => {
    const output = (await mainBuildConfig())?.build?.rollupOptions?.output;
    expect(output).toMatchObject({ codeSplitting: false });
    expect(output).not.toHaveProperty('inlineDynamicImports');
  });
});
