// A team through a shared folder, as three people use it: a manager makes it, invites two
// members by their codes, tokens travel between all three copies, and the member list each copy
// accepted is the one a manager signed.
import { afterEach, describe, expect, it } from 'vitest';
import { loadSodium } from '../../../electron/vault/sodium';
import { fingerprint, inviteCode, readInviteCode } from '../../../electron/team/identity';
import { createTeam, inviteMember, joinTeam, listMembers } from '../../../electron/team/team-setup';
import { teamSync } from '../../../electron/team/team-sync';
import { names, teamWorld } from './team-world';

let world: ReturnType<typeof teamWorld>;
afterEach(() => world?.close());

export async function threePeople() {
  world = teamWorld();
  const sodium = await loadSodium();
  const [alice, bob, carol] = [await world.person('Alice'), await world.person('Bob'), await world.person('Carol')];
  await createTeam(alice.vault, alice.identity, 'Platform', world.place, 'alice-laptop');
  alice.vault.add({ name: 'deploy-bot', instance: 'https://gitlab.example', kind: 'project' }, 'glpat-team-aaaaaaaaaaaa');
  await teamSync(alice.vault);
  await inviteMember(alice.vault, alice.identity, inviteCode(sodium, bob.identity));
  await inviteMember(alice.vault, alice.identity, inviteCode(sodium, carol.identity));
  await joinTeam(bob.vault, bob.identity, world.place, 'bob-desktop');
  await joinTeam(carol.vault, carol.identity, world.place, 'carol-laptop');
  return { sodium, alice, bob, carol, world };
}

describe('a team vault through a folder', () => {
  it('members joined by invite get the team tokens, and what one adds reaches the others', async () => {
    const { alice, bob, carol } = await threePeople();
    expect(names(bob.vault)).toEqual(['deploy-bot']);
    expect(bob.vault.readSecret(bob.vault.list()[0]!.id)).toBe('glpat-team-aaaaaaaaaaaa');
    carol.vault.add({ name: 'registry-read', kind: 'deploy' }, 'gldt-carol-bbbbbbbbbbbb');
    const sent = await teamSync(carol.vault);
    expect(sent.teamRefused).toEqual([]);
    await teamSync(alice.vault);
    await teamSync(bob.vault);
    expect(names(alice.vault)).toEqual(['deploy-bot', 'registry-read']);
    expect(names(bob.vault)).toEqual(['deploy-bot', 'registry-read']);
  }, 60_000);

  it('the members screen shows roles and fingerprints, the same on every copy', async () => {
    const { alice, bob, sodium } = await threePeople();
    const seenByBob = await listMembers(bob.vault);
    expect(seenByBob.members.map((m) => [m.name, m.role])).toEqual([
      ['Alice', 'manager'],
      ['Bob', 'member'],
      ['Carol', 'member'],
    ]);
    expect(seenByBob.members.find((m) => m.you)!.fingerprint).toBe(fingerprint(sodium, bob.identity));
    expect((await listMembers(alice.vault)).members).toEqual(seenByBob.members.map((m) => ({ ...m, you: m.name === 'Alice' })));
  }, 60_000);

  it('a joiner nobody invited is told so, with their fingerprint, and gets nothing', async () => {
    const { world } = await threePeople();
    const mallory = await world.person('Mallory');
    const sodium = await loadSodium();
    await expect(joinTeam(mallory.vault, mallory.identity, world.place, 'm')).rejects.toThrow(new RegExp(`No team .* lists you yet \\(your fingerprint is ${fingerprint(sodium, mallory.identity)}\\)`));
    expect(mallory.vault.list()).toEqual([]);
  }, 60_000);
});

describe('invite codes', () => {
  it('carry the name and both public keys; an altered name or key is refused', async () => {
    world = teamWorld();
    const sodium = await loadSodium();
    const bob = await world.person('Bob');
    const code = inviteCode(sodium, bob.identity);
    expect(readInviteCode(sodium, code)).toEqual({ name: 'Bob', signPk: bob.identity.signPk, boxPk: bob.identity.boxPk });
    const raw = JSON.parse(Buffer.from(code.slice(6), 'base64url').toString('utf8'));
    const mallory = await world.person('Mallory');
    // Mallory's box key under Bob's name and signing key: the team key would be sealed to her.
    const swapped = 'tvid1.' + Buffer.from(JSON.stringify({ ...raw, b: mallory.identity.boxPk })).toString('base64url');
    expect(() => readInviteCode(sodium, swapped)).toThrow(/was altered: its name and keys do not match its signature/);
    const renamed = 'tvid1.' + Buffer.from(JSON.stringify({ ...raw, n: 'Alice' })).toString('base64url');
    expect(() => readInviteCode(sodium, renamed)).toThrow(/invite code for "Alice" was altered/);
    expect(() => readInviteCode(sodium, code.slice(0, 40))).toThrow(/cut short/);
  });
});
