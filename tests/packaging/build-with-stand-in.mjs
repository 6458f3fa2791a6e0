// Run in a copy of the project (cwd), in plain Node as Forge and electron-builder run: loads
// forge.config.ts with Forge's own loader, builds the bundles with Forge's Vite plugin (its
// prePackage hook, as `electron-forge package` runs it), then packs them with electron-builder
// `--dir` for Linux x64 against a stand-in Electron distribution, with the project's
// electron-builder.config.cjs (whose afterPack flips and checks the fuses). Writes the desktop
// entry the deb would install to <outDir>/desktop-entry.txt and each step's time to timings.json.
//
// Usage: node tests/packaging/build-with-stand-in.mjs <electronDist> <outDir>
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { buildBundlesAsForge } from '../../scripts/forge-bundles.mjs';

const [electronDist, outDir] = process.argv.slice(2).map((arg) => resolve(arg));
if (!electronDist || !outDir) throw new Error('usage: build-with-stand-in.mjs <electronDist> <outDir>');
const projectDir = process.cwd();
const require = createRequire(join(projectDir, 'package.json'));
const timings = {};

async function timed(step, run) {
  const started = performance.now();
  try {
    return await run();
  } finally {
    timings[step] = Math.round(performance.now() - started);
  }
}

async function packWithBuilder() {
  const builder = require('electron-builder');
  const { LinuxTargetHelper } = require('app-builder-lib/out/targets/LinuxTargetHelper');
  const base = require(join(projectDir, 'electron-builder.config.cjs'));
  const config = {
    ...base,
    electronDist,
    directories: { ...base.directories, output: outDir },
    afterPack: async (context) => {
      await base.afterPack(context);
      // What the deb target writes to /usr/share/applications (its options: linux + deb).
      const { packager } = context;
      const entry = await new LinuxTargetHelper(packager).computeDesktopEntry({ ...packager.platformSpecificBuildOptions, ...packager.config.deb });
      writeFileSync(join(outDir, 'desktop-entry.txt'), entry);
    },
  };
  await builder.build({ projectDir, targets: builder.Platform.LINUX.createTarget('dir', builder.Arch.x64), config, publish: 'never' });
}

await timed('forge bundles', () => buildBundlesAsForge(projectDir, 'linux', 'x64'));
await timed('electron-builder --dir', packWithBuilder);
writeFileSync(join(outDir, 'timings.json'), JSON.stringify(timings));
console.log(`stand-in packaging: ${Object.entries(timings).map(([step, ms]) => `${step} ${ms} ms`).join(', ')}`);
