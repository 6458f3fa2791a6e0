// A removed member keeps their signing key and the old team key, so they can re-sign other
// contents under a change number from before their removal. The removal records the exact bytes
// the remover took in; a copy that joins later must refuse the rewritten change (naming the
// removed member), not the honest manager's replica, and the team keeps converging.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSodium } from '../../../electron/vault/sodium';
import { needLocal } from '../../../electron/sync/engine';
import { ReplicaStore } from '../../../electron/sync/replica-store';
import { openData, parseDataFile, sealData } from '../../../electron/sync/replica-format';
import { inviteCode } from '../../../electron/team/identity';
import { inviteMember, createTeam, joinTeam, removeMember } from '../../../electron/team/team-setup';
import { teamSync } from '../../../electron/team/team-sync';
import { needTeam } from '../../../electron/team/team-state';
import { signFile } from '../../../electron/team/team-files';
import { names, type Person, teamWorld } from './team-world';

let world: ReturnType<typeof teamWorld>;
afterEach(() => world?.close());

const deviceOf = (p: Person) => needLocal(p.vault).deviceId;
const instanceOf = (p: Person, name: string) => p.vault.list().find((e) => e.name === name)?.instance;

describe('a removed member rewriting a change from before their removal', () => {
  it('a member who joins later refuses the rewritten change, keeps converging with the manager, and gets her later tokens', async () => {
    world = teamWorld();
    const sodium = await loadSodium();
    const [alice, dave, erin] = [await world.person('Alice'), await world.person('Dave'), await world.person('Erin')];
    await createTeam(alice.vault, alice.identity, 'Platform', world.place, 'alice-laptop');
    alice.vault.add({ name: 'deploy-bot', instance: 'https://gitlab.example', kind: 'project' }, 'glpat-team-aaaaaaaaaaaa');
    await teamSync(alice.vault);
    await inviteMember(alice.vault, alice.identity, inviteCode(sodium, dave.identity));
    await joinTeam(dave.vault, dave.identity, world.place, 'dave-laptop');
    dave.vault.add({ name: 'dave-bot', instance: 'https://gitlab.example', kind: 'project' }, 'glpat-dave-bbbbbbbbbbbb');
    await teamSync(dave.vault);
    await teamSync(alice.vault);
    expect(instanceOf(alice, 'dave-bot')).toBe('https://gitlab.example');
    await removeMember(alice.vault, alice.identity, 'Dave');

    // Dave re-signs his change that added dave-bot, now pointing it at his own server.
    const teamId = needTeam(dave.vault).teamId;
    const folder = new ReplicaStore(world.folder, teamId).deviceFolder(deviceOf(dave));
    const key = new Uint8Array(Buffer.from(needLocal(dave.vault).keys[1]!, 'base64'));
    let rewrote = 0;
    for (const name of fs.readdirSync(folder)) {
      const file = parseDataFile(name);
      if (!file) continue;
      const text = JSON.stringify(openData(sodium, key, teamId, deviceOf(dave), file, new Uint8Array(fs.readFileSync(path.join(folder, name)))));
      if (!text.includes('https://gitlab.example') || !text.includes('glpat-dave') && !text.includes('dave-bot')) continue;
      const bytes = sealData(sodium, key, teamId, deviceOf(dave), file, JSON.parse(text.replaceAll('https://gitlab.example', 'https://evil.example')));
      fs.writeFileSync(path.join(folder, name), bytes);
      fs.writeFileSync(path.join(folder, `${name}.sig`), `${signFile(sodium, dave.identity, teamId, deviceOf(dave), name, bytes)}\n`);
      rewrote += 1;
    }
    expect(rewrote).toBeGreaterThan(0);

    await inviteMember(alice.vault, alice.identity, inviteCode(sodium, erin.identity));
    await joinTeam(erin.vault, erin.identity, world.place, 'erin-laptop');
    const joined = await teamSync(erin.vault);
    expect(instanceOf(erin, 'dave-bot')).not.toBe('https://evil.example');
    expect(joined.teamRefused.map((r) => r.why)).toContainEqual(expect.stringMatching(/^Dave was removed from the team on \d{4}-\d\d-\d\d by Alice: the replica of Dave's device dave-laptop carries \d+ changes? numbered before the removal that (is|are) not the ones? taken in then/));

    alice.vault.add({ name: 'alice-later', instance: 'https://gitlab.example' }, 'glpat-alice-cccccccccccc');
    const fromAlice = await teamSync(alice.vault);
    const fromErin = await teamSync(erin.vault);
    await teamSync(alice.vault);
    for (const report of [fromAlice, fromErin]) expect(report.teamRefused.map((r) => r.why).filter((w) => w.includes('refused whole'))).toEqual([]);
    expect(names(erin.vault)).toContain('alice-later');
    expect(names(erin.vault)).toEqual(names(alice.vault));
    expect(instanceOf(alice, 'dave-bot')).toBe('https://gitlab.example');
    expect(instanceOf(erin, 'dave-bot')).toBe('https://gitlab.example');
  }, 180_000);
});
