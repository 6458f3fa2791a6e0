// A lost device that still knows the OLD master password, after the owner forgot it and changed
// the password. Its copy holds the old sync key; with it the thief can vouch for a key of their
// own — but only from a generation the owner's devices have left. A device takes a new key only
// when the chain runs through the key it writes under now; a chain hanging off a superseded
// generation is refused by name, no password is asked, and typing the thief's password moves
// nothing. A device offline across two real changes (holding the oldest key) still follows them.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { forgetDevice, giveNewPassword, joinSync, rekeySync, setupSync } from '../../electron/sync/setup';
import { needLocal, syncNow, type SyncReport } from '../../electron/sync/engine';
import { FolderPlace, type Place } from '../../electron/sync/place';
import { syncFolderName } from '../../electron/sync/replica-format';
import { syncStatus } from '../../electron/sync/status';
import { MemoryVault } from '../helpers/memory-vault';
import { tempDir } from '../helpers/vault-fixture';

const sync = (v: MemoryVault, place: Place): Promise<SyncReport> => syncNow(v, place, { keysFromPassword: true });

/** The thief's device folder copied under a new device id, its device.json edited to match. */
function replant(folder: string, syncId: string, from: string, to: string): void {
  const root = path.join(folder, syncFolderName(syncId));
  fs.cpSync(path.join(root, from), path.join(root, to), { recursive: true });
  const file = path.join(root, to, 'device.json');
  fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, 'utf8')), deviceId: to }));
}

describe('a lost device that knows the old password', () => {
  it('cannot move the owner onto its key after "sync forget" and a password change, even when the owner types its password', async () => {
    const folder = tempDir('tv-lost-folder-');
    const place = new FolderPlace(folder);
    const owner = new MemoryVault(tempDir('tv-lost-a-'), '00000000-0000-4000-8000-0000000000a1');
    const lost = new MemoryVault(tempDir('tv-lost-b-'), '00000000-0000-4000-8000-0000000000b1');
    const offline = new MemoryVault(tempDir('tv-lost-c-'), '00000000-0000-4000-8000-0000000000c1');
    owner.add({ name: 'ci-token' }, 'glpat-lost-aaaaaaaa');
    await setupSync(owner, 'pw', place, { kind: 'folder', where: folder }, 'laptop');
    await sync(owner, place);
    for (const [v, name] of [[lost, 'lost'], [offline, 'offline']] as const) {
      await joinSync(v, 'pw', place, { kind: 'folder', where: folder }, owner.vaultId, name);
      await syncNow(v, place, { joining: true, keysFromPassword: true });
    }
    await sync(owner, place);
    forgetDevice(owner, needLocal(lost).deviceId);
    await rekeySync(owner, 'pw two', place); // generation 2, vouched by 1
    const keysBefore = structuredClone(needLocal(owner).keys);

    // The thief changes the password on the lost copy: generation 3, vouched by generation 1 only.
    await rekeySync(lost, 'thief', place);
    expect(needLocal(lost).gen).toBe(3);
    replant(folder, owner.vaultId, needLocal(lost).deviceId, 'feedfacefeed0001');

    const report = await sync(owner, place);
    expect(report.needsPassword).toBe(false);
    expect(report.problem?.code).toBe('KEY_NOT_VOUCHED');
    expect(syncStatus(owner)).toMatchObject({ needsPassword: false, lastSync: { ok: false, code: 'KEY_NOT_VOUCHED' } });
    await expect(giveNewPassword(owner, 'thief', place)).rejects.toMatchObject({ code: 'KEY_NOT_VOUCHED' });
    expect(needLocal(owner).gen).toBe(2);
    expect(needLocal(owner).keys).toEqual(keysBefore);

    // The device that missed the real change still holds generation 1 only: for it, both the real
    // generation 2 and the thief's 3 hang off the key it holds. It must not be asked for the
    // thief's password in place of the owner's, and the owner's password still brings it to 2.
    await giveNewPassword(offline, 'pw two', place);
    expect(needLocal(offline).gen).toBe(2);
    const after = await sync(offline, place);
    expect(after.problem?.code).toBe('KEY_NOT_VOUCHED');
    expect(after.needsPassword).toBe(false);
    await expect(giveNewPassword(offline, 'thief', place)).rejects.toMatchObject({ code: 'KEY_NOT_VOUCHED' });
    expect(needLocal(offline).gen).toBe(2);
  }, 180_000);
});
