// Throwaway vaults for tests: real files in a temp folder, KDF at the production minimum.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TEST_KDF } from '../../electron/vault/kdf';
import { Vault } from '../../electron/vault/vault';

export const PASSWORD = 'correct horse battery staple';

export function tempDir(prefix = 'tv-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function newVault(dir = tempDir(), name = 'vault.tokenvault'): Promise<Vault> {
  return Vault.create(path.join(dir, name), PASSWORD, { kdf: TEST_KDF });
}

export function fileBytes(file: string): Buffer {
  return fs.readFileSync(file);
}
