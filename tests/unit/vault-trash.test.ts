// Issue 24 items 11 and 12, the vault's side: a deleted token waits in the Trash (30 days, as
// 1Password's and Bitwarden's do) and comes back whole; a secret the vault already holds is
// refused whatever the entry is called now; a replaced secret is kept and can be put back.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildLockedSchedule } from '../../electron/reminders/locked-schedule';
import { dueReminders } from '../../electron/reminders/schedule';
import { syncNow } from '../../electron/sync/engine';
import { FolderPlace } from '../../electron/sync/place';
import { findSyncId, joinSync, setupSync } from '../../electron/sync/setup';
import { AlreadyStored } from '../../electron/vault/errors';
import { TEST_KDF } from '../../electron/vault/kdf';
import { KEEP_PER_ENTRY } from '../../electron/vault/old-secrets';
import { SCHEMA_VERSION } from '../../electron/vault/schema';
import { TRASH_DAYS } from '../../electron/vault/types';
import { Vault } from '../../electron/vault/vault';
import { newVault, PASSWORD, tempDir } from '../helpers/vault-fixture';

const open: Vault[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const v of open.splice(0)) v.close();
});
const made = async () => {
  const v = await newVault();
  open.push(v);
  return v;
};

describe('the Trash', () => {
  it('a trashed token leaves the list, lookups by name and its name; it comes back whole, with history and where-used', async () => {
    const vault = await made();
    const e = vault.add({ name: 'ci-deploy', instance: 'gitlab.com', usedIn: ['acme/app:TOKEN'] }, 'glpat-trash-me-000000000');
    vault.trash(e.id);
    expect(vault.list().map((x) => x.name)).toEqual([]);
    expect(vault.listTrash().map((x) => x.id)).toEqual([e.id]);
    expect(() => vault.find('ci-deploy')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => vault.find(e.id)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(vault.findInTrash('ci-deploy').id).toBe(e.id);
    const back = vault.restoreFromTrash(e.id);
    expect(back.trashedAt).toBeUndefined();
    expect(back.usedIn).toEqual(['acme/app:TOKEN']);
    expect(back.history.map((h) => h.note)).toEqual([undefined, 'Moved to the Trash.', 'Restored from the Trash.']);
    expect(vault.find('ci-deploy').id).toBe(e.id);
    expect(vault.readSecret(e.id)).toBe('glpat-trash-me-000000000');
  });

  it('the Trash outlives lock and unlock; its name is free meanwhile, and a restore then comes back renamed', async () => {
    const vault = await made();
    const e = vault.add({ name: 'ci-deploy' }, 'glpat-first-00000000000');
    vault.trash(e.id);
    vault.lock();
    await vault.unlock(PASSWORD);
    expect(vault.listTrash()[0]!.trashedAt).toBeTruthy();
    vault.add({ name: 'ci-deploy' }, 'glpat-second-0000000000');
    expect(vault.restoreFromTrash(e.id).name).toBe('ci-deploy (restored)');
  });

  it('a trashed token gets no reminders, unlocked or locked; restored, it gets them again', async () => {
    const vault = await made();
    const soon = new Date(Date.now() + 3 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
    const e = vault.add({ name: 'expiring', expiresAt: soon }, 'glpat-expiring-000000000');
    const from = new Date();
    const to = new Date(Date.now() + 10 * 24 * 60 * 60 * 1000);
    // What main.ts hands the notifier and the locked schedule: vault.list().
    expect(dueReminders(vault.list(), [7, 1], from, to).length).toBeGreaterThan(0);
    vault.trash(e.id);
    expect(dueReminders(vault.list(), [7, 1], from, to)).toEqual([]);
    expect(buildLockedSchedule(vault.list(), [7, 1], from).items).toEqual([]);
    vault.restoreFromTrash(e.id);
    expect(dueReminders(vault.list(), [7, 1], from, to).length).toBeGreaterThan(0);
  });

  it(`purges what was trashed ${TRASH_DAYS} days ago, and only that`, async () => {
    const vault = await made();
    const old = vault.add({ name: 'old' }, 'glpat-old-0000000000000');
    const recent = vault.add({ name: 'recent' }, 'glpat-recent-0000000000');
    const day = 24 * 60 * 60 * 1000;
    vault.trash(old.id, new Date(Date.now() - (TRASH_DAYS + 1) * day));
    vault.trash(recent.id, new Date(Date.now() - (TRASH_DAYS - 1) * day));
    vault.lock();
    await vault.unlock(PASSWORD);
    expect(vault.listTrash().map((x) => x.name)).toEqual(['recent']);
    expect(() => vault.get(old.id)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('"Delete now" and "Empty Trash" delete for good, earlier secrets with them', async () => {
    const vault = await made();
    const a = vault.add({ name: 'a' }, 'glpat-a-000000000000000');
    vault.replaceSecret(a.id, 'glpat-a-111111111111111', {}, { at: new Date().toISOString(), action: 'rotated' });
    const b = vault.add({ name: 'b' }, 'glpat-b-000000000000000');
    vault.trash(a.id);
    vault.trash(b.id);
    expect(vault.emptyTrash()).toBe(2);
    expect(vault.listAll()).toEqual([]);
    const db = new Database(vault.path, { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM old_secrets').get()).toEqual({ n: 0 });
    db.close();
  });

  it('syncs as trashed (not as deleted), and a restore syncs back', async () => {
    const dir = tempDir('tv-trash-sync-');
    const folder = path.join(dir, 'Sync');
    fs.mkdirSync(folder);
    const place = new FolderPlace(folder);
    const a = await Vault.create(path.join(dir, 'a.tokenvault'), PASSWORD, { kdf: TEST_KDF });
    const b = await Vault.create(path.join(dir, 'b.tokenvault'), PASSWORD, { kdf: TEST_KDF });
    open.push(a, b);
    const e = a.add({ name: 'ci-token' }, 'glpat-synced-trash-000000');
    await setupSync(a, PASSWORD, place, { kind: 'folder', where: folder }, 'laptop');
    await syncNow(a, place);
    await joinSync(b, PASSWORD, place, { kind: 'folder', where: folder }, await findSyncId(place), 'desktop');
    await syncNow(b, place, { joining: true });
    a.trash(e.id);
    await syncNow(a, place);
    await syncNow(b, place);
    expect(b.list()).toEqual([]);
    expect(b.listTrash().map((x) => x.id)).toEqual([e.id]);
    b.restoreFromTrash(e.id);
    await syncNow(b, place);
    await syncNow(a, place);
    expect(a.list().map((x) => x.id)).toEqual([e.id]);
    expect(a.readSecret(e.id)).toBe('glpat-synced-trash-000000');
  });
});

describe('a secret already stored', () => {
  it('is refused under any name, after a rename too, and the refusal names the holder but never the secret', async () => {
    const vault = await made();
    const e = vault.add({ name: 'deploy' }, 'glpat-dup-0000000000000');
    vault.update(e.id, { name: 'ci-deploy-api' });
    let caught: unknown;
    try {
      vault.add({ name: 'something else' }, 'glpat-dup-0000000000000');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AlreadyStored);
    expect(caught).toMatchObject({ code: 'ALREADY_STORED', entryId: e.id, entryName: 'ci-deploy-api', inTrash: false });
    expect((caught as Error).message).not.toContain('glpat-dup');
    expect(vault.list()).toHaveLength(1);
  });

  it('is found in the Trash too, and as another token\'s new secret in Replace token…', async () => {
    const vault = await made();
    const a = vault.add({ name: 'a' }, 'glpat-held-by-a-00000000');
    const b = vault.add({ name: 'b' }, 'glpat-held-by-b-00000000');
    expect(() => vault.replaceSecret(b.id, 'glpat-held-by-a-00000000', {}, { at: new Date().toISOString(), action: 'edited' })).toThrow(expect.objectContaining({ code: 'ALREADY_STORED', entryId: a.id }));
    vault.trash(a.id);
    expect(() => vault.add({ name: 'c' }, 'glpat-held-by-a-00000000')).toThrow(expect.objectContaining({ code: 'ALREADY_STORED', inTrash: true }));
  });

  it('is found without opening a single secret (the keyed tag in the overview), after lock, unlock and a password change', async () => {
    const vault = await made();
    for (let i = 0; i < 20; i++) vault.add({ name: `t${i}` }, `glpat-${String(i).padStart(20, '0')}`);
    await vault.changePassword(PASSWORD, 'another password', { kdf: TEST_KDF });
    vault.lock();
    await vault.unlock('another password');
    const readSecret = vi.spyOn(vault, 'readSecret');
    expect(vault.holderOf(`glpat-${'7'.padStart(20, '0')}`)?.name).toBe('t7');
    expect(vault.holderOf('glpat-not-stored-000000')).toBeNull();
    expect(readSecret).not.toHaveBeenCalled();
  });

  it('a vault written before the tag gets it once at unlock (schema 6)', async () => {
    const vault = await made();
    const e = vault.add({ name: 'legacy' }, 'glpat-legacy-00000000000');
    vault.close();
    // As a vault from before this schema: no mark, so the next unlock tags (again) every row.
    const db = new Database(vault.path);
    db.prepare("DELETE FROM meta WHERE key = 'secret_tags'").run();
    db.close();
    const again = Vault.open(vault.path);
    open.push(again);
    await again.unlock(PASSWORD);
    expect(again.holderOf('glpat-legacy-00000000000')?.id).toBe(e.id);
    const check = new Database(vault.path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(check.prepare("SELECT value FROM meta WHERE key = 'secret_tags'").pluck().get()).toBe(1);
    check.close();
  });
});

describe('earlier secrets', () => {
  it('a replaced secret is kept with the expiry it had and can be put back; the current one is kept in turn', async () => {
    const vault = await made();
    const e = vault.add({ name: 'bot', expiresAt: '2026-01-10', scopes: ['read_api'] }, 'glpat-first-00000000000');
    vault.replaceSecret(e.id, 'glpat-second-0000000000', { expiresAt: '2027-01-10', scopes: ['api'] }, { at: new Date().toISOString(), action: 'rotated' });
    const kept = vault.oldSecrets(e.id);
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ expiresAt: '2026-01-10', scopes: ['read_api'] });
    expect(JSON.stringify(kept)).not.toContain('glpat-first');
    const back = vault.restoreOldSecret(e.id, kept[0]!.id);
    expect(vault.readSecret(e.id)).toBe('glpat-first-00000000000');
    expect(back).toMatchObject({ expiresAt: '2026-01-10', scopes: ['read_api'], lastVerifiedAt: null });
    // The one put back is current, so no longer listed; the one it replaced is kept in its place.
    expect(vault.oldSecrets(e.id)).toEqual([expect.objectContaining({ expiresAt: '2027-01-10', scopes: ['api'] })]);
  });

  it(`keeps the last ${KEEP_PER_ENTRY}, and they open after a password change (re-sealed under the new key)`, async () => {
    const vault = await made();
    const e = vault.add({ name: 'bot' }, 'glpat-v00-0000000000000');
    for (let i = 1; i <= KEEP_PER_ENTRY + 2; i++) vault.replaceSecret(e.id, `glpat-v${String(i).padStart(2, '0')}-0000000000000`, {}, { at: new Date().toISOString(), action: 'rotated' });
    expect(vault.oldSecrets(e.id)).toHaveLength(KEEP_PER_ENTRY);
    await vault.changePassword(PASSWORD, 'new one', { kdf: TEST_KDF });
    const newest = vault.oldSecrets(e.id)[0]!;
    vault.restoreOldSecret(e.id, newest.id);
    expect(vault.readSecret(e.id)).toBe(`glpat-v${String(KEEP_PER_ENTRY + 1).padStart(2, '0')}-0000000000000`);
  });

  it('a kept secret moved to another token does not open there (bound to its token)', async () => {
    const vault = await made();
    const a = vault.add({ name: 'a' }, 'glpat-a-old-000000000000');
    const b = vault.add({ name: 'b' }, 'glpat-b-old-000000000000');
    vault.replaceSecret(a.id, 'glpat-a-new-000000000000', {}, { at: new Date().toISOString(), action: 'rotated' });
    const kept = vault.oldSecrets(a.id)[0]!;
    const db = new Database(vault.path);
    db.prepare('UPDATE old_secrets SET entry_id = ? WHERE id = ?').run(b.id, kept.id);
    db.close();
    expect(() => vault.restoreOldSecret(b.id, kept.id)).toThrow(expect.objectContaining({ code: 'DAMAGED' }));
  });
});
