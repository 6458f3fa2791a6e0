// Another device's newest change not among its files in the place (deleted, or not carried yet by
// the sync engine): its newest.json names it, so the sync is not "Synced" but SEGMENT_MISSING,
// merges what is there, and merges the rest once the file is back (or once that device writes its
// replica whole again). A newest.json that does not authenticate is refused, never trusted; one
// put back older, or removed, does not hide what this device has already seen named; a replica
// without one (a device on an older build) syncs as before.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { needLocal, syncNow, type SyncReport } from '../../../electron/sync/engine';
import { NEWEST_FILE } from '../../../electron/sync/newest';
import { FolderPlace, type Place } from '../../../electron/sync/place';
import { syncFolderName } from '../../../electron/sync/replica-format';
import { joinSync, setupSync } from '../../../electron/sync/setup';
import { syncStatus } from '../../../electron/sync/status';
import { MemoryVault } from '../../helpers/memory-vault';
import { tempDir } from '../../helpers/vault-fixture';

const sync = (v: MemoryVault, place: Place): Promise<SyncReport> => syncNow(v, place, { keysFromPassword: true });

async function twoDevices() {
  const dir = tempDir('tv-segmiss-');
  const folder = path.join(dir, 'Sync');
  fs.mkdirSync(folder);
  const place = new FolderPlace(folder);
  const a = new MemoryVault(path.join(dir, 'a'), '00000000-0000-4000-8000-0000000000a3');
  const b = new MemoryVault(path.join(dir, 'b'), '00000000-0000-4000-8000-0000000000b3');
  a.add({ name: 'start' }, 'glpat-start');
  await setupSync(a, 'pw', place, { kind: 'folder', where: folder }, 'laptop');
  await sync(a, place);
  await joinSync(b, 'pw', place, { kind: 'folder', where: folder }, a.vaultId, 'desktop');
  await syncNow(b, place, { joining: true, keysFromPassword: true });
  expect((await sync(a, place)).problem ?? null).toBeNull();
  const bDir = path.join(folder, syncFolderName(a.vaultId), needLocal(b).deviceId);
  const newestSeg = () => fs.readdirSync(bDir).filter((f) => f.startsWith('seg-')).sort().at(-1)!;
  const newestJson = () => JSON.parse(fs.readFileSync(path.join(bDir, NEWEST_FILE), 'utf8')) as { seq: number; mac: string };
  return { dir, folder, place, a, b, bDir, newestSeg, newestJson };
}

const names = (v: MemoryVault) => v.list().map((e) => e.name);

