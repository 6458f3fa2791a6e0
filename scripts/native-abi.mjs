// Keeps better-sqlite3's native binary built for the runtime about to load it:
//   node scripts/native-abi.mjs node      (before `npm test`, the CLI, benchmarks)
//   node scripts/native-abi.mjs electron  (before `npm start`, package, make, dist)
// Node and Electron use different NODE_MODULE_VERSIONs, so one binary cannot serve both.
// The switch must be cheap when nothing changes: CI runs it before every test run, and a
// rebuild costs minutes. So we rebuild only when the binary on disk is not for the wanted ABI.
//
// How we know what is built: a NAN (non-N-API) addon exports `node_register_module_v<ABI>`,
// so the ABI is readable from the file itself without loading it. The stamp file beside the
// binary records which runtime and version we last built for (Node and Electron ABIs never
// collide, but the stamp also says *which* Electron), and is ignored if the binary changed
// since (someone ran `npm rebuild`).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StagedBuildError, TOOLCHAIN, rebuildStaged } from './native-abi-stage.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const moduleName = 'better-sqlite3';

const target = process.argv[2];
if (target !== 'node' && target !== 'electron') {
  console.error('usage: node scripts/native-abi.mjs node|electron');
  process.exit(2);
}

const moduleDir = dirname(require.resolve(`${moduleName}/package.json`));
const binaryPath = join(moduleDir, 'build', 'Release', 'better_sqlite3.node');
const stampPath = join(moduleDir, 'build', 'token-vault-abi.json');

/** The ABI the binary was compiled for, from its exported register symbol; null if unknown. */
function builtAbi() {
  if (!existsSync(binaryPath)) return null;
  const match = /node_register_module_v(\d+)/.exec(readFileSync(binaryPath).toString('latin1'));
  return match ? match[1] : null;
}

function fingerprint() {
  if (!existsSync(binaryPath)) return null;
  const { size, mtimeMs } = statSync(binaryPath);
  return `${size}:${Math.round(mtimeMs)}`;
}

function readStamp() {
  try {
    const stamp = JSON.parse(readFileSync(stampPath, 'utf8'));
    return stamp.fingerprint === fingerprint() ? stamp : null;
  } catch {
    return null;
  }
}

function writeStamp(runtime, version, abi) {
  writeFileSync(stampPath, `${JSON.stringify({ runtime, version, abi, fingerprint: fingerprint() }, null, 2)}\n`);
}

/** The only real proof for Node: load it in a fresh process (this one must not keep it open). */
function loadsInNode() {
  const probe = `new (require(${JSON.stringify(moduleName)}))(':memory:').close()`;
  return spawnSync(process.execPath, ['-e', probe], { cwd: root, stdio: 'ignore' }).status === 0;
}

function electronTarget() {
  const electronDir = dirname(require.resolve('electron/package.json'));
  const version = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version;
  const abiFile = join(electronDir, 'abi_version');
  const abi = existsSync(abiFile) ? readFileSync(abiFile, 'utf8').trim() : null;
  return { version, abi };
}

function say(message) {
  console.log(`native-abi: ${message}`);
}

async function ensureNode() {
  const abi = process.versions.modules;
  if (loadsInNode()) {
    const stamp = readStamp();
    if (stamp?.runtime !== 'node' || stamp.abi !== abi) writeStamp('node', process.versions.node, abi);
    say(`${moduleName} already loads in Node ${process.versions.node} (ABI ${abi}); nothing to do.`);
    return;
  }
  say(`${moduleName} is built for ABI ${builtAbi() ?? 'unknown'}; rebuilding for Node ABI ${abi}…`);
  // `npm rebuild` runs the package's own install script (prebuilt binary, else node-gyp).
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['rebuild', moduleName], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0 || !loadsInNode()) {
    console.error(`native-abi: could not rebuild ${moduleName} for Node; run \`npm rebuild ${moduleName}\` and read its output.`);
    process.exit(1);
  }
  writeStamp('node', process.versions.node, abi);
  say(`rebuilt ${moduleName} for Node ABI ${abi}.`);
}

async function ensureElectron() {
  const { version, abi } = electronTarget();
  const stamp = readStamp();
  const current = builtAbi();
  if (stamp?.runtime === 'electron' && stamp.version === version && (abi === null || current === abi)) {
    say(`${moduleName} already built for Electron ${version} (ABI ${current}); nothing to do.`);
    return;
  }
  say(`${moduleName} is built for ABI ${current ?? 'unknown'}; rebuilding for Electron ${version} (ABI ${abi ?? 'unknown'}) in a staging folder…`);
  const { rebuild } = await import('@electron/rebuild');
  let rebuilt;
  try {
    // Built beside node_modules and swapped in only when it is right: the current (Node) build
    // survives a failed rebuild (offline, no compiler), so `npm test` still works afterwards.
    rebuilt = await rebuildStaged({
      moduleDir,
      moduleName,
      stagingRoot: join(root, 'node_modules', '.cache', 'token-vault-native-abi'),
      wantedAbi: abi ?? undefined,
      build: (project) => rebuild({ buildPath: project, electronVersion: version, onlyModules: [moduleName], force: true }),
    });
  } catch (error) {
    if (!(error instanceof StagedBuildError)) throw error;
    console.error(
      [
        `native-abi: could not build ${moduleName} for Electron ${version} (ABI ${abi ?? 'unknown'}): ${error.message}.`,
        `The build in node_modules is untouched (ABI ${current ?? 'unknown'}).`,
        TOOLCHAIN,
        'Then run this again (npm start / npm run dist do).',
      ].join('\n'),
    );
    process.exit(1);
  }
  writeStamp('electron', version, rebuilt);
  say(`rebuilt ${moduleName} for Electron ${version} (ABI ${rebuilt}).`);
}

await (target === 'node' ? ensureNode() : ensureElectron());
