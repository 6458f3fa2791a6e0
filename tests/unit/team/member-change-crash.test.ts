// A manager's change to the member list is two steps: recorded in the team copy (what a leaver
// could read, the audit log's entry), then the signed list written into the place. A kill between
// them must not leave a removal the log reports but the place never got, nor, run again, one
// recorded twice: the next team sync writes the list the kill left behind.
import fs from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadSodium } from '../../../electron/vault/sodium';
import { inviteCode } from '../../../electron/team/identity';
import { createTeam, inviteMember, joinTeam, listMembers, removeMember } from '../../../electron/team/team-setup';
import { teamSync } from '../../../electron/team/team-sync';
import { needTeam } from '../../../electron/team/team-state';
import { teamLog } from '../../../electron/team/team-log';
import { teamWorld } from './team-world';

let world: ReturnType<typeof teamWorld>;
afterEach(() => {
  vi.restoreAllMocks();
  world?.close();
});

/** The next write of a member-list file into the place fails, as a kill -9 there would leave it. */
function killAtListWrite(): void {
  const real = fs.renameSync;
  const spy = vi.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
    if (/list-\d{6}-[0-9a-f]{16}\.json$/.test(String(to))) {
      spy.mockRestore();
      throw new Error('killed');
    }
    return real(from, to);
  });
}

describe('a member-list change killed between the team copy and the place', () => {
  it('a removal: the next sync writes the list, Bob is removed once, logged once, his tokens listed once', async () => {
    world = teamWorld('tv-list-crash-');
    const sodium = await loadSodium();
    const [alice, bob] = [await world.person('Alice'), await world.person('Bob')];
    await createTeam(alice.vault, alice.identity, 'Platform', world.place, 'alice-laptop');
    alice.vault.add({ name: 'deploy-bot', instance: 'https://gitlab.example', kind: 'project' }, 'glpat-team-aaaaaaaaaaaa');
    await inviteMember(alice.vault, alice.identity, inviteCode(sodium, bob.identity));
    await joinTeam(bob.vault, bob.identity, world.place, 'bob-desktop');

    killAtListWrite();
    await expect(removeMember(alice.vault, alice.identity, 'Bob')).rejects.toThrow('killed');
    await teamSync(alice.vault);
    expect((await listMembers(alice.vault)).members.map((m) => m.name)).toEqual(['Alice']);
    // Run again, as someone who saw no success would: Bob is already gone.
    await expect(removeMember(alice.vault, alice.identity, 'Bob')).rejects.toThrow(/No member/);
    expect(needTeam(alice.vault).exposures.map((e) => e.member.name)).toEqual(['Bob']);
    const log = await teamLog(alice.vault);
    expect(log.rows.filter((r) => r.action === 'member-removed').map((r) => r.entryName)).toEqual(['Bob']);
    await expect(teamSync(bob.vault)).rejects.toThrow(/removed from team/);
  }, 120_000);

  it('an invite: the next sync writes the list, and Bob can join', async () => {
    world = teamWorld('tv-list-crash-');
    const sodium = await loadSodium();
    const [alice, bob] = [await world.person('Alice'), await world.person('Bob')];
    await createTeam(alice.vault, alice.identity, 'Platform', world.place, 'alice-laptop');
    killAtListWrite();
    await expect(inviteMember(alice.vault, alice.identity, inviteCode(sodium, bob.identity))).rejects.toThrow('killed');
    await teamSync(alice.vault);
    expect((await listMembers(alice.vault)).members.map((m) => m.name).sort()).toEqual(['Alice', 'Bob']);
    await joinTeam(bob.vault, bob.identity, world.place, 'bob-desktop');
    const log = await teamLog(alice.vault);
    expect(log.rows.filter((r) => r.action === 'member-added').map((r) => r.entryName)).toEqual(['Bob']);
  }, 120_000);
});
