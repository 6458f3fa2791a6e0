// "Synced" must mean the changes went out. A replica folder this device cannot write (moved away,
// a plain file in its place) and a git push the remote refused are failures the status keeps,
// with the changes still counted as pending; once they do go out, the count says so.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SyncError } from '../../../electron/sync/errors';
import { FolderPlace } from '../../../electron/sync/place';
import { ReplicaStore } from '../../../electron/sync/replica-store';
import { syncVault } from '../../../electron/sync/run';
import { setupSync } from '../../../electron/sync/setup';
import { syncStatus } from '../../../electron/sync/status';
import { MemoryVault } from '../../helpers/memory-vault';
import { deviceOnGitRemote, refusePushes } from '../../helpers/git-remote';
import { tempDir } from '../../helpers/vault-fixture';

describe('a replica folder this device cannot write', () => {
  it('is a sentence naming the replica and the OS error, and the status shows the failure and the pending change', async () => {
    const dir = tempDir('tv-unwritable-');
    const folder = path.join(dir, 'Sync');
    fs.mkdirSync(folder);
    const a = new MemoryVault(path.join(dir, 'a'), '00000000-0000-4000-8000-00000000000a');
    const place = new FolderPlace(folder);
    await setupSync(a, 'pw', place, { kind: 'folder', where: folder }, 'A');
    await syncVault(a, {}, place);
    expect(syncStatus(a).lastSync).toMatchObject({ ok: true });

    const own = new ReplicaStore(folder, a.vaultId).deviceFolder(syncStatus(a).device!.id);
    fs.renameSync(own, `${own}.away`);
    fs.writeFileSync(own, 'not a folder');
    a.add({ name: 'made while unwritable' }, 'glpat-unwritable-0001');

    let report: Awaited<ReturnType<typeof syncVault>> | null = null;
    let thrown: unknown = null;
    try {
      report = await syncVault(a, {}, place);
    } catch (error) {
      thrown = error;
    }
    // Either a SyncError with the sentence, or a report saying it; never an internal error.
    if (thrown) expect(thrown).toBeInstanceOf(SyncError);
    const sentence = thrown ? (thrown as Error).message : report!.offline!;
    expect(sentence).toContain(own);
    expect(sentence).toMatch(/ENOTDIR|EEXIST|not a directory|file already exists/i);
    const status = syncStatus(a);
    expect(status.lastSync).toMatchObject({ ok: false });
    expect(status.lastSync!.message).toBe(sentence);
    expect(status.pending).toBeGreaterThan(0);

    // Put back: the change goes out and is counted.
    fs.rmSync(own);
    fs.renameSync(`${own}.away`, own);
    const again = await syncVault(a, {}, place);
    expect(again.offline).toBeNull();
    expect(again.sent).toBeGreaterThan(0);
    expect(syncStatus(a)).toMatchObject({ lastSync: { ok: true }, pending: 0 });
  }, 120_000);
});

describe('a push the remote refused, then took', () => {
  it('the refused change stays pending, and the sync that pushes it counts it as sent', async () => {
    const { a, place, bare } = await deviceOnGitRemote(tempDir('tv-git-count-'));
    const allowPushes = refusePushes(bare, 'frozen');
    a.add({ name: 'made while refused' }, 'glpat-refused-0002');
    const refused = await syncVault(a, {}, place);
    expect(refused.offline).toMatch(/not sent/);
    expect(refused.sent).toBe(0);
    expect(syncStatus(a)).toMatchObject({ lastSync: { ok: false } });
    expect(syncStatus(a).pending).toBeGreaterThan(0);

    allowPushes();
    const again = await syncVault(a, {}, place);
    expect(again.offline).toBeNull();
    expect(again.sent).toBeGreaterThan(0);
    expect(syncStatus(a)).toMatchObject({ lastSync: { ok: true }, pending: 0 });
  }, 300_000);
});
