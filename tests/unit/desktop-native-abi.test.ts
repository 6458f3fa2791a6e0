// scripts/native-abi.mjs runs before every `npm test`: when better-sqlite3 already loads in
// Node it must do nothing (no rebuild), and say so.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..', '..');
const script = join(root, 'scripts', 'native-abi.mjs');
const run = (...args: string[]) => spawnSync(process.execPath, [script, ...args], { cwd: root, encoding: 'utf8', timeout: 30_000 });

describe('native-abi', () => {
  it('is a no-op for Node when the current build loads in Node, and records that in its stamp', () => {
    const result = run('node');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/already loads in Node .* nothing to do/);
    const moduleDir = dirname(createRequire(join(root, 'package.json')).resolve('better-sqlite3/package.json'));
    const stamp = JSON.parse(readFileSync(join(moduleDir, 'build', 'token-vault-abi.json'), 'utf8'));
    expect(stamp).toMatchObject({ runtime: 'node', abi: process.versions.modules });
  });

  it('reads the ABI the binary was built for from the binary itself', () => {
    const moduleDir = dirname(createRequire(join(root, 'package.json')).resolve('better-sqlite3/package.json'));
    const binary = readFileSync(join(moduleDir, 'build', 'Release', 'better_sqlite3.node')).toString('latin1');
    expect(/node_register_module_v(\d+)/.exec(binary)?.[1]).toBe(process.versions.modules);
  });

  it('refuses an unknown target', () => {
    const result = run('deno');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/usage/);
  });
});
