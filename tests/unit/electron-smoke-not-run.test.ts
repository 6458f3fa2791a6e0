// npm run test:electron on a machine without the Electron binary (this one): it must say it did
// not run and exit non-zero, never look like a pass, and touch nothing (no ABI switch).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const abiStamp = join(root, 'node_modules', 'better-sqlite3', 'build', 'token-vault-abi.json');

describe('npm run test:electron without Electron', () => {
  it('reports loudly that it did NOT run, exits 1, and leaves better-sqlite3 alone', () => {
    const stampBefore = existsSync(abiStamp) ? readFileSync(abiStamp, 'utf8') : null;
    // Points electron's package at a distribution that is not there, whatever this machine has.
    const result = spawnSync(process.execPath, [join(root, 'scripts', 'electron-smoke.mjs')], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: join(root, 'no-electron-here') },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('test:electron did NOT run: there is no Electron binary on this machine');
    expect(result.stderr).toContain('Nothing was tested.');
    expect(result.stdout).not.toMatch(/passed/i);
    expect(existsSync(abiStamp) ? readFileSync(abiStamp, 'utf8') : null).toBe(stampBefore);
  });
});
