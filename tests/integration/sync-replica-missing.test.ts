// The sync folder swapped for an empty one (a mount point whose disk is not mounted, a cloud
// folder not yet fetched): every other device's replica is gone. A sync that read none of them
// must not say "Synced" — not in its report, its status, nor anywhere in the CLI's output — and
// must say what to check. A forgotten device's replica removed on purpose, and the first sync
// into an empty place, stay plain "Synced".
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { needLocal, syncNow, type SyncReport } from '../../electron/sync/engine';
import { FolderPlace, type Place } from '../../electron/sync/place';
import { syncFolderName } from '../../electron/sync/replica-format';
import { forgetDevice, joinSync, setupSync } from '../../electron/sync/setup';
import { syncStatus } from '../../electron/sync/status';
import { MemoryVault } from '../helpers/memory-vault';
import { runCli } from '../helpers/run-cli';
import { tempDir } from '../helpers/vault-fixture';

const sync = (v: MemoryVault, place: Place): Promise<SyncReport> => syncNow(v, place, { keysFromPassword: true });

async function twoDevices(folder: string) {
  const place = new FolderPlace(folder);
  const a = new MemoryVault(tempDir('tv-miss-a-'), '00000000-0000-4000-8000-0000000000a2');
  const b = new MemoryVault(tempDir('tv-miss-b-'), '00000000-0000-4000-8000-0000000000b2');
  a.add({ name: 'ci-token' }, 'glpat-miss-aaaaaaaa');
  await setupSync(a, 'pw', place, { kind: 'folder', where: folder }, 'laptop');
  const first = await sync(a, place);
  expect(first.problem ?? null).toBeNull(); // the first sync into an empty place is whole
  await joinSync(b, 'pw', place, { kind: 'folder', where: folder }, a.vaultId, 'desktop');
  await syncNow(b, place, { joining: true, keysFromPassword: true });
  await sync(a, place);
  return { a, b, place };
}

describe('a known device whose replica is gone', () => {
  it('the folder swapped for an empty one: not "Synced", REPLICA_MISSING, and a sentence saying what to check', async () => {
    const folder = tempDir('tv-miss-folder-');
    const { a, place } = await twoDevices(folder);
    fs.renameSync(folder, `${folder}.away`);
    fs.mkdirSync(folder);
    a.add({ name: 'while-unmounted' }, 'glpat-unmounted');
    const report = await sync(a, place);
    expect(report.problem?.code).toBe('REPLICA_MISSING');
    expect(report.problem?.message).toMatch(/desktop/);
    expect(report.problem?.message).toMatch(/mounted|reachable/);
    expect(syncStatus(a).lastSync).toMatchObject({ ok: false, code: 'REPLICA_MISSING' });
    expect(syncStatus(a).lastSync!.message).not.toMatch(/Synced/);
  }, 120_000);

  it('a forgotten device whose replica was removed on purpose leaves the sync whole', async () => {
    const folder = tempDir('tv-miss-folder-');
    const { a, b, place } = await twoDevices(folder);
    forgetDevice(a, needLocal(b).deviceId);
    fs.rmSync(path.join(folder, syncFolderName(a.vaultId), needLocal(b).deviceId), { recursive: true });
    const report = await sync(a, place);
    expect(report.problem ?? null).toBeNull();
    expect(syncStatus(a).lastSync).toMatchObject({ ok: true, message: 'Synced.' });
  }, 120_000);

  it('tokenvault sync now against the emptied folder prints no "Synced", names REPLICA_MISSING and exits 1', () => {
    const dir = tempDir('tv-cli-miss-');
    const runtime = tempDir('tv-run-');
    fs.chmodSync(runtime, 0o700);
    const folder = path.join(dir, 'Sync');
    fs.mkdirSync(folder);
    const PW = 'sync master password';
    const cli = (vault: string, args: string[], input: string) => runCli(['--vault', path.join(dir, vault), ...args], input, { XDG_RUNTIME_DIR: runtime });
    expect(cli('d1.tokenvault', ['init', '--decryption-time', '100'], `${PW}\n${PW}\n`).status).toBe(0);
    expect(cli('d1.tokenvault', ['sync', 'setup', '--folder', folder, '--name', 'laptop'], `${PW}\n`).status).toBe(0);
    expect(cli('d2.tokenvault', ['sync', 'join', '--folder', folder, '--name', 'desktop', '--decryption-time', '100'], `${PW}\n`).status).toBe(0);
    const whole = cli('d1.tokenvault', ['sync', 'now'], `${PW}\n`);
    expect(whole.stdout).toMatch(/^Synced with/m);
    fs.renameSync(folder, `${folder}.away`);
    fs.mkdirSync(folder);
    const now = cli('d1.tokenvault', ['sync', 'now'], `${PW}\n`);
    expect(`${now.stdout}\n${now.stderr}`).not.toMatch(/Synced\b(?! with)|^Synced/m);
    expect(now.stdout).toMatch(/^Not fully synced with the folder .* \(REPLICA_MISSING; see below\)/m);
    expect(now.stderr).toMatch(/mounted|reachable/);
    expect(now.status).toBe(1);
    const status = JSON.parse(cli('d1.tokenvault', ['sync', 'status', '--json'], `${PW}\n`).stdout);
    expect(status.lastSync).toMatchObject({ ok: false, code: 'REPLICA_MISSING' });
  }, 300_000);
});
