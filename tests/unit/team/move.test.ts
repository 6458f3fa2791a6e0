// "Move to team vault…": a personal token becomes a team token every member reads, and leaves the
// personal vault for its Trash only once the team copy holds it; a move that cannot be done
// changes nothing on either side.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSodium } from '../../../electron/vault/sodium';
import { TEST_KDF } from '../../../electron/vault/kdf';
import { Vault } from '../../../electron/vault/vault';
import { inviteCode } from '../../../electron/team/identity';
import { moveToTeam } from '../../../electron/team/move';
import { createTeam, inviteMember, joinTeam } from '../../../electron/team/team-setup';
import { teamSync } from '../../../electron/team/team-sync';
import { PASSWORD } from '../../helpers/vault-fixture';
import { names, teamWorld } from './team-world';

let world: ReturnType<typeof teamWorld>;
let personal: Vault | null = null;
afterEach(() => {
  personal?.close();
  world?.close();
});

async function aliceAndBob() {
  world = teamWorld('tv-team-move-');
  const sodium = await loadSodium();
  const [alice, bob] = [await world.person('Alice'), await world.person('Bob')];
  await createTeam(alice.vault, alice.identity, 'Platform', world.place, 'alice-laptop');
  await inviteMember(alice.vault, alice.identity, inviteCode(sodium, bob.identity));
  await joinTeam(bob.vault, bob.identity, world.place, 'bob-desktop');
  personal = await Vault.create(path.join(world.dir, 'alice-personal.tokenvault'), PASSWORD, { kdf: TEST_KDF });
  return { alice, bob, personal };
}

describe('moving a personal token into a team vault', () => {
  it('the team copy holds it with its fields and secret, the personal one goes to the Trash, and a member reads it after a sync', async () => {
    const { alice, bob, personal } = await aliceAndBob();
    const mine = personal.add({ name: 'deploy-bot', kind: 'project', instance: 'https://gitlab.example', scopes: ['read_api'], expiresAt: '2031-01-01', description: 'CI for app', usedIn: ['acme/app:DEPLOY_TOKEN'] }, 'glpat-move-aaaaaaaaaaaa');
    const { moved, team } = moveToTeam(personal, alice.vault, mine.id);
    expect(team).toBe('Platform');
    expect(moved).toMatchObject({ name: 'deploy-bot', kind: 'project', instance: 'https://gitlab.example', scopes: ['read_api'], expiresAt: '2031-01-01', description: 'CI for app', usedIn: ['acme/app:DEPLOY_TOKEN'] });
    expect(moved.history.at(-1)?.note).toMatch(/^Moved here from a personal vault/);
    expect(alice.vault.readSecret(moved.id)).toBe('glpat-move-aaaaaaaaaaaa');
    expect(personal.list()).toEqual([]);
    expect(personal.listTrash().map((e) => e.name)).toEqual(['deploy-bot']);
    await teamSync(alice.vault);
    await teamSync(bob.vault);
    expect(names(bob.vault)).toEqual(['deploy-bot']);
    expect(bob.vault.readSecret(bob.vault.list()[0]!.id)).toBe('glpat-move-aaaaaaaaaaaa');
  }, 60_000);

  it('a token the team already holds is refused, and the personal one stays where it was', async () => {
    const { alice, personal } = await aliceAndBob();
    alice.vault.add({ name: 'shared-already' }, 'glpat-move-bbbbbbbbbbbb');
    const mine = personal.add({ name: 'my-copy' }, 'glpat-move-bbbbbbbbbbbb');
    expect(() => moveToTeam(personal, alice.vault, mine.id)).toThrow('That token is already stored as "shared-already"; nothing was stored.');
    expect(personal.list().map((e) => e.name)).toEqual(['my-copy']);
    expect(names(alice.vault)).toEqual(['shared-already']);
  }, 60_000);

  it('a team copy is not a personal vault to move from, and a vault that is no team copy is not a place to move to', async () => {
    const { alice, bob, personal } = await aliceAndBob();
    const teamToken = bob.vault.add({ name: 'bobs' }, 'glpat-move-cccccccccccc');
    expect(() => moveToTeam(bob.vault, alice.vault, teamToken.id)).toThrow('That token is already in a team copy; move tokens from your personal vault.');
    const mine = personal.add({ name: 'mine' }, 'glpat-move-dddddddddddd');
    expect(() => moveToTeam(personal, personal as never, mine.id)).toThrow(/This vault is not a team vault/);
    expect(personal.list().map((e) => e.name)).toEqual(['mine']);
  }, 60_000);
});