describe("another device's newest change missing from the place", () => {
  it('is SEGMENT_MISSING, not "Synced"; what is there merges, and the change once back', async () => {
    const { dir, place, a, b, bDir, newestSeg } = await twoDevices();
    b.add({ name: 'first' }, 'glpat-first');
    await sync(b, place);
    b.add({ name: 'second' }, 'glpat-second');
    await sync(b, place);
    const seg = newestSeg();
    fs.renameSync(path.join(bDir, seg), path.join(dir, seg));

    const report = await sync(a, place);
    expect(report.problem?.code).toBe('SEGMENT_MISSING');
    expect(report.problem?.message).toMatch(/"desktop" names change \d+ as its newest, but holds changes only up to \d+/);
    expect(report.problem?.message).toMatch(/still be carrying/);
    expect(report.refused).toEqual([]);
    expect(names(a)).toEqual(['first', 'start']);
    expect(syncStatus(a).lastSync).toMatchObject({ ok: false, code: 'SEGMENT_MISSING' });
    expect(syncStatus(a).lastSync!.message).not.toMatch(/Synced/);

    fs.renameSync(path.join(dir, seg), path.join(bDir, seg));
    const back = await sync(a, place);
    expect(back.problem ?? null).toBeNull();
    expect(names(a)).toEqual(['first', 'second', 'start']);
    expect(syncStatus(a).lastSync).toMatchObject({ ok: true, message: 'Synced.' });
  });

  it('deleted for good: the next sync on that device writes its replica whole again, and it arrives', async () => {
    const { place, a, b, bDir, newestSeg } = await twoDevices();
    b.add({ name: 'deleted-change' }, 'glpat-deleted');
    await sync(b, place);
    fs.rmSync(path.join(bDir, newestSeg()));
    expect((await sync(a, place)).problem?.code).toBe('SEGMENT_MISSING');
    expect(names(a)).toEqual(['start']);
    await sync(b, place);
    const report = await sync(a, place);
    expect(report.problem ?? null).toBeNull();
    expect(names(a)).toEqual(['deleted-change', 'start']);
  });

  it('a newest.json that does not authenticate (raised, lowered, or another device\'s) is refused and nothing of that replica merges', async () => {
    for (const tamper of ['raised', 'lowered', 'moved'] as const) {
      const { folder, place, a, b, bDir, newestJson } = await twoDevices();
      b.add({ name: 'from-b' }, 'glpat-from-b');
      await sync(b, place);
      const file = path.join(bDir, NEWEST_FILE);
      const real = newestJson();
      if (tamper === 'moved') {
        const aDir = path.join(folder, syncFolderName(a.vaultId), needLocal(a).deviceId);
        const theirs = JSON.parse(fs.readFileSync(path.join(aDir, NEWEST_FILE), 'utf8')) as Record<string, unknown>;
        fs.writeFileSync(file, JSON.stringify({ ...theirs, deviceId: needLocal(b).deviceId }));
      } else fs.writeFileSync(file, JSON.stringify({ ...real, seq: tamper === 'raised' ? real.seq + 5 : real.seq - 1 }));
      const report = await sync(a, place);
      expect(report.problem?.code, tamper).toBe('REPLICA_REFUSED');
      expect(report.refused[0]?.why, tamper).toMatch(/replica of desktop was refused, and nothing of it merged: its newest\.json\b.*does not authenticate/);
      expect(names(a), tamper).toEqual(['start']);
    }
  });

  it('a newest.json put back older, or removed, does not hide a change this device has seen named', async () => {
    const { dir, place, a, b, bDir, newestSeg } = await twoDevices();
    const older = fs.readFileSync(path.join(bDir, NEWEST_FILE));
    b.add({ name: 'hidden' }, 'glpat-hidden');
    await sync(b, place);
    const seg = newestSeg();
    fs.renameSync(path.join(bDir, seg), path.join(dir, seg));
    expect((await sync(a, place)).problem?.code).toBe('SEGMENT_MISSING');

    fs.writeFileSync(path.join(bDir, NEWEST_FILE), older);
    const rolledBack = await sync(a, place);
    expect(rolledBack.problem?.code).toBe('SEGMENT_MISSING');
    expect(rolledBack.problem?.message).toMatch(/names change \d+ as its newest/);

    fs.rmSync(path.join(bDir, NEWEST_FILE));
    const removed = await sync(a, place);
    expect(removed.problem?.code).toBe('SEGMENT_MISSING');
    expect(names(a)).toEqual(['start']);

    fs.renameSync(path.join(dir, seg), path.join(bDir, seg));
    expect((await sync(a, place)).problem?.code).toBe('SEGMENT_MISSING'); // its newest.json is still gone
    await sync(b, place); // writes it again
    expect((await sync(a, place)).problem ?? null).toBeNull();
    expect(names(a)).toEqual(['hidden', 'start']);
  });

  it('a newest.json older than the segments there (rolled back, or not carried yet) merges them all and says Synced', async () => {
    const { place, a, b, bDir } = await twoDevices();
    const older = fs.readFileSync(path.join(bDir, NEWEST_FILE));
    b.add({ name: 'beyond-1' }, 'glpat-beyond-1');
    await sync(b, place);
    b.add({ name: 'beyond-2' }, 'glpat-beyond-2');
    await sync(b, place);
    fs.writeFileSync(path.join(bDir, NEWEST_FILE), older);
    const report = await sync(a, place);
    expect(report.problem ?? null).toBeNull();
    expect(names(a)).toEqual(['beyond-1', 'beyond-2', 'start']);
  });

  it("a change hidden with an older newest.json this device never saw past: a third device's later changes name it, so not \"Synced\"", async () => {
    const { dir, place, a, b, bDir, newestSeg } = await twoDevices();
    const c = new MemoryVault(path.join(dir, 'c'), '00000000-0000-4000-8000-0000000000c4');
    await joinSync(c, 'pw', place, { kind: 'folder', where: place.root }, a.vaultId, 'third');
    await syncNow(c, place, { joining: true, keysFromPassword: true });
    expect((await sync(a, place)).problem ?? null).toBeNull();
    const older = fs.readFileSync(path.join(bDir, NEWEST_FILE));
    b.add({ name: 'hidden' }, 'glpat-hidden');
    await sync(b, place);
    await sync(c, place); // takes B's change in, then makes one of its own after it
    c.add({ name: 'from-third' }, 'glpat-from-third');
    await sync(c, place);
    const seg = newestSeg();
    fs.renameSync(path.join(bDir, seg), path.join(dir, seg));
    fs.writeFileSync(path.join(bDir, NEWEST_FILE), older);

    const report = await sync(a, place);
    expect(report.problem?.code).toBe('SEGMENT_MISSING');
    expect(report.problem?.message).toMatch(/Changes of "third" were not merged: they were made after change \d+ of "desktop", which is not in the sync place/);
    expect(names(a)).toEqual(['start']);

    await sync(b, place); // finds its replica short of itself and writes it whole again
    expect((await sync(a, place)).problem ?? null).toBeNull();
    expect(names(a)).toEqual(['from-third', 'hidden', 'start']);
  });

  it('a replica without newest.json (a device on an older build) syncs as before', async () => {
    const { dir, place, a, b, bDir } = await twoDevices();
    // Device A has seen B's newest.json already; a third device that never has reads B as an old writer.
    const c = new MemoryVault(path.join(dir, 'c'), '00000000-0000-4000-8000-0000000000c3');
    b.add({ name: 'old-writer' }, 'glpat-old-writer');
    await sync(b, place);
    fs.rmSync(path.join(bDir, NEWEST_FILE));
    await joinSync(c, 'pw', place, { kind: 'folder', where: place.root }, a.vaultId, 'third');
    const joined = await syncNow(c, place, { joining: true, keysFromPassword: true });
    expect(joined.problem ?? null).toBeNull();
    expect(names(c)).toEqual(['old-writer', 'start']);
    expect(syncStatus(c).lastSync).toMatchObject({ ok: true, message: 'Synced.' });
  });
});
