// The Node.js claim, kept true: package.json's engines, scripts/check-node.mjs (run first by
// npm start/package/dist/test) and the README say the same, and the reason for the line —
// electron@45 loading its ESM-only downloader with require() — holds on the Node running this.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_NODE, nodeVersionProblem } from '../../scripts/check-node.mjs';

const root = join(__dirname, '..', '..');
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string }; scripts: Record<string, string> };

describe('which Node.js Token Vault needs', () => {
  it.each(['20.19.0', 'v20.20.2', '22.12.0', '22.20.1', '24.0.0', '25.3.1'])('accepts %s', (version) => {
    expect(nodeVersionProblem(version)).toBeNull();
  });

  it.each(['18.20.4', '20.18.3', '21.7.3', '22.11.0', 'v16.0.0'])('refuses %s, saying what to install', (version) => {
    expect(nodeVersionProblem(version)).toMatch(/needs Node\.js 20\.19 or newer on the 20 line, or 22\.12 or newer \(you have .+\)\..*nvm install 22/);
  });

  it('calls garbage what it is', () => {
    expect(nodeVersionProblem('banana')).toBe('"banana" is not a Node.js version.');
  });

  it('package.json engines, the check and the README agree', () => {
    expect(packageJson.engines.node).toBe(SUPPORTED_NODE);
    for (const script of ['start', 'package', 'dist', 'test']) expect(packageJson.scripts[script], script).toMatch(/^node scripts\/check-node\.mjs && /);
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain('Node.js 20.19+ (or 22.12+)');
  });

  it('the check exits non-zero with its message on an old Node, and passes on this one', () => {
    const old = spawnSync(process.execPath, [join(root, 'scripts', 'check-node.mjs'), '20.18.0'], { encoding: 'utf8' });
    expect(old.status).toBe(1);
    expect(old.stderr).toContain('you have 20.18.0');
    expect(() => execFileSync(process.execPath, [join(root, 'scripts', 'check-node.mjs')])).not.toThrow();
  });

  it("this Node loads electron@45's ESM-only downloader the way electron/install.js does (require)", () => {
    expect(nodeVersionProblem(process.versions.node)).toBeNull();
    const requireFromElectron = createRequire(join(root, 'node_modules', 'electron', 'install.js'));
    const get = requireFromElectron('@electron/get') as { downloadArtifact?: unknown };
    expect(typeof get.downloadArtifact).toBe('function');
    const downloader = JSON.parse(readFileSync(join(dirname(requireFromElectron.resolve('@electron/get')), '..', 'package.json'), 'utf8')) as { type: string };
    expect(downloader.type).toBe('module');
  });
});
