// Issue 15 item 7: the "tick off each place" list a rotation leaves is kept in the vault as
// pending tasks — sealed in the entry's overview, there after lock/unlock and after a
// password change re-keys every row, cleared by ticking the last place, replaced by the next
// rotation — and the schema moves to 4 so an older app refuses the file instead of the field.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { TEST_KDF } from '../../electron/vault/kdf';
import { markPlaces, pendingPlaces, tickPlaces } from '../../electron/vault/follow-up';
import { SCHEMA_VERSION } from '../../electron/vault/schema';
import { startFollowUp } from '../../electron/vault/types';
import { Vault } from '../../electron/vault/vault';
import { newVault, PASSWORD, tempDir } from '../helpers/vault-fixture';

const PLACES = ['acme/app:DEPLOY_TOKEN', 'deploy.sh on build-01', '~/.netrc on laptop'];
const AT = new Date('2026-11-30T10:00:00Z');

/** What a rotation stores: a new secret and a fresh follow-up, in one write. */
function rotate(vault: Vault, id: string, secret: string, at = AT) {
  return vault.replaceSecret(id, secret, { followUp: startFollowUp(vault.get(id).usedIn, at) }, { at: at.toISOString(), action: 'rotated' });
}

async function vaultWithRotatedToken() {
  const vault = await newVault();
  const entry = vault.add({ name: 'deploy-bot', kind: 'personal', instance: 'https://gitlab.example.com', usedIn: PLACES }, 'glpat-old-secret');
  rotate(vault, entry.id, 'glpat-new-secret');
  return { vault, id: entry.id };
}

const userVersion = (file: string) => {
  const db = new Database(file, { readonly: true });
  const v = db.pragma('user_version', { simple: true });
  db.close();
  return v;
};

describe('rotation follow-up: the places still to update', () => {
  it('starts with every "where used" place pending; a token with none noted has no follow-up', () => {
    expect(startFollowUp(PLACES, AT)).toEqual({ rotatedAt: AT.toISOString(), places: PLACES.map((place) => ({ place, done: false })) });
    expect(startFollowUp([], AT)).toBeNull();
    expect(startFollowUp(['a', ' a '], AT)?.places).toEqual([{ place: 'a', done: false }]);
  });

  it('ticking keeps the others pending, unticking brings one back, the last tick clears it', () => {
    const entry = { name: 'deploy-bot', followUp: startFollowUp(PLACES, AT) };
    const one = tickPlaces(entry, [PLACES[0]!], true);
    expect(pendingPlaces({ followUp: one })).toEqual(PLACES.slice(1));
    expect(pendingPlaces({ followUp: tickPlaces({ ...entry, followUp: one }, [PLACES[0]!], false) })).toEqual(PLACES);
    expect(tickPlaces(entry, PLACES, true)).toBeNull();
  });

  it('refuses a place that is not on the list, and a token with nothing pending, by name', () => {
    const entry = { name: 'deploy-bot', followUp: startFollowUp(PLACES, AT) };
    expect(() => tickPlaces(entry, ['somewhere else'], true)).toThrow('"somewhere else" is not one of the places to update for "deploy-bot".');
    expect(() => tickPlaces({ name: 'deploy-bot', followUp: null }, [PLACES[0]!], true)).toThrow('No places are waiting to be updated for "deploy-bot".');
  });

  it('is sealed in the vault and survives lock/unlock and a reopen', async () => {
    const { vault, id } = await vaultWithRotatedToken();
    markPlaces(vault, id, [PLACES[1]!], true);
    vault.lock();
    await vault.unlock(PASSWORD);
    expect(pendingPlaces(vault.get(id))).toEqual([PLACES[0], PLACES[2]]);
    vault.close();
    // Sealed like every overview: no place name is readable in the file.
    const bytes = fs.readFileSync(vault.path);
    for (const place of PLACES) expect(bytes.includes(Buffer.from(place))).toBe(false);
    const again = Vault.open(vault.path);
    await again.unlock(PASSWORD);
    expect(again.get(id).followUp?.places).toEqual([
      { place: PLACES[0], done: false },
      { place: PLACES[1], done: true },
      { place: PLACES[2], done: false },
    ]);
    again.close();
  });

  it('survives a password change (every row re-keyed) and opens only with the new password', async () => {
    const { vault, id } = await vaultWithRotatedToken();
    await vault.changePassword(PASSWORD, 'a different master password', { kdf: TEST_KDF });
    vault.close();
    const again = Vault.open(vault.path);
    await expect(again.unlock(PASSWORD)).rejects.toThrow(/Wrong master password/);
    await again.unlock('a different master password');
    expect(pendingPlaces(again.get(id))).toEqual(PLACES);
    again.close();
  });

  it('ticking the last place clears it, for good, and says so in the history', async () => {
    const { vault, id } = await vaultWithRotatedToken();
    markPlaces(vault, id, [PLACES[0]!, PLACES[1]!], true, " through GitLab's API");
    const cleared = markPlaces(vault, id, [PLACES[2]!], true);
    expect(cleared.followUp).toBeNull();
    expect(cleared.history.at(-2)?.note).toBe(`Updated with the new token through GitLab's API: "${PLACES[0]}", "${PLACES[1]}".`);
    expect(cleared.history.at(-1)?.note).toBe(`Updated with the new token: "${PLACES[2]}".`);
    vault.close();
    const again = Vault.open(vault.path);
    await again.unlock(PASSWORD);
    expect(again.get(id).followUp).toBeNull();
    expect(() => markPlaces(again, id, [PLACES[0]!], true)).toThrow(/No places are waiting/);
    again.close();
  });

  it('rotating again replaces the list with every place pending', async () => {
    const { vault, id } = await vaultWithRotatedToken();
    markPlaces(vault, id, [PLACES[0]!], true);
    const later = new Date('2027-01-02T08:00:00Z');
    const rotated = rotate(vault, id, 'glpat-newer-secret', later);
    expect(rotated.followUp).toEqual({ rotatedAt: later.toISOString(), places: PLACES.map((place) => ({ place, done: false })) });
    vault.close();
  });

  it('a follow-up that names no place, or an over-long one, is refused and nothing is written', async () => {
    const { vault, id } = await vaultWithRotatedToken();
    const before = vault.get(id);
    expect(() => vault.update(id, { followUp: { rotatedAt: AT.toISOString(), places: [] } })).toThrow(/followUp\.places/);
    expect(() => vault.update(id, { followUp: { rotatedAt: AT.toISOString(), places: [{ place: 'x'.repeat(501), done: false }] } })).toThrow(/followUp\.places/);
    expect(vault.get(id)).toEqual(before);
    vault.close();
  });
});

