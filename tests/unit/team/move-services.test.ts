// The app's "Move to team vault…" (electron/app/team-move-services.ts) from the refusing side: a
// member removed since their copy last synced, a file that never became a team copy, and a
// wrong master password for the team copy are each one sentence saying nothing moved — and the
// personal token stays live, with its secret, and the team copy does not hold it.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTeamMoveServices } from '../../../electron/app/team-move-services';
import { RecentVaults } from '../../../electron/app/recent-vaults';
import type { VaultSession } from '../../../electron/app/session';
import { inviteCode } from '../../../electron/team/identity';
import { createTeam, inviteMember, joinTeam, removeMember } from '../../../electron/team/team-setup';
import { TEST_KDF } from '../../../electron/vault/kdf';
import { loadSodium } from '../../../electron/vault/sodium';
import { Vault } from '../../../electron/vault/vault';
import { PASSWORD } from '../../helpers/vault-fixture';
import { teamWorld } from './team-world';

let world: ReturnType<typeof teamWorld>;
const opened: Vault[] = [];
afterEach(() => {
  for (const v of opened.splice(0)) v.close();
  world?.close();
});

async function bobsPersonal() {
  const personal = await Vault.create(path.join(world.dir, 'bob-personal.tokenvault'), PASSWORD, { kdf: TEST_KDF });
  opened.push(personal);
  const token = personal.add({ name: 'bob-ci' }, 'glpat-bob-ci-personal-secret-1');
  const recent = new RecentVaults(path.join(world.dir, 'recent.json'));
  const events: string[] = [];
  const api = createTeamMoveServices({ session: { unlocked: () => personal } as unknown as VaultSession, recent, emit: (name, payload) => void events.push(`${name}:${JSON.stringify(payload)}`) });
  return { personal, token, recent, api, events };
}

const stillHere = (personal: Vault, id: string) => {
  expect(personal.get(id).trashedAt).toBeUndefined();
  expect(personal.readSecret(id)).toBe('glpat-bob-ci-personal-secret-1');
};

describe('Move to team vault… refuses, and nothing moves', () => {
  it('a member removed since their copy last synced: the sync before the move finds it, and says so', async () => {
    world = teamWorld('tv-move-svc-');
    const sodium = await loadSodium();
    const [alice, bob] = [await world.person('Alice'), await world.person('Bob')];
    await createTeam(alice.vault, alice.identity, 'Platform', world.place, 'alice-laptop');
    await inviteMember(alice.vault, alice.identity, inviteCode(sodium, bob.identity));
    await joinTeam(bob.vault, bob.identity, world.place, 'bob-desktop');
    await removeMember(alice.vault, alice.identity, 'Bob');
    const bobCopy = bob.vault.path;
    bob.vault.close();
    const { personal, token, recent, api } = await bobsPersonal();
    // As this computer last saw it: a team copy Bob belonged to.
    recent.remember(bobCopy, { name: 'Platform', colour: 'green' }, { name: 'Platform', removed: false });
    await expect(api.teamMoveToken({ id: token.id, path: bobCopy, password: PASSWORD })).rejects.toMatchObject({
      code: 'REMOVED',
      message: 'You were removed from team "Platform" by Alice, so it takes no new tokens from you; nothing was moved: the token is still in this vault.',
    });
    stillHere(personal, token.id);
    const copy = Vault.open(bobCopy);
    opened.push(copy);
    await copy.unlock(PASSWORD);
    expect(copy.list().map((e) => e.name)).not.toContain('bob-ci');
  });

  it('a file that never became a team copy (a join that did not finish) is named as such', async () => {
    world = teamWorld('tv-move-svc-');
    const half = await world.person('Half');
    const file = half.vault.path;
    half.vault.close();
    const { personal, token, recent, api } = await bobsPersonal();
    recent.remember(file, { name: 'Platform', colour: 'green' }, { name: 'Platform', removed: false });
    await expect(api.teamMoveToken({ id: token.id, path: file, password: PASSWORD })).rejects.toMatchObject({ code: 'NOT_A_TEAM', message: expect.stringContaining('is not a copy of a team (joining it never finished); nothing was moved') });
    stillHere(personal, token.id);
  });

  it('a vault this computer does not know as a team copy, and a wrong password for one, are refused before anything is read', async () => {
    world = teamWorld('tv-move-svc-');
    const alice = await world.person('Alice');
    await createTeam(alice.vault, alice.identity, 'Platform', world.place, 'alice-laptop');
    const file = alice.vault.path;
    alice.vault.close();
    const { personal, token, recent, api, events } = await bobsPersonal();
    await expect(api.teamMoveToken({ id: token.id, path: file, password: PASSWORD })).rejects.toMatchObject({ code: 'UNKNOWN_TEAM_VAULT' });
    recent.remember(file, { name: 'Platform', colour: 'green' }, { name: 'Platform', removed: false });
    await expect(api.teamMoveToken({ id: token.id, path: file, password: 'not it' })).rejects.toMatchObject({ code: 'WRONG_PASSWORD', message: 'That is not the master password of team vault "Platform"; nothing was moved: the token is still in this vault.' });
    stillHere(personal, token.id);
    expect(events).toEqual(['teamMove:{"step":"open"}']);
    // And with the right one it goes, each step said in order.
    const done = await api.teamMoveToken({ id: token.id, path: file, password: PASSWORD });
    expect(done).toMatchObject({ name: 'bob-ci', teamName: 'Platform', sent: true, offline: null });
    expect(events.slice(1)).toEqual(['teamMove:{"step":"open"}', 'teamMove:{"step":"sync-in"}', 'teamMove:{"step":"store"}', 'entriesChanged:{"by":"elsewhere"}', 'teamMove:{"step":"send"}']);
    expect(personal.get(token.id).trashedAt).toBeDefined();
  });
});
