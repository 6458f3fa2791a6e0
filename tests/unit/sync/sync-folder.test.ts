import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { syncNow } from '../../../electron/sync/engine';
import { FolderPlace } from '../../../electron/sync/place';
import { findSyncId, joinSync, setupSync } from '../../../electron/sync/setup';
import { TEST_KDF } from '../../../electron/vault/kdf';
import { Vault } from '../../../electron/vault/vault';
import { PASSWORD, tempDir } from '../../helpers/vault-fixture';

const open: Vault[] = [];
afterEach(() => {
  for (const v of open.splice(0)) v.close();
});

async function device(dir: string, name: string): Promise<Vault> {
  const v = await Vault.create(path.join(dir, `${name}.tokenvault`), PASSWORD, { kdf: TEST_KDF });
  open.push(v);
  return v;
}

async function pair() {
  const dir = tempDir('tv-sync-');
  const folder = path.join(dir, 'Sync');
  fs.mkdirSync(folder);
  const place = new FolderPlace(folder);
  const a = await device(dir, 'a');
  a.add({ name: 'ci-token', instance: 'gitlab.com' }, 'glpat-aaaaaaaaaaaaaaaaaaaa');
  await setupSync(a, PASSWORD, place, { kind: 'folder', where: folder }, 'laptop');
  await syncNow(a, place);
  const b = await device(dir, 'b');
  const { findSyncId } = await import('../../../electron/sync/setup');
  await joinSync(b, PASSWORD, place, { kind: 'folder', where: folder }, await findSyncId(place), 'desktop');
  await syncNow(b, place, { joining: true });
  return { dir, folder, place, a, b };
}

describe('sync through a folder', () => {
  it('a joined device gets the tokens, with the same ids and secrets', async () => {
    const { a, b } = await pair();
    const [entry] = b.list();
    expect(entry!.name).toBe('ci-token');
    expect(entry!.id).toBe(a.list()[0]!.id);
    expect(b.readSecret(entry!.id)).toBe('glpat-aaaaaaaaaaaaaaaaaaaa');
  });

  it('edits on both sides meet: different fields both stay, the same field keeps the later and notes the other', async () => {
    const { a, b, place } = await pair();
    const id = a.list()[0]!.id;
    a.update(id, { description: 'from A' });
    b.update(id, { scopes: ['api'] });
    await new Promise((r) => setTimeout(r, 5));
    b.update(id, { description: 'from B' });
    await syncNow(a, place);
    await syncNow(b, place);
    await syncNow(a, place);
    await syncNow(b, place);
    const ea = a.get(id);
    const eb = b.get(id);
    expect(ea).toEqual(eb);
    expect(ea.scopes).toEqual(['api']);
    expect(ea.description).toBe('from B');
    expect(ea.history.some((h) => h.note?.includes('"from A"'))).toBe(true);
  });
});

describe('joining where the place holds several vaults', () => {
  it('lists each vault with its devices and last write, and joins the one named with its id', async () => {
    const dir = tempDir('tv-sync-many-');
    const folder = path.join(dir, 'Sync');
    fs.mkdirSync(folder);
    const place = new FolderPlace(folder);
    const work = await device(dir, 'work');
    const home = await device(dir, 'home');
    work.add({ name: 'work-token' }, 'glpat-work-0000000000000');
    home.add({ name: 'home-token' }, 'glpat-home-0000000000000');
    for (const v of [work, home]) {
      await setupSync(v, PASSWORD, place, { kind: 'folder', where: folder }, 'first device');
      await syncNow(v, place);
    }
    const error = await findSyncId(place).then(() => null, (e: Error) => e);
    expect(error?.message).toMatch(/holds replicas of 2 vaults: /);
    for (const v of [work, home]) expect(error?.message).toMatch(new RegExp(`${v.vaultId} \\(1 device, last written \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\)`));
    expect(error?.message).toMatch(/Say which with --vault-id ID\.$/);
    expect(await findSyncId(place, home.vaultId)).toBe(home.vaultId);
  });
});