describe('schema 4 (rotation follow-ups)', () => {
  it('a schema 3 vault is upgraded to 4 at unlock and keeps its tokens, none with anything pending', async () => {
    const vault = await newVault();
    vault.add({ name: 'ci-token', usedIn: ['acme/app:CI_TOKEN'] }, 'glpat-ci');
    vault.close();
    const db = new Database(vault.path);
    db.pragma('user_version = 3');
    db.close();
    const again = Vault.open(vault.path);
    await again.unlock(PASSWORD);
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(4);
    expect(userVersion(vault.path)).toBe(SCHEMA_VERSION);
    expect(again.list().map((e) => [e.name, e.followUp])).toEqual([['ci-token', null]]);
    again.close();
  });

  it('overviews written before follow-ups existed (a schema 1 vault) read as nothing pending', async () => {
    const file = path.join(tempDir(), 'old.tokenvault');
    fs.copyFileSync(path.resolve('tests/fixtures/vault-schema-v1.tokenvault'), file);
    const readOnly = Vault.open(file, { readOnly: true });
    await readOnly.unlock('old vault password');
    expect(readOnly.list().map((e) => e.followUp)).toEqual([null, null]);
    readOnly.close();
  });
});

describe('ticking from two processes at once', () => {
  it('a place ticked elsewhere between reading and writing is kept: the tick starts again from the list on disk', async () => {
    const { vault, id } = await vaultWithRotatedToken();
    const other = Vault.open(vault.path);
    await other.unlock(PASSWORD);
    // This process read the list before the other one ticked a place and committed.
    const stale = vault.get(id);
    markPlaces(other, id, [PLACES[0]!], true);
    let reads = 0;
    const racing = { get: (ref: string) => (reads++ === 0 ? stale : vault.get(ref)), update: vault.update.bind(vault) };
    const after = markPlaces(racing, id, [PLACES[1]!], true);
    expect(reads).toBe(2);
    expect(pendingPlaces(after)).toEqual([PLACES[2]]);
    expect(pendingPlaces(other.get(id))).toEqual([PLACES[2]]);
    other.close();
    vault.close();
  });
});
