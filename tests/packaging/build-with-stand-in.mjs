// Run in a copy of the project (cwd), in plain Node as Forge and electron-builder run: builds
// the bundles with Forge's Vite plugin (its prePackage hook, as `electron-forge package` runs
// it; skipped with --no-bundles, to pack again what was built), then packs them with
// electron-builder for Linux x64 against a stand-in Electron distribution, with the project's
// electron-builder.config.cjs as it is (its beforePack, afterPack and afterAllArtifactBuild
// hooks included) and the --publish policy `npm run dist` passes. fpm is whatever
// CUSTOM_FPM_PATH names (the test's recorder). Writes each step's time to <outDir>/timings.json.
//
// Usage: node tests/packaging/build-with-stand-in.mjs <electronDist> <outDir> <target,...> [--no-bundles]
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { buildBundlesAsForge } from '../../scripts/forge-bundles.mjs';

const [electronDistArg, outDirArg, targetsArg] = process.argv.slice(2);
if (!electronDistArg || !outDirArg || !targetsArg) throw new Error('usage: build-with-stand-in.mjs <electronDist> <outDir> <target,...> [--no-bundles]');
const [electronDist, outDir] = [electronDistArg, outDirArg].map((arg) => resolve(arg));
const projectDir = process.cwd();
const require = createRequire(join(projectDir, 'package.json'));
const timings = {};

/** The --publish policy of package.json's dist script: what `npm run dist` really passes. */
function distPublishPolicy() {
  const script = JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8')).scripts.dist;
  const match = /--publish[= ](\S+)/.exec(script);
  return match ? match[1] : undefined;
}

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
  const base = require(join(projectDir, 'electron-builder.config.cjs'));
  const config = { ...base, electronDist, directories: { ...base.directories, output: outDir } };
  const targets = builder.Platform.LINUX.createTarget(targetsArg.split(','), builder.Arch.x64);
  await builder.build({ projectDir, targets, config, publish: distPublishPolicy() });
}

if (!process.argv.includes('--no-bundles')) await timed('forge bundles', () => buildBundlesAsForge(projectDir, 'linux', 'x64'));
await timed(`electron-builder ${targetsArg}`, packWithBuilder);
writeFileSync(join(outDir, 'timings.json'), JSON.stringify(timings));
console.log(`stand-in packaging: ${Object.entries(timings).map(([step, ms]) => `${step} ${ms} ms`).join(', ')}`);
