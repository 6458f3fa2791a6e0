// A new sync key must be vouched for by the key it replaces. Written from the side of someone who
// can write the sync place (a shared folder, push access to the git remote) but holds no sync key:
// they plant a device whose header carries a newer generation, its key wrapped under a password of
// their own. No device may take that key — not even when the person types the planted password
// when asked for "the new password" — and no device may call that sync "Synced". A device that
// missed two real changes still follows them; an old generation put back moves nothing.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { needLocal, syncNow, type SyncReport } from '../../electron/sync/engine';
import { GitPlace } from '../../electron/sync/git-place';
import { FolderPlace, type Place } from '../../electron/sync/place';
import { type DeviceHeader, syncFolderName, wrapSyncKey } from '../../electron/sync/replica-format';
import { ReplicaStore } from '../../electron/sync/replica-store';
import { giveNewPassword, joinSync, rekeySync, setupSync } from '../../electron/sync/setup';
import { syncStatus } from '../../electron/sync/status';
import { deriveKey } from '../../electron/vault/kdf';
import { loadSodium } from '../../electron/vault/sodium';
import { bareRemote } from '../helpers/git-remote';
import { MemoryVault } from '../helpers/memory-vault';
import { tempDir } from '../helpers/vault-fixture';

const ATTACKER_PW = 'the planted password';
const sync = (v: MemoryVault, place: Place): Promise<SyncReport> => syncNow(v, place, { keysFromPassword: true });

async function twoDevices(place: (name: string) => Place, where: string) {
  const a = new MemoryVault(tempDir('tv-vouch-a-'), '00000000-0000-4000-8000-0000000000aa');
  const b = new MemoryVault(tempDir('tv-vouch-b-'), '00000000-0000-4000-8000-0000000000bb');
  const [pa, pb] = [place('a'), place('b')];
  a.add({ name: 'ci-token' }, 'glpat-vouch-aaaaaaaa');
  await setupSync(a, 'pw', pa, { kind: 'folder', where }, 'laptop');
  await sync(a, pa);
  await joinSync(b, 'pw', pb, { kind: 'folder', where }, a.vaultId, 'desktop');
  await syncNow(b, pb, { joining: true, keysFromPassword: true });
  await sync(a, pa);
  return { a, b, pa, pb };
}

/** What the planter writes: a device folder whose header names generation `gen`, its key wrapped under ATTACKER_PW. */
async function plantHeader(root: string, syncId: string, gen: number, chain?: DeviceHeader['chain']): Promise<string> {
  const sodium = await loadSodium();
  const device = 'feedfacefeedface';
  const salt = sodium.randombytes_buf(sodium.crypto_pwhash_SALTBYTES);
  const kdf = { alg: 'argon2id13' as const, opsLimit: 1, memLimitBytes: 8192 };
  const kek = deriveKey(sodium, ATTACKER_PW, { ...kdf, salt });
  const header: DeviceHeader = {
    format: 'tokenvault-replica/1',
    syncId,
    deviceId: device,
    gen,
    kdf: { ...kdf, salt: Buffer.from(salt).toString('base64') },
    wrappedKey: wrapSyncKey(sodium, kek, syncId, gen, sodium.randombytes_buf(32)),
    syncedAt: new Date().toISOString(),
    ...(chain ? { chain } : {}),
  };
  new ReplicaStore(root, syncId).writeHeader(device, header);
  return device;
}

function expectKeyUnchanged(v: MemoryVault, gen: number, keys: Record<string, string>): void {
  expect(needLocal(v).gen).toBe(gen);
  expect(needLocal(v).keys).toEqual(keys);
}

