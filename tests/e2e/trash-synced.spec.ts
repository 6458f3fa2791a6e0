// Delete for good on a synced vault: the confirmation says the sync place (its folder, or a git
// remote's history) still holds the sealed secret and asks to revoke or rotate it on GitLab —
// the README's "Deleted for good" section says the same. An unsynced vault is not told so
// (replacement-trash.spec.ts checks that dialog's words stay as they were).
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { FolderPlace } from '../../electron/sync/place';
import { setupSync } from '../../electron/sync/setup';
import { syncNow } from '../../electron/sync/engine';
import { TEST_KDF } from '../../electron/vault/kdf';
import { Vault } from '../../electron/vault/vault';
import { startPreview, type Preview } from '../../scripts/preview-server';
import { FakeClipboard, FakeDialogs, shoot } from './harness';

const PASSWORD = 'a synced secret is not gone';
let preview: Preview;
let page: Page;
let dir: string;

test.beforeAll(async ({ browser }) => {
  dir = fs.mkdtempSync(path.join((await import('node:os')).tmpdir(), 'tv-e2e-trash-synced-'));
  const folder = path.join(dir, 'Sync');
  fs.mkdirSync(folder);
  const file = path.join(dir, 'vault.tokenvault');
  const vault = await Vault.create(file, PASSWORD, { kdf: TEST_KDF });
  const entry = vault.add({ name: 'leaked-deployer' }, 'glpat-e2e-synced-trash-0000');
  const place = new FolderPlace(folder);
  await setupSync(vault, PASSWORD, place, { kind: 'folder', where: folder }, 'laptop');
  await syncNow(vault, place);
  vault.trash(entry.id);
  vault.close();
  preview = await startPreview({ vaultPath: file, clipboard: new FakeClipboard(), dialogs: new FakeDialogs(), openExternal: () => undefined, gitlab: null, kdf: TEST_KDF });
  await preview.services.api.vaultUnlock({ password: PASSWORD });
  page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  await page.goto(preview.url);
});

test.afterAll(async () => {
  await page?.close();
  await preview?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('Delete for good on a synced vault says the sync place still holds the secret', async () => {
  await page.getByRole('button', { name: 'Vault ▾' }).click();
  await page.getByRole('button', { name: 'Trash', exact: true }).click();
  await page.getByRole('button', { name: 'Delete “leaked-deployer” now' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete “leaked-deployer” for good?' });
  await expect(dialog.getByText(/This vault syncs: the sync place .* still holds the secret/)).toBeVisible({ timeout: 30_000 });
  await expect(dialog.getByText(/revoke or rotate it on GitLab/)).toBeVisible();
  for (const [w, h] of [[1200, 800], [800, 600]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await shoot(page, `96-trash-synced-delete-${w}`);
  }
});
