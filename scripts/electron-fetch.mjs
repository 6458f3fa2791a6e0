// npm run electron:fetch — downloads Electron's binary into node_modules/electron/dist.
// electron@45 no longer fetches it at `npm install`: it downloads on the first require('electron')
// (or `npx install-electron`). This runs the package's own installer, which checks the download
// against the SHA-256 sums shipped in the package (checksums.json), and says where it went.
// Also the first step of `npm run test:electron`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Where electron's npm package put the binary (path.txt), or null when it has not; never downloads. */
export function electronBinary(pkg = join(root, 'node_modules', 'electron')) {
  let relative = null;
  try {
    relative = readFileSync(join(pkg, 'path.txt'), 'utf8').trim();
  } catch {
    // Not fetched yet.
  }
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(pkg, 'dist');
  const binary = join(distDir, relative || 'electron');
  return existsSync(binary) ? binary : null;
}

/** The binary, downloading it first when missing; null (after saying why) when that fails. */
export function fetchElectron(pkg = join(root, 'node_modules', 'electron')) {
  const present = electronBinary(pkg);
  if (present) return present;
  console.log('electron:fetch: downloading Electron (checked against node_modules/electron/checksums.json)…');
  const result = spawnSync(process.execPath, [join(pkg, 'install.js')], { cwd: pkg, stdio: 'inherit' });
  const binary = electronBinary(pkg);
  if (result.status !== 0 || !binary) {
    console.error('electron:fetch: could not download Electron (no network, or the download did not match its checksum).');
    return null;
  }
  return binary;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const binary = fetchElectron();
  if (binary) console.log(`electron:fetch: Electron is at ${binary}`);
  process.exitCode = binary ? 0 : 1;
}
