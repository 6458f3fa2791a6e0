// Builds the app's bundles exactly as `electron-forge package` does, without packaging: loads
// forge.config.ts with Forge's own loader and runs its Vite plugin's prePackage hook (main,
// preload and renderer, production mode) in projectDir. Used by the stand-in packaging test and
// by `npm run test:electron`.
import { createRequire } from 'node:module';
import { join } from 'node:path';

export async function buildBundlesAsForge(projectDir, platform = process.platform, arch = process.arch) {
  const require = createRequire(join(projectDir, 'package.json'));
  const loadForgeConfig = require('@electron-forge/core/dist/util/forge-config').default;
  const forgeConfig = await loadForgeConfig(projectDir);
  const vitePlugin = forgeConfig.plugins.find((plugin) => plugin.name === 'vite');
  if (!vitePlugin) throw new Error('forge.config.ts has no Vite plugin');
  vitePlugin.init(projectDir, forgeConfig);
  const [prePackage] = vitePlugin.getHooks().prePackage ?? [];
  if (!prePackage) throw new Error("Forge's Vite plugin has no prePackage hook");
  // Forge runs hooks as listr2 tasks (the task is `this`); the hook returns the sub-tasks that build each target.
  const { Listr } = require('listr2');
  await new Listr([{ title: 'prePackage', task: (_ctx, task) => prePackage.call(task, forgeConfig, platform, arch) }], { renderer: 'silent', exitOnError: true }).run();
}
