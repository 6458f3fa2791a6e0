// npm run test:electron — the smoke test for machines that have Electron (a workstation after
// `npm install`): builds the bundles as Forge does, switches better-sqlite3 to Electron's ABI,
// runs tests/electron/smoke.spec.ts (Playwright's _electron.launch), and switches back.
//
// Without an Electron binary it does NOT run, says so loudly and exits 1: a smoke test that
// could not start must never look like one that passed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBundlesAsForge } from './forge-bundles.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Where electron's npm package put the binary (path.txt), or null when it has not; no download is attempted. */
export function electronBinary() {
  const pkg = join(root, 'node_modules', 'electron');
  let relative = null;
  try {
    relative = readFileSync(join(pkg, 'path.txt'), 'utf8').trim();
  } catch {
    // Not installed: electron's postinstall never fetched the binary (no network here).
  }
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(pkg, 'dist');
  const binary = join(distDir, relative || 'electron');
  return existsSync(binary) ? binary : null;
}

function step(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
}

const binary = electronBinary();
if (!binary) {
  console.error(
    [
      '',
      '  ==========================================================================',
      '  test:electron did NOT run: there is no Electron binary on this machine',
      '  (node_modules/electron/dist is empty: its download never happened).',
      '  Nothing was tested. On a workstation with network access:',
      '      npm install          # fetches Electron 45',
      '      npm run test:electron',
      '  ==========================================================================',
      '',
    ].join('\n'),
  );
  process.exit(1);
}

console.log(`test:electron: Electron at ${binary}`);
step(process.execPath, [join(root, 'scripts', 'check-node.mjs')]);
await buildBundlesAsForge(root);
step(process.execPath, [join(root, 'scripts', 'native-abi.mjs'), 'electron']);
let failed = false;
try {
  step(process.execPath, [join(root, 'node_modules', '@playwright', 'test', 'cli.js'), 'test', '-c', 'playwright.electron.config.ts']);
} catch (error) {
  failed = true;
  console.error(error instanceof Error ? error.message : error);
} finally {
  // Node's ABI again, so npm test works right after.
  step(process.execPath, [join(root, 'scripts', 'native-abi.mjs'), 'node']);
}
process.exitCode = failed ? 1 : 0;
