// Overview format 2 (schema 5): a vault written before it opens, is converted once at unlock
// and reads exactly as before; a converted row is one padding block; and a blob that
// authenticates but is not a well-formed overview is "damaged", not half-read.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { type EntryKeys, type EntryRow, openOverview, overviewAd } from '../../electron/vault/entry-codec';
import { decodeOverview, encodeOverview } from '../../electron/vault/overview-codec';
import { seal } from '../../electron/vault/seal';
import { sodiumNow } from '../../electron/vault/sodium';
import { Vault } from '../../electron/vault/vault';
import { newVault, PASSWORD } from '../helpers/vault-fixture';

const keysOf = (vault: Vault) => (vault as unknown as { unlocked: { keys: EntryKeys } }).unlocked.keys;
const rowsOf = (db: Database.Database) => db.prepare('SELECT id, name_tag, overview, created_at, updated_at FROM entries').all() as EntryRow[];

async function vaultWithVariedEntries() {
  const vault = await newVault();
  const a = vault.add({ name: 'ci-deploy', kind: 'project', instance: 'https://gitlab.com', scopes: ['read_repository', 'api'], expiresAt: '2027-03-01', usedIn: ['acme/app:CI_TOKEN'], leadDays: [7, 1] }, 'glpat-aaaaaaaaaaaaaaaaaaaa');
  vault.update(a.id, { gitlab: { tokenId: 17, userId: 4, username: 'bot', active: true }, lastVerifiedAt: '2026-01-02T03:04:05Z' }, { at: '2026-01-02T03:04:05.000Z', action: 'verified', note: 'GitLab says active' });
  vault.add({ name: 'registry-pull', description: 'With a "quote" and ünïcödé', scopes: [] }, 'glpat-bbbbbbbbbbbbbbbbbbbb');
  return vault;
}

describe('overview format 2', () => {
  it('a vault with format 1 overviews (schema 4) is converted once at unlock, reads the same and shrinks', async () => {
    const vault = await vaultWithVariedEntries();
    const before = vault.list();
    const secrets = before.map((e) => vault.readSecret(e.id));
    // Rewrite every overview as the code before schema 5 sealed it: the overview object as JSON.
    const keys = keysOf(vault);
    const db = vault.connection;
    for (const row of rowsOf(db)) {
      const { overview, secretVersion } = openOverview(sodiumNow(), keys, vault.vaultId, row);
      const sealed = seal(sodiumNow(), keys.entryKey, JSON.stringify({ ...overview, secretVersion }), 'overview', overviewAd(vault.vaultId, row.id, row.created_at, row.updated_at, row.name_tag));
      db.prepare('UPDATE entries SET overview = ? WHERE id = ?').run(sealed, row.id);
    }
    db.prepare("DELETE FROM meta WHERE key = 'overview_format'").run();
    db.pragma('user_version = 4');
    const path = vault.path;
    vault.close();
    const oldSizes = rowsOf(new Database(path, { readonly: true })).map((r) => r.overview.length);
    expect(Math.min(...oldSizes)).toBeGreaterThan(297);

    const again = Vault.open(path);
    await again.unlock(PASSWORD);
    expect(again.list()).toEqual(before);
    expect(before.map((e) => again.readSecret(e.id))).toEqual(secrets);
    const converted = rowsOf(again.connection);
    expect(converted.map((r) => openOverview(sodiumNow(), keysOf(again), again.vaultId, r).format1)).toEqual([false, false]);
    // Each smaller than before; a plain token is 1 version byte + 24 nonce + one 256-byte padding block + 16 tag.
    converted.forEach((r, i) => expect(r.overview.length).toBeLessThan(oldSizes[i]!));
    expect(Math.min(...converted.map((r) => r.overview.length))).toBe(297);
    again.close();
    const third = Vault.open(path);
    await third.unlock(PASSWORD);
    expect(third.list()).toEqual(before);
    third.close();
    expect(fs.statSync(path).size).toBeLessThan(64 * 1024);
  });

  it('keeps every instant exactly as written, canonical or not', () => {
    const overview = { id: 'x', name: 'n', kind: 'other' as const, instance: null, scopes: [], expiresAt: null, description: '', usedIn: [], leadDays: null, createdAt: '2025-01-02T03:04:05Z', updatedAt: '2025-01-02T03:04:06.000Z', lastVerifiedAt: '2025-01-02T03:04:05+01:00', lastUsedAt: null, revoked: true, gitlab: { tokenId: null, userId: null, username: null, target: 'g/p', accessLevel: 30, active: false, revoked: null, neverExpires: null }, pendingRotation: { state: 'unconfirmed' as const, startedAt: '2025-01-02T03:04:05.123Z', oldTokenId: 3, requestedExpiresAt: '2026-01-01' }, followUp: { rotatedAt: '2025-01-02T03:04:05.123Z', places: [{ place: 'a', done: true }] }, history: [{ at: '2025-01-02', action: 'imported' as const }, { at: '2025-01-02T03:04:05.000Z', action: 'edited' as const, note: '' }] };
    const text = encodeOverview(overview, '0123456789abcdef0123456789abcdef');
    const decoded = decodeOverview(text, { id: 'x', createdAt: Date.parse(overview.createdAt), updatedAt: Date.parse(overview.updatedAt) }, false);
    expect(decoded).toEqual({ overview, secretVersion: '0123456789abcdef0123456789abcdef', secretTag: null });
    // Schema 6: a Trash instant and the secret's tag ride after the instants, whichever of those is kept.
    const trashed = { ...overview, trashedAt: '2025-02-03T04:05:06.789Z' };
    const tag = 'AAAAAAAAAAAAAAAAAAAAAA';
    const again = decodeOverview(encodeOverview(trashed, '0123456789abcdef0123456789abcdef', tag), { id: 'x', createdAt: Date.parse(overview.createdAt), updatedAt: Date.parse(overview.updatedAt) }, false);
    expect(again).toEqual({ overview: trashed, secretVersion: '0123456789abcdef0123456789abcdef', secretTag: tag });
  });

  it.each([
    ['a wrong format number', '[3]'],
    ['a missing secret version', '[2,null,"n","other",null,[],null,"",[],null,null,null,0,0,0,0,[]]'],
    ['an unknown kind', '[2,"0123456789abcdef0123456789abcdef","n","admin",null,[],null,"",[],null,null,null,0,0,0,0,[]]'],
    ['a scope that is not text', '[2,"0123456789abcdef0123456789abcdef","n","other",null,[1],null,"",[],null,null,null,0,0,0,0,[]]'],
    ['a format 1 object without its secret version', '{"id":"x"}'],
  ])('an overview that authenticates but has %s is damaged', async (_what, text) => {
    const vault = await newVault();
    const entry = vault.add({ name: 'target' }, 'glpat-cccccccccccccccccccc');
    const [row] = rowsOf(vault.connection);
    const keys = keysOf(vault);
    vault.connection.prepare('UPDATE entries SET overview = ? WHERE id = ?').run(seal(sodiumNow(), keys.entryKey, text, 'overview', overviewAd(vault.vaultId, row!.id, row!.created_at, row!.updated_at, row!.name_tag)), entry.id);
    const path = vault.path;
    vault.close();
    const again = Vault.open(path);
    await again.unlock(PASSWORD);
    expect(() => again.list()).toThrow(expect.objectContaining({ code: 'DAMAGED' }));
    again.close();
  });
});
