// The one native module the packaged app loads, checked where it was packed: electron-builder's
// afterPack (electron-builder.config.cjs). `beforeBuild: false` skips electron-builder's own
// rebuild, so nothing else stops an installer from shipping a better_sqlite3.node built for
// Node (after `npm test`, or a plain `electron-builder` call) or none at all — and such an app
// starts, opens its window and fails the first vault call.
//
// A NAN addon exports `node_register_module_v<ABI>`: the ABI is read from the file, never by
// loading it (this is Node, the module is for Electron). Electron's ABI comes from the same
// place @electron/rebuild takes it: node_modules/electron/abi_version.
'use strict';

const { existsSync, readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

const BINDING = join('app.asar.unpacked', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');

/** The ABI a native module was built for, from its register symbol; null when it has none. */
function registeredAbi(bytes) {
  const match = /node_register_module_v(\d+)/.exec(bytes.toString('latin1'));
  return match ? match[1] : null;
}

/** Electron's NODE_MODULE_VERSION as the installed electron package records it. */
function electronAbi(projectDir) {
  const electronDir = dirname(require.resolve('electron/package.json', { paths: [projectDir] }));
  return readFileSync(join(electronDir, 'abi_version'), 'utf8').trim();
}

/**
 * Throws, naming the file and the fix, unless resourcesDir holds a better_sqlite3.node built
 * for `wantedAbi`. Returns what it found, for the build log.
 */
function checkPackedBinding(resourcesDir, wantedAbi) {
  const file = join(resourcesDir, BINDING);
  const fix = 'run `node scripts/native-abi.mjs electron` (npm run dist does) and build again';
  if (!existsSync(file)) throw new Error(`packed-binding: ${file} is missing: the app could not open any vault; ${fix}.`);
  const abi = registeredAbi(readFileSync(file));
  if (abi !== wantedAbi) {
    throw new Error(`packed-binding: ${file} is built for ABI ${abi ?? 'unknown'}, Electron needs ${wantedAbi}: the app would fail its first vault call; ${fix}.`);
  }
  return { file, abi };
}

module.exports = { BINDING, registeredAbi, electronAbi, checkPackedBinding };
