// Vaults made by the CLI's own `init`, for black-box CLI tests. An init costs a process, a
// calibration probe and a derivation; a test that needs a new, empty vault and is not about init
// gets a copy of one made once per test file: the bytes init wrote, opening with the same
// password. Copies share one vault id, so a test about ids, or about init, makes its own.
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { runCli } from './run-cli';
import { tempDir } from './vault-fixture';

/** `tokenvault init` at the floor's cost (--decryption-time 100), in a new temporary folder. */
export function initVault(password: string, prefix = 'tv-cli-'): string {
  const file = path.join(tempDir(prefix), 'v.tokenvault');
  const init = runCli(['--vault', file, 'init', '--decryption-time', '100'], `${password}\n${password}\n`);
  expect(init.status, init.stderr).toBe(0);
  return file;
}

/** Each call: a copy, in a new temporary folder, of one vault initVault made at the first call. */
export function vaultCopies(password: string, prefix = 'tv-cli-'): () => string {
  let template: string | null = null;
  return () => {
    template ??= initVault(password, `${prefix}template-`);
    const file = path.join(tempDir(prefix), 'v.tokenvault');
    fs.copyFileSync(template, file);
    return file;
  };
}
