// Automatic team sync (issue 20, item 5): two windows, Alice and Bob, each with their copy of one
// team vault through a folder. A token Alice adds goes out after the change settles and reaches
// Bob's window on his timer — nobody presses Sync with the team — and the top bar says "Synced"
// only once it went out.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { TEST_KDF } from '../../electron/vault/kdf';
import { startPreview, type Preview } from '../../scripts/preview-server';
import { FakeClipboard, FakeDialogs, shoot } from './harness';

const PW = 'two keepers of one lighthouse';
const QUICK = { intervalMs: 3_000, debounceMs: 500, pollMs: 250 };
interface Side { preview: Preview; page: Page; unexpected: string[] }
let dir: string;
let alice: Side;
let bob: Side;

async function side(browser: Browser, name: string): Promise<Side> {
  fs.mkdirSync(path.join(dir, name));
  const unexpected: string[] = [];
  const preview = await startPreview({
    vaultPath: path.join(dir, name, 'personal.tokenvault'),
    clipboard: new FakeClipboard(),
    dialogs: new FakeDialogs(),
    openExternal: () => undefined,
    gitlab: null,
    kdf: TEST_KDF,
    syncTiming: QUICK,
    onUnexpectedError: (method, error) => unexpected.push(`${method}: ${error instanceof Error ? error.stack : String(error)}`),
  });
  await preview.services.api.vaultCreate({ password: PW });
  return { preview, page: await browser.newPage({ viewport: { width: 1200, height: 800 } }), unexpected };
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tv-e2e-teamsync-'));
  const folder = path.join(dir, 'TeamSync');
  fs.mkdirSync(folder);
  alice = await side(browser, 'alice');
  bob = await side(browser, 'bob');
  await alice.preview.services.api.teamMakeIdentity({ name: 'Alice' });
  const bobId = await bob.preview.services.api.teamMakeIdentity({ name: 'Bob' });
  await alice.preview.services.api.teamCreate({ name: 'Platform', place: { kind: 'folder', where: folder }, password: PW });
  await alice.preview.services.api.teamInvite({ code: bobId.invite, role: 'member', newKey: false });
  await bob.preview.services.api.teamJoin({ place: { kind: 'folder', where: folder }, password: PW });
  await alice.page.goto(alice.preview.url);
  await bob.page.goto(bob.preview.url);
});

test.afterAll(async () => {
  for (const s of [alice, bob]) {
    await s?.page.close();
    await s?.preview.close();
  }
  expect([...(alice?.unexpected ?? []), ...(bob?.unexpected ?? [])]).toEqual([]);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a token Alice adds reaches Bob’s window by itself, and each top bar says it synced with the team', async () => {
  await expect(bob.page.getByRole('button', { name: 'Lock' })).toBeVisible();
  await alice.preview.services.api.tokensAdd({ entry: { name: 'shared-by-alice' }, secret: 'glpat-shared-by-alice-000001' });
  // Nobody presses Sync with the team: Alice's change goes out once it settles, Bob's timer brings it in.
  await expect(bob.page.getByRole('option', { name: /^shared-by-alice/ })).toBeVisible({ timeout: 60_000 });
  await expect(alice.page.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'synced');
  await expect(bob.page.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'synced');
  await shoot(bob.page, 'team-autosync-01-bob-1200');
  await bob.page.setViewportSize({ width: 800, height: 600 });
  await shoot(bob.page, 'team-autosync-02-bob-800');
});

test('with the team’s folder gone, the top bar says so — never "Synced" — and the change waits', async () => {
  const folder = path.join(dir, 'TeamSync');
  fs.renameSync(folder, `${folder}-away`);
  await alice.preview.services.api.tokensAdd({ entry: { name: 'waits-for-the-folder' }, secret: 'glpat-waits-for-the-folder-02' });
  const indicator = alice.page.getByTestId('sync-indicator');
  await expect(indicator).not.toHaveAttribute('data-state', 'synced', { timeout: 30_000 });
  await expect(indicator).not.toHaveAttribute('data-state', 'syncing', { timeout: 30_000 });
  await expect(indicator).not.toHaveAttribute('data-state', 'synced');
  await shoot(alice.page, 'team-autosync-03-offline-1200');
  fs.renameSync(`${folder}-away`, folder);
  await expect(bob.page.getByRole('option', { name: /^waits-for-the-folder/ })).toBeVisible({ timeout: 60_000 });
});
