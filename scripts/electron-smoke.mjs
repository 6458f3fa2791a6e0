// npm run test:electron — the smoke test for machines that have Electron or can download it:
// fetches Electron's binary when missing (electron@45 does not at `npm install`;
// scripts/electron-fetch.mjs), builds the bundles as Forge does, switches better-sqlite3 to
// Electron's ABI, runs tests/electron/smoke.spec.ts (Playwright's _electron.launch), and
// switches back.
//
// Without an Electron binary it does NOT run, says so loudly and exits 1: a smoke test that
// could not start must never look like one that passed.
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fetchElectron } from './electron-fetch.mjs';
import { buildBundlesAsForge } from './forge-bundles.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function step(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
}

const binary = fetchElectron();
if (!binary) {
  console.error(
    [
      '',
      '  ==========================================================================',
      '  test:electron did NOT run: there is no Electron binary on this machine',
      '  and it could not be downloaded (node_modules/electron/dist is empty).',
      '  Nothing was tested. On a workstation with network access:',
      '      npm run electron:fetch   # downloads Electron 45 (npm install does not)',
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
