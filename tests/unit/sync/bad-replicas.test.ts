// Hostile or broken things in the synced place: a sync engine's conflict and temp copies, a
// tampered, truncated or gapped replica, another vault's replica, and an older copy put back.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { syncNow } from '../../../electron/sync/engine';
import { decodeLocal } from '../../../electron/sync/local-state';
import { FolderPlace } from '../../../electron/sync/place';
import { joinSync, setupSync } from '../../../electron/sync/setup';
import { MemoryVault } from '../../helpers/memory-vault';
import { tempDir } from '../../helpers/vault-fixture';

async function twoDevices(syncId = '00000000-0000-4000-8000-0000000000a1') {
  const dir = tempDir('tv-bad-');
  const folder = path.join(dir, 'Sync');
  fs.mkdirSync(folder);
  const place = new FolderPlace(folder);
  const a = new MemoryVault(path.join(dir, 'a'), syncId);
  const b = new MemoryVault(path.join(dir, 'b'), '00000000-0000-4000-8000-0000000000b1');
  a.add({ name: 'start' }, 'glpat-start');
  await setupSync(a, 'pw', place, { kind: 'folder', where: folder }, 'laptop');
  await syncNow(a, place);
  await joinSync(b, 'pw', place, { kind: 'folder', where: folder }, syncId, 'desktop');
  await syncNow(b, place, { joining: true });
  await syncNow(a, place);
  const group = path.join(folder, `tokenvault-${syncId}`);
  const folderOf = (v: MemoryVault) => path.join(group, fs.readdirSync(group).find((d) => fs.existsSync(path.join(group, d, 'device.json')) && JSON.parse(fs.readFileSync(path.join(group, d, 'device.json'), 'utf8')).deviceId === deviceIdOf(v))!);
  return { dir, folder, place, a, b, group, folderOf };
}

const deviceIdOf = (v: MemoryVault): string => decodeLocal(v.readSyncState()!).deviceId;

const segments = (dir: string) => fs.readdirSync(dir).filter((f) => f.startsWith('seg-')).sort();

describe('bad input in the synced place', () => {
  it('ignores Syncthing and Dropbox conflict and temp copies beside the replicas', async () => {
    const { place, a, b, group, folderOf } = await twoDevices();
    b.add({ name: 'from-b' }, 'glpat-b');
    await syncNow(b, place);
    const bDir = folderOf(b);
    const seg = segments(bDir).at(-1)!;
    // Copies an engine makes when two writers race; each holds a (here: garbage) replica file.
    fs.writeFileSync(path.join(bDir, seg.replace('.tv', '.sync-conflict-20261206-101010-ABCDEFG.tv')), 'garbage');
    fs.writeFileSync(path.join(bDir, `${seg} (conflicted copy 2026-12-06)`), 'garbage');
    fs.writeFileSync(path.join(bDir, `.syncthing.${seg}.tmp`), 'garbage');
    fs.writeFileSync(path.join(bDir, `~syncthing~${seg}.tmp`), 'garbage');
    fs.writeFileSync(path.join(bDir, 'device (conflicted copy).json'), '{}');
    fs.mkdirSync(path.join(group, `${path.basename(bDir)} (conflicted copy)`));
    fs.writeFileSync(path.join(group, `${path.basename(bDir)}.sync-conflict-1`), 'x');
    const report = await syncNow(a, place);
    expect(report.refused).toEqual([]);
    expect(a.list().map((e) => e.name)).toEqual(['from-b', 'start']);
  });

  it.each([
    ['tampered', (file: string) => {
      const bytes = fs.readFileSync(file);
      bytes.writeUInt8(bytes.readUInt8(bytes.length - 5) ^ 1, bytes.length - 5);
      fs.writeFileSync(file, bytes);
    }],
    ['truncated', (file: string) => fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2))],
  ])('refuses a %s replica whole, names the device, and merges nothing of it', async (_what, damage) => {
    const { place, a, b, folderOf } = await twoDevices();
    b.add({ name: 'first-of-two' }, 'glpat-1');
    await syncNow(b, place);
    b.add({ name: 'second-of-two' }, 'glpat-2');
    await syncNow(b, place);
    damage(path.join(folderOf(b), segments(folderOf(b)).at(-1)!));
    const report = await syncNow(a, place);
    expect(report.refused).toHaveLength(1);
    expect(report.refused[0]!.why).toMatch(/replica of desktop was refused, and nothing of it merged/);
    // Not even the intact change before the damaged one.
    expect(a.list().map((e) => e.name)).toEqual(['start']);
  });

  it('refuses a replica with a change missing from the middle', async () => {
    const { place, a, b, folderOf } = await twoDevices();
    for (const n of [1, 2, 3]) {
      b.add({ name: `b-${n}` }, `glpat-${n}`);
      await syncNow(b, place);
    }
    const segs = segments(folderOf(b));
    fs.rmSync(path.join(folderOf(b), segs[segs.length - 2]!));
    const report = await syncNow(a, place);
    expect(report.refused[0]?.why).toMatch(/missing/);
    expect(a.list().map((e) => e.name)).toEqual(['start']);
  });

  it('refuses the replica of another vault put among this one\'s', async () => {
    const mine = await twoDevices();
    const other = await twoDevices('00000000-0000-4000-8000-0000000000c1');
    other.b.add({ name: 'not-ours' }, 'glpat-x');
    await syncNow(other.b, other.place);
    const stranger = other.folderOf(other.b);
    fs.cpSync(stranger, path.join(mine.group, path.basename(stranger)), { recursive: true });
    const report = await syncNow(mine.a, mine.place);
    expect(report.refused[0]?.why).toMatch(/belongs to another vault/);
    expect(mine.a.list().map((e) => e.name)).toEqual(['start']);
  });

  it('loses nothing when an older copy of a replica is put back', async () => {
    const { dir, place, a, b, folderOf } = await twoDevices();
    const bDir = folderOf(b);
    const old = path.join(dir, 'old-copy');
    fs.cpSync(bDir, old, { recursive: true });
    b.add({ name: 'later' }, 'glpat-later');
    await syncNow(b, place);
    await syncNow(a, place);
    fs.rmSync(bDir, { recursive: true });
    fs.cpSync(old, bDir, { recursive: true });
    const report = await syncNow(a, place);
    expect(report.refused).toEqual([]);
    expect(a.list().map((e) => e.name)).toEqual(['later', 'start']);
    // And B, finding its own replica older than itself, writes what is missing again.
    await syncNow(b, place);
    const c = new MemoryVault(path.join(dir, 'c'), '00000000-0000-4000-8000-0000000000d1');
    await joinSync(c, 'pw', place, { kind: 'folder', where: place.root }, a.vaultId, 'third');
    await syncNow(c, place, { joining: true });
    expect(c.list().map((e) => e.name)).toEqual(['later', 'start']);
  });
});
