// Sync through a real git remote (a bare repository over file://): two devices pushing at the
// same moment both land (the loser of the race rebases and pushes again), and they converge.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { syncNow } from '../../../electron/sync/engine';
import { GitPlace } from '../../../electron/sync/git-place';
import { syncVault } from '../../../electron/sync/run';
import { joinSync, setupSync } from '../../../electron/sync/setup';
import { syncStatus } from '../../../electron/sync/status';
import { MemoryVault } from '../../helpers/memory-vault';
import { bareRemote, deviceOnGitRemote, refusePushes } from '../../helpers/git-remote';
import { tempDir } from '../../helpers/vault-fixture';

describe('sync through a git remote', () => {
  it('two clones pushing at the same moment both land, and the devices converge', async () => {
    const dir = tempDir('tv-git-');
    const { bare, url } = bareRemote(dir);
    const a = new MemoryVault(path.join(dir, 'a'), '00000000-0000-4000-8000-00000000000a');
    const b = new MemoryVault(path.join(dir, 'b'), '00000000-0000-4000-8000-00000000000b');
    const placeA = new GitPlace(url, path.join(dir, 'a-clone'));
    const placeB = new GitPlace(url, path.join(dir, 'b-clone'));
    a.add({ name: 'first' }, 'glpat-first');
    await setupSync(a, 'pw', placeA, { kind: 'git', where: url }, 'A');
    await syncNow(a, placeA);
    await joinSync(b, 'pw', placeB, { kind: 'git', where: url }, a.vaultId, 'B');
    await syncNow(b, placeB, { joining: true });
    expect(b.list().map((e) => e.name)).toEqual(['first']);

    for (let i = 0; i < 2; i++) {
      a.add({ name: `from-a-${i}` }, `glpat-a-${i}`);
      b.add({ name: `from-b-${i}` }, `glpat-b-${i}`);
      const [ra, rb] = await Promise.all([syncNow(a, placeA), syncNow(b, placeB)]);
      expect(ra.offline).toBeNull();
      expect(rb.offline).toBeNull();
    }
    await syncNow(a, placeA);
    await syncNow(b, placeB);
    await syncNow(a, placeA);
    const names = (v: MemoryVault) => v.list().map((e) => e.name);
    expect(names(a)).toEqual(names(b));
    expect(names(a)).toHaveLength(5);
    // Every device only added files in its own folder: the history has no merge commits.
    const merges = execFileSync('git', ['--git-dir', bare, 'rev-list', '--merges', '--count', 'main'], { encoding: 'utf8' }).trim();
    expect(merges).toBe('0');
  }, 300_000);

  it('an unreachable remote is reported, and the vault keeps working', async () => {
    const dir = tempDir('tv-git-');
    const a = new MemoryVault(path.join(dir, 'a'), '00000000-0000-4000-8000-00000000000a');
    const { bare, url } = bareRemote(dir);
    const place = new GitPlace(url, path.join(dir, 'clone'));
    await setupSync(a, 'pw', place, { kind: 'git', where: url }, 'A');
    await syncNow(a, place);
    execFileSync('mv', [bare, `${bare}.gone`]);
    a.add({ name: 'made offline' }, 'glpat-offline');
    const report = await syncNow(a, place);
    expect(report.offline).toMatch(/failed for the git remote/);
    expect(a.list().map((e) => e.name)).toEqual(['made offline']);
    execFileSync('mv', [`${bare}.gone`, bare]);
    const back = await syncNow(a, place);
    expect(back.offline).toBeNull();
    expect(back.sent).toBeGreaterThan(0);
  }, 300_000);
});

describe('a remote that refuses the push (a pre-receive hook, a protected branch)', () => {
  it('the status says the changes did not go out, and why; the next sync that can push sends them', async () => {
    const { a, place, bare } = await deviceOnGitRemote(tempDir('tv-git-refuse-'));
    expect(syncStatus(a).lastSync).toMatchObject({ ok: true });
    const allowPushes = refusePushes(bare, 'pushes to this repository are frozen');
    a.add({ name: 'made while refused' }, 'glpat-refused-0001');
    const report = await syncVault(a, {}, place);
    expect(report.offline).toMatch(/not sent/);
    const status = syncStatus(a);
    expect(status.lastSync).toMatchObject({ ok: false });
    expect(status.lastSync!.message).toMatch(/not sent/);
    expect(status.lastSync!.message).toContain('pushes to this repository are frozen');
    expect(status.lastSync!.message).not.toMatch(/^Synced/);
    const remoteLog = () => execFileSync('git', ['--git-dir', bare, 'log', '--oneline', 'main'], { encoding: 'utf8' }).trim().split('\n').length;
    const before = remoteLog();

    allowPushes();
    const again = await syncVault(a, {}, place);
    expect(again.offline).toBeNull();
    expect(syncStatus(a).lastSync).toMatchObject({ ok: true });
    expect(remoteLog()).toBeGreaterThan(before);
  }, 300_000);
});
