// `npm run preview -- --vault PATH` on an existing vault: prints its address, and the page
// shows the unlock form; Enter unlocks. (The renderer is built by test:e2e beforehand.)
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { TEST_KDF } from '../../electron/vault/kdf';
import { Vault } from '../../electron/vault/vault';

const PASSWORD = 'preview password for an existing vault';
let dir = '';
let child: ChildProcess | null = null;

test.afterAll(() => {
  if (child?.pid) child.kill('SIGTERM');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the preview serves an existing vault behind its unlock form', async ({ page }) => {
  dir = mkdtempSync(join(tmpdir(), 'tv-preview-cli-'));
  const vaultPath = join(dir, 'vault.db');
  const vault = await Vault.create(vaultPath, PASSWORD, { kdf: TEST_KDF });
  vault.add({ name: 'existing-token', instance: 'https://gitlab.com', kind: 'personal' }, 'glpat-existing-secret');
  vault.close();

  child = spawn(process.execPath, ['--import', 'tsx', 'scripts/preview.ts', '--vault', vaultPath, '--no-build'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child!.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const found = /Token Vault preview: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (found) resolve(found[1]!);
    });
    child!.on('exit', (code) => reject(new Error(`preview exited with ${code}`)));
    // A net: tsx compiles the preview's sources first, which took over 30 s at a load average of 30.
    setTimeout(() => reject(new Error(`no address printed: ${out}`)), 120_000);
  });

  await page.goto(url);
  const field = page.getByLabel('Master password');
  await expect(field).toBeFocused();
  await field.fill(PASSWORD);
  await field.press('Enter');
  await expect(page.getByRole('listbox', { name: 'Tokens' }).getByRole('option', { name: /existing-token/ })).toBeVisible();
});
