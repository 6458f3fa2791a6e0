// Two devices change the master password before either has seen the other's change (Syncthing
// still carrying files, a git remote not pulled yet): each draws a new sync key for the same next
// generation. What must happen: neither calls the other's replica tampered, exactly one password
// is kept — the same one on both, chosen the same way whatever the order — the other device is told
// whose it is and asked for it, and once it is given nothing either device changed is lost.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { needLocal, syncNow, type SyncReport } from '../../../electron/sync/engine';
import { FolderPlace } from '../../../electron/sync/place';
import { findSyncId, giveNewPassword, joinSync, rekeySync, setupSync } from '../../../electron/sync/setup';
import { TEST_KDF } from '../../../electron/vault/kdf';
import { Vault } from '../../../electron/vault/vault';
import { PASSWORD, tempDir } from '../../helpers/vault-fixture';

const open: Vault[] = [];
afterEach(() => {
  for (const v of open.splice(0)) v.close();
});

const PW_LAPTOP = 'the laptop chose this one';
const PW_DESKTOP = 'the desktop chose this one';
/** As the app and `tokenvault sync now` run the engine: its keys come from the master password. */
const sync = (v: Vault, place: FolderPlace): Promise<SyncReport> => syncNow(v, place, { keysFromPassword: true });

async function device(dir: string, name: string): Promise<Vault> {
  const v = await Vault.create(path.join(dir, `${name}.tokenvault`), PASSWORD, { kdf: TEST_KDF });
  open.push(v);
  return v;
}

async function pair() {
  const dir = tempDir('tv-sync-race-');
  const folder = path.join(dir, 'Sync');
  fs.mkdirSync(folder);
  const place = new FolderPlace(folder);
  const laptop = await device(dir, 'laptop');
  laptop.add({ name: 'ci-token', instance: 'gitlab.com' }, 'glpat-race-aaaaaaaaaaaaaaaa');
  await setupSync(laptop, PASSWORD, place, { kind: 'folder', where: folder }, 'laptop');
  await sync(laptop, place);
  const desktop = await device(dir, 'desktop');
  await joinSync(desktop, PASSWORD, place, { kind: 'folder', where: folder }, await findSyncId(place), 'desktop');
  await syncNow(desktop, place, { joining: true });
  await sync(laptop, place); // the laptop learns the desktop's name
  return { dir, folder, place, laptop, desktop };
}

/** The desktop changes its password while the laptop's change has not reached it: it re-keys against a copy of the folder from before. */
async function changeBothAtOnce(dir: string, folder: string, place: FolderPlace, laptop: Vault, desktop: Vault): Promise<void> {
  const before = path.join(dir, 'Sync-as-the-desktop-saw-it');
  fs.cpSync(folder, before, { recursive: true });
  await laptop.changePassword(PASSWORD, PW_LAPTOP, { kdf: TEST_KDF });
  await rekeySync(laptop, PW_LAPTOP, place);
  await desktop.changePassword(PASSWORD, PW_DESKTOP, { kdf: TEST_KDF });
  await rekeySync(desktop, PW_DESKTOP, new FolderPlace(before));
  // Then the sync tool delivers the desktop's replica folder.
  const [syncDir] = fs.readdirSync(before).filter((d) => d.startsWith('tokenvault-'));
  const mine = path.join(syncDir!, needLocal(desktop).deviceId);
  fs.rmSync(path.join(folder, mine), { recursive: true, force: true });
  fs.cpSync(path.join(before, mine), path.join(folder, mine), { recursive: true });
}

describe('two devices change the master password at the same time', () => {
  it('one password is kept on both, the other device is told whose and asked for it, and no change is lost', async () => {
    const { dir, folder, place, laptop, desktop } = await pair();
    const id = laptop.list()[0]!.id;
    await changeBothAtOnce(dir, folder, place, laptop, desktop);

    // Each goes on working and changes something after its own password change.
    laptop.update(id, { description: 'set on the laptop after its change' });
    desktop.add({ name: 'made-on-desktop' }, 'glpat-race-bbbbbbbbbbbbbbbb');
    const first = { laptop: await sync(laptop, place), desktop: await sync(desktop, place) };
    const again = { laptop: await sync(laptop, place), desktop: await sync(desktop, place) };

    // Nobody's replica is called tampered; exactly one of the two is asked for the other's password.
    for (const report of [first.laptop, first.desktop, again.laptop, again.desktop]) expect(report.refused).toEqual([]);
    const asked = [again.laptop.needsPassword, again.desktop.needsPassword];
    expect(asked.filter(Boolean)).toHaveLength(1);
    const loserIsLaptop = again.laptop.needsPassword;
    const [loser, winner, winnerName, winnerPassword] = loserIsLaptop ? [laptop, desktop, 'desktop', PW_DESKTOP] : [desktop, laptop, 'laptop', PW_LAPTOP];
    const loserName = loserIsLaptop ? 'laptop' : 'desktop';
    expect(needLocal(loser).lastSync?.message).toBe(
      `Another device ("${winnerName}") changed the master password at the same time as this one; sync keeps the password set there: give it here. Your changes here are kept meanwhile.`,
    );
    expect(needLocal(winner).lastSync?.message).toBe(
      `Another device ("${loserName}") changed the master password at the same time as this one; sync keeps the password set here, and "${loserName}" is asked for it. Its changes arrive once it is given there.`,
    );

    // The loser's own password is refused as the sync password; the winner's is taken.
    await expect(giveNewPassword(loser, loserIsLaptop ? PW_LAPTOP : PW_DESKTOP, place)).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    await giveNewPassword(loser, winnerPassword, place);
    for (let i = 0; i < 2; i++) {
      for (const v of [loser, winner]) {
        const report = await sync(v, place);
        expect(report.refused).toEqual([]);
        expect(report.needsPassword).toBe(false);
      }
    }
    // Both have both changes, and one sync key (the winner's) under one password.
    for (const v of [laptop, desktop]) {
      expect(v.get(id).description).toBe('set on the laptop after its change');
      expect(v.list().map((e) => e.name).sort()).toEqual(['ci-token', 'made-on-desktop']);
    }
    expect(needLocal(loser).header.wrappedKey).toBe(needLocal(winner).header.wrappedKey);
    expect(needLocal(loser).lastSync?.message).toBe('Synced.');
    expect(needLocal(winner).lastSync?.message).toBe('Synced.');
  }, 300_000);
});
