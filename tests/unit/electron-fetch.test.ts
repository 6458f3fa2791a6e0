// npm run electron:fetch (and the first step of test:electron): runs electron's own installer
// when the binary is missing, and reports honestly whether a binary is there afterwards.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { electronBinary, fetchElectron } from '../../scripts/electron-fetch.mjs';

const scratch = mkdtempSync(join(tmpdir(), 'tv-electron-fetch-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** An electron package folder whose install.js runs `body`. */
function electronPackage(name: string, body: string): string {
  const pkg = join(scratch, name);
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'install.js'), body);
  return pkg;
}

describe('electron:fetch', () => {
  it('runs the package installer when the binary is missing, and finds what it installed', () => {
    const pkg = electronPackage('online', "const fs=require('fs');fs.mkdirSync('dist');fs.writeFileSync('dist/electron','bin');fs.writeFileSync('path.txt','electron');");
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    expect(electronBinary(pkg)).toBeNull();
    expect(fetchElectron(pkg)).toBe(join(pkg, 'dist', 'electron'));
  });

  it('says it could not download, and returns no binary, when the installer fails (offline)', () => {
    const pkg = electronPackage('offline', "console.error('RequestError: getaddrinfo ENOTFOUND github.com'); process.exit(1);");
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(fetchElectron(pkg)).toBeNull();
    expect(error).toHaveBeenCalledWith(expect.stringMatching(/could not download Electron/));
  });

  it('does not download again when the binary is there', () => {
    const pkg = electronPackage('present', 'process.exit(1);');
    mkdirSync(join(pkg, 'dist'));
    writeFileSync(join(pkg, 'dist', 'electron'), 'bin');
    writeFileSync(join(pkg, 'path.txt'), 'electron');
    expect(fetchElectron(pkg)).toBe(join(pkg, 'dist', 'electron'));
  });
});