describe('a sync key change must be vouched for by the key it replaces', () => {
  it('a planted newer generation is refused by name, no password is asked for it, and the planted password cannot make a device take it', async () => {
    const folder = tempDir('tv-vouch-folder-');
    const { a, b, pa, pb } = await twoDevices(() => new FolderPlace(folder), folder);
    await plantHeader(folder, a.vaultId, 7);
    const before = structuredClone(needLocal(b).keys);

    const report = await sync(b, pb);
    expect(report.needsPassword).toBe(false);
    expect(report.problem?.code).toBe('KEY_NOT_VOUCHED');
    expect(report.refused.map((r) => r.why).join(' ')).toMatch(/generation 7.*does not vouch for/);
    const status = syncStatus(b);
    expect(status.needsPassword).toBe(false);
    expect(status.lastSync).toMatchObject({ ok: false, code: 'KEY_NOT_VOUCHED' });
    expect(status.lastSync!.message).not.toMatch(/^Synced/);

    // The person, told by someone to type "the new password", types the planted one.
    await expect(giveNewPassword(b, ATTACKER_PW, pb)).rejects.toMatchObject({ code: 'KEY_NOT_VOUCHED' });
    expectKeyUnchanged(b, 1, before);
    // The devices still sync with each other, under the key they hold.
    a.add({ name: 'after-the-plant' }, 'glpat-after');
    await sync(a, pa);
    await sync(b, pb);
    expect(b.list().map((e) => e.name).sort()).toEqual(['after-the-plant', 'ci-token']);
  }, 120_000);

  it('a planted generation that copies a real key change and adds its own step is refused once its password is given', async () => {
    const folder = tempDir('tv-vouch-folder-');
    const { a, b, pa, pb } = await twoDevices(() => new FolderPlace(folder), folder);
    const before = structuredClone(needLocal(b).keys);
    await rekeySync(a, 'pw two', pa); // a real change: generation 2, vouched by generation 1
    const real = new ReplicaStore(folder, a.vaultId).header(needLocal(a).deviceId) as DeviceHeader;
    const sodium = await loadSodium();
    const forgedStep = { gen: 3, prev: 2, commit: real.chain![0]!.commit, vouch: Buffer.from(sodium.randombytes_buf(32)).toString('base64'), back: real.chain![0]!.back };
    await plantHeader(folder, a.vaultId, 3, [...real.chain!, forgedStep]);

    await expect(giveNewPassword(b, ATTACKER_PW, pb)).rejects.toMatchObject({ code: 'KEY_NOT_VOUCHED' });
    expectKeyUnchanged(b, 1, before);
    // The real new password still works, and the planted step stays refused afterwards.
    await giveNewPassword(b, 'pw two', pb);
    expect(needLocal(b).gen).toBe(2);
    const after = await sync(b, pb);
    expect(after.problem?.code).toBe('KEY_NOT_VOUCHED');
    expect(after.needsPassword).toBe(false);
  }, 120_000);

  it('files of a generation their own device.json does not carry are refused, not taken as a password change', async () => {
    const folder = tempDir('tv-vouch-folder-');
    const { a, b, pb } = await twoDevices(() => new FolderPlace(folder), folder);
    const own = path.join(folder, syncFolderName(a.vaultId), needLocal(a).deviceId);
    const next = (needLocal(b).state.applied[needLocal(a).deviceId] ?? 0) + 1;
    fs.writeFileSync(path.join(own, `seg-9-${String(next).padStart(10, '0')}.tv`), Buffer.alloc(64, 1));
    const report = await sync(b, pb);
    expect(report.needsPassword).toBe(false);
    expect(report.refused.map((r) => r.why).join(' ')).toMatch(/generation 9/);
    expect(syncStatus(b).lastSync).toMatchObject({ ok: false, code: 'REPLICA_REFUSED' });
  }, 120_000);

  it('a device offline across two password changes follows both, with the password set last, and keeps its own change', async () => {
    const folder = tempDir('tv-vouch-folder-');
    const { a, b, pa, pb } = await twoDevices(() => new FolderPlace(folder), folder);
    await rekeySync(a, 'pw two', pa);
    a.add({ name: 'under-two' }, 'glpat-two');
    await sync(a, pa);
    await rekeySync(a, 'pw three', pa);
    a.add({ name: 'under-three' }, 'glpat-three');
    await sync(a, pa);
    b.add({ name: 'made-offline' }, 'glpat-offline');

    const waiting = await sync(b, pb);
    expect(waiting.needsPassword).toBe(true);
    expect(waiting.problem?.code).toBe('NEEDS_PASSWORD');
    expect(syncStatus(b).lastSync?.ok).toBe(false);
    await expect(giveNewPassword(b, 'pw two', pb)).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    await giveNewPassword(b, 'pw three', pb);
    expect(needLocal(b).gen).toBe(3);
    expect(Object.keys(needLocal(b).keys).sort()).toEqual(['1', '2', '3']);
    const done = await sync(b, pb);
    expect(done.problem ?? null).toBeNull();
    expect(syncStatus(b).lastSync).toMatchObject({ ok: true, message: 'Synced.' });
    await sync(a, pa);
    const names = (v: MemoryVault) => v.list().map((e) => e.name).sort();
    expect(names(b)).toEqual(['ci-token', 'made-offline', 'under-three', 'under-two']);
    expect(names(a)).toEqual(names(b));
  }, 120_000);

  it('an old generation put back (replayed) moves no device back to it', async () => {
    const folder = tempDir('tv-vouch-folder-');
    const { a, b, pa, pb } = await twoDevices(() => new FolderPlace(folder), folder);
    const root = path.join(folder, syncFolderName(a.vaultId));
    const old = tempDir('tv-vouch-old-');
    fs.cpSync(root, old, { recursive: true });
    await rekeySync(a, 'pw two', pa);
    await giveNewPassword(b, 'pw two', pb);
    await sync(b, pb);
    // The replicas of generation 1, copied back over the new ones.
    fs.cpSync(old, root, { recursive: true });
    const report = await sync(b, pb);
    expect(report.needsPassword).toBe(false);
    expect(needLocal(b).gen).toBe(2);
    await giveNewPassword(b, 'pw', pb); // the old password: nothing newer to take
    expect(needLocal(b).gen).toBe(2);
  }, 120_000);

  it('through a git remote: a planted device pushed by someone with push access is refused, and sync says so', async () => {
    const dir = tempDir('tv-vouch-git-');
    const { url } = bareRemote(dir);
    const { a, b, pb } = await twoDevices((name) => new GitPlace(url, path.join(dir, `${name}-clone`)), url);
    // The planter's own clone of the remote.
    const planter = new GitPlace(url, path.join(dir, 'planter-clone'));
    await planter.pull();
    const device = await plantHeader(planter.root, a.vaultId, 2);
    await planter.publish(path.join(syncFolderName(a.vaultId), device), 'tokenvault: new key');

    const report = await sync(b, pb);
    expect(report.problem?.code).toBe('KEY_NOT_VOUCHED');
    expect(report.needsPassword).toBe(false);
    await expect(giveNewPassword(b, ATTACKER_PW, pb)).rejects.toMatchObject({ code: 'KEY_NOT_VOUCHED' });
    expect(needLocal(b).gen).toBe(1);
  }, 120_000);
});
