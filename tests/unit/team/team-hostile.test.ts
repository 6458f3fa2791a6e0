// A team attacked from inside and outside: a member who signs a member list, a member writing
// into another's folder, an outsider's folder, a removed member who keeps writing, an old
// member list put back, a back-dated change by a removed manager. Each replica carrying such a
// change is refused with a sentence naming who and what, and the rest of the team syncs on.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSodium } from '../../../electron/vault/sodium';
import { needLocal, syncNow } from '../../../electron/sync/engine';
import { ReplicaStore } from '../../../electron/sync/replica-store';
import { dataFileName, openData, parseDataFile, sealData } from '../../../electron/sync/replica-format';
import { inviteCode, memberKey } from '../../../electron/team/identity';
import { nextVersion, listHash, signList } from '../../../electron/team/member-list';
import { createTeam, inviteMember, joinTeam, promoteMember, removeMember } from '../../../electron/team/team-setup';
import { currentChain, teamSync } from '../../../electron/team/team-sync';
import { needTeam } from '../../../electron/team/team-state';
import { listFileName, ownerDocument, signFile } from '../../../electron/team/team-files';
import { publishOwn, StagePlace, stageRootFor } from '../../../electron/team/stage';
import { names, type Person, teamWorld } from './team-world';
import type { Vault } from '../../../electron/vault/vault';

let world: ReturnType<typeof teamWorld>;
afterEach(() => world?.close());

async function threePeople() {
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
  return { sodium, alice, bob, carol };
}

const keysOf = (p: Person) => new Map(Object.entries(needLocal(p.vault).keys).map(([g, k]) => [Number(g), new Uint8Array(Buffer.from(k, 'base64'))]));
const storeOf = (p: Person) => new ReplicaStore(world.folder, needTeam(p.vault).teamId);
const deviceOf = (p: Person) => needLocal(p.vault).deviceId;

/** A list version `signer` makes on the head `viewer` sees, written into `signer`'s own folder (as a hostile client would). */
async function signListAs(signer: Person, viewer: Vault, change: Parameters<typeof nextVersion>[5], parent?: { body: Parameters<typeof nextVersion>[3]; hash: string }) {
  const sodium = await loadSodium();
  const team = needTeam(viewer);
  const chain = currentChain(sodium, storeOf(signer), team);
  const base = parent ?? { body: chain.head, hash: chain.headHash };
  const { signed } = nextVersion(sodium, signer.identity, team.teamId, base.body, base.hash, change);
  const body = JSON.parse(signed.body);
  fs.writeFileSync(path.join(storeOf(signer).deviceFolder(deviceOf(signer)), listFileName(body.version, listHash(sodium, signed.body))), JSON.stringify(signed));
}

describe('a team vault under attack', () => {
  it('a member who signs a member list adding someone: their replica is refused whole, naming them and the change', async () => {
    const { sodium, alice, bob } = await threePeople();
    const mallory = await world.person('Mallory');
    bob.vault.add({ name: 'bob-also-adds-this' }, 'glpat-bob-cccccccccccccc');
    await teamSync(bob.vault);
    await signListAs(bob, bob.vault, { add: { who: mallory.identity, role: 'manager' }, keys: keysOf(bob) });
    const report = await teamSync(alice.vault);
    const refusal = report.teamRefused.find((r) => r.device === deviceOf(bob));
    expect(refusal?.why).toMatch(/^The replica of Bob's device [0-9a-f]{8} was refused whole, and nothing of it merged: Bob signed a member list \(version 4, adding Mallory as manager\) that was refused: only a manager may change the member list\.$/);
    const chain = currentChain(sodium, storeOf(alice), needTeam(alice.vault));
    expect(chain.head.members.map((m) => m.name)).toEqual(['Alice', 'Bob', 'Carol']);
    // Refused whole: Bob's token, though a member may add tokens, did not come in with it.
    expect(names(alice.vault)).toEqual(['deploy-bot']);
  }, 90_000);

  it('a member list forged in a manager\'s name (Bob signs a version saying Alice signed it) is refused, naming the forgery', async () => {
    const { sodium, alice, bob } = await threePeople();
    const mallory = await world.person('Mallory');
    const team = needTeam(bob.vault);
    const chain = currentChain(sodium, storeOf(bob), team);
    const { signed } = nextVersion(sodium, bob.identity, team.teamId, chain.head, chain.headHash, { add: { who: mallory.identity, role: 'manager' }, keys: keysOf(bob) });
    const forged = signList(sodium, bob.identity, { ...JSON.parse(signed.body), by: memberKey(sodium, alice.identity) });
    const body = JSON.parse(forged.body);
    fs.writeFileSync(path.join(storeOf(bob).deviceFolder(deviceOf(bob)), listFileName(body.version, listHash(sodium, forged.body))), JSON.stringify(forged));
    const report = await teamSync(alice.vault);
    expect(report.teamRefused.map((r) => r.why)).toEqual([
      expect.stringMatching(/^The replica of Bob's device [0-9a-f]{8} was refused whole, and nothing of it merged: Alice signed a member list \(version 4, adding Mallory as manager\) that was refused: its signature is forged \(it does not verify with the signer's key\)\.$/),
    ]);
    expect(currentChain(sodium, storeOf(alice), needTeam(alice.vault)).head.members.map((m) => m.name)).toEqual(['Alice', 'Bob', 'Carol']);
  }, 90_000);

  it('a member writing a change into another member\'s folder, signed with their own key, is refused as forged', async () => {
    const { sodium, alice, bob, carol } = await threePeople();
    bob.vault.add({ name: 'bob-token' }, 'glpat-bob-dddddddddddddd');
    await teamSync(bob.vault);
    // Carol re-signs Bob's newest change with her key: she could have sealed anything under the team key.
    const folder = storeOf(bob).deviceFolder(deviceOf(bob));
    const newest = fs.readdirSync(folder).filter((f) => parseDataFile(f)).sort().at(-1)!;
    const bytes = fs.readFileSync(path.join(folder, newest));
    fs.writeFileSync(path.join(folder, `${newest}.sig`), `${signFile(sodium, carol.identity, needTeam(bob.vault).teamId, deviceOf(bob), newest, bytes)}\n`);
    const report = await teamSync(alice.vault);
    expect(report.teamRefused.map((r) => r.why)).toEqual([expect.stringMatching(new RegExp(`^The replica of Bob's device [0-9a-f]{8} was refused whole, and nothing of it merged: ${newest.replace(/\./g, '\\.')} does not carry Bob's signature \\(forged or altered\\)\\.$`))]);
    expect(names(alice.vault)).toEqual(['deploy-bot']);
  }, 90_000);

  it('an outsider\'s folder in the place is refused, naming the name they gave and their fingerprint', async () => {
    const { sodium, alice } = await threePeople();
    const mallory = await world.person('Mallory');
    const teamId = needTeam(alice.vault).teamId;
    const folder = storeOf(alice).deviceFolder('00000000000000aa');
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'owner.json'), JSON.stringify(ownerDocument(sodium, mallory.identity, teamId, '00000000000000aa')));
    fs.writeFileSync(path.join(folder, 'device.json'), '{}');
    fs.writeFileSync(path.join(folder, 'device.json.sig'), signFile(sodium, mallory.identity, teamId, '00000000000000aa', 'device.json', new Uint8Array(Buffer.from('{}'))));
    const report = await teamSync(alice.vault);
    expect(report.teamRefused.map((r) => r.why)).toEqual([expect.stringMatching(/was refused whole: its owner, calling themselves Mallory \(fingerprint [0-9a-f ]{49}\), is not a member of this team\.$/)]);
  }, 90_000);

  it('a removed member: re-keyed away, their later changes refused, their key opens nothing written after removal', async () => {
    const { sodium, alice, bob, carol } = await threePeople();
    const removed = await removeMember(alice.vault, alice.identity, 'Bob');
    expect(removed.exposed).toBe(1);
    await teamSync(carol.vault);
    expect(needLocal(alice.vault).gen).toBe(2);
    expect(needLocal(carol.vault).gen).toBe(2);
    alice.vault.add({ name: 'after-removal' }, 'glpat-new-eeeeeeeeeeeeee');
    await teamSync(alice.vault);
    await teamSync(carol.vault);
    expect(names(carol.vault)).toEqual(['after-removal', 'deploy-bot']);

    // Bob's client ignores the removal and writes on (the engine straight into his folder, signed).
    bob.vault.add({ name: 'bob-after-removal' }, 'glpat-bob-ffffffffffffff');
    const stage = new StagePlace(stageRootFor(bob.vault.path), 'x');
    await syncNow(bob.vault, stage);
    const teamId = needTeam(bob.vault).teamId;
    publishOwn(sodium, bob.identity, teamId, deviceOf(bob), new ReplicaStore(stage.root, teamId).deviceFolder(deviceOf(bob)), storeOf(bob).deviceFolder(deviceOf(bob)));
    expect(names(bob.vault)).not.toContain('after-removal');

    const report = await teamSync(carol.vault);
    expect(report.teamRefused.map((r) => r.why)).toEqual([
      expect.stringMatching(/^Bob was removed from the team on \d{4}-\d\d-\d\d by Alice: the replica of Bob's device bob-desktop carries \d+ changes? made after that, which (was|were) refused; nothing of (it|them) merged\.$/),
    ]);
    expect(names(carol.vault)).toEqual(['after-removal', 'deploy-bot']);
    await expect(teamSync(bob.vault)).rejects.toThrow(/^You were removed from team "Platform" by Alice on \d{4}-\d\d-\d\d: this copy keeps the tokens you could read then, and syncs no more\.$/);

    // Every file Alice and Carol hold now is under the new key, which Bob never had.
    const bobKeys = Object.values(needLocal(bob.vault).keys).map((k) => new Uint8Array(Buffer.from(k, 'base64')));
    for (const p of [alice, carol]) {
      const store = storeOf(p);
      const files = store.files(deviceOf(p));
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) {
        expect(file.gen).toBe(2);
        for (const key of bobKeys) expect(openData(sodium, key, teamId, deviceOf(p), file, store.read(deviceOf(p), file)!)).toBeNull();
      }
    }
  }, 120_000);

  it('an old member list put back (a newer one deleted) stops the sync, and nothing merges', async () => {
    const { alice, bob, carol } = await threePeople();
    const aliceFolder = storeOf(alice).deviceFolder(deviceOf(alice));
    const before = fs.readdirSync(aliceFolder).filter((f) => f.startsWith('list-'));
    await removeMember(alice.vault, alice.identity, 'Bob');
    await teamSync(carol.vault);
    // Bob, still holding write access to the folder, deletes the list that removed him.
    for (const f of fs.readdirSync(aliceFolder)) if (f.startsWith('list-') && !before.includes(f)) fs.rmSync(path.join(aliceFolder, f));
    bob.vault.add({ name: 'bob-sneaks-in' }, 'glpat-bob-gggggggggggggg');
    await expect(teamSync(carol.vault)).rejects.toThrow(/^Nothing was synced with team "Platform": the member list this device last accepted \(version 4\) is no longer in the place: an older copy was put back or lists were deleted\.$/);
    expect(names(carol.vault)).toEqual(['deploy-bot']);
  }, 120_000);

  it('two managers removing each other at the same time: the earlier-joined one stands everywhere; a later back-dated change is ignored', async () => {
    const { sodium, alice, bob, carol } = await threePeople();
    await promoteMember(alice.vault, alice.identity, 'Bob', 'manager');
    await teamSync(bob.vault);
    await teamSync(carol.vault);
    const team = needTeam(carol.vault);
    const before = currentChain(sodium, storeOf(carol), team);
    // At the same moment: Alice removes Bob, and Bob (not having seen it) removes Alice.
    await removeMember(alice.vault, alice.identity, 'Bob');
    await signListAs(bob, bob.vault, { remove: { key: memberKey(sodium, alice.identity), devices: {} }, keys: keysOf(bob) }, { body: before.head, hash: before.headHash });
    const seenByCarol = await teamSync(carol.vault);
    expect(seenByCarol.lost).toEqual(["Bob's change to the members (removing Alice) was made at the same time as Alice's (removing Bob); Alice joined the team earlier, so theirs stands"]);
    const after = currentChain(sodium, storeOf(carol), needTeam(carol.vault)).head;
    expect(after.members.map((m) => m.name)).toEqual(['Alice', 'Carol']);
    expect((await teamSync(alice.vault)).lost).toHaveLength(1);
    expect((await teamSync(alice.vault)).lost).toHaveLength(0);
    await expect(teamSync(bob.vault)).rejects.toThrow(/You were removed from team "Platform" by Alice/);
    // Nobody lost a token.
    expect(names(carol.vault)).toEqual(['deploy-bot']);

    // Later, with the list moved on, Bob signs another change branching off the version where he was a manager.
    const dave = await world.person('Dave');
    await inviteMember(alice.vault, alice.identity, inviteCode(sodium, dave.identity));
    await teamSync(carol.vault);
    await signListAs(bob, carol.vault, { add: { who: (await world.person('Mallory')).identity, role: 'manager' }, keys: keysOf(bob) }, { body: before.head, hash: before.headHash });
    const later = await teamSync(carol.vault);
    expect(later.teamRefused).toEqual([]);
    expect(later.lost).toEqual([expect.stringMatching(/^Bob's change to the members \(version \d, adding Mallory as manager\) branches off version \d, older than the version this device accepted \(\d\), so it is ignored/)]);
    expect(currentChain(sodium, storeOf(carol), needTeam(carol.vault)).head.members.map((m) => m.name)).toEqual(['Alice', 'Carol', 'Dave']);
  }, 180_000);

  it('a member offline during a re-key comes back: takes the new key, and keeps and sends the edit made meanwhile', async () => {
    const { alice, carol } = await threePeople();
    carol.vault.add({ name: 'carol-offline-edit' }, 'glpat-carol-hhhhhhhhhhhh');
    await removeMember(alice.vault, alice.identity, 'Bob');
    const back = await teamSync(carol.vault);
    expect(back.rekeyed).toBe(true);
    expect(needLocal(carol.vault).gen).toBe(2);
    await teamSync(alice.vault);
    expect(names(alice.vault)).toEqual(['carol-offline-edit', 'deploy-bot']);
    expect(storeOf(carol).files(deviceOf(carol)).every((f) => f.gen === 2)).toBe(true);
  }, 120_000);

  it('a member\'s snapshot claiming changes another device never signed is refused, so that device\'s real changes still arrive', async () => {
    const { sodium, alice, bob, carol } = await threePeople();
    await teamSync(carol.vault);
    // Carol forges a snapshot saying she has merged a million of Alice's changes: copies that took it would ignore Alice from then on.
    const local = needLocal(carol.vault);
    const state = structuredClone(local.state);
    state.applied[deviceOf(alice)] = 1_000_000;
    const seq = state.applied[local.deviceId]!;
    const file = parseDataFile(dataFileName('snap', local.gen, seq))!;
    const bytes = sealData(sodium, new Uint8Array(Buffer.from(local.keys[local.gen]!, 'base64')), local.syncId, local.deviceId, file, state);
    const folder = storeOf(carol).deviceFolder(local.deviceId);
    fs.writeFileSync(path.join(folder, `${file.file}.sig`), `${signFile(sodium, carol.identity, local.syncId, local.deviceId, file.file, bytes)}\n`);
    fs.writeFileSync(path.join(folder, file.file), bytes);
    for (const f of fs.readdirSync(folder)) if (parseDataFile(f)?.kind === 'seg') fs.rmSync(path.join(folder, f));

    alice.vault.add({ name: 'alice-later' }, 'glpat-alice-iiiiiiiiiiii');
    await teamSync(alice.vault);
    const report = await teamSync(bob.vault);
    expect(names(bob.vault)).toEqual(['alice-later', 'deploy-bot']);
    // Taken in, the claim would have made Bob's copy skip every change of Alice's to come.
    expect(needLocal(bob.vault).state.applied[deviceOf(alice)]).toBeLessThan(1000);
    expect(report.teamRefused.map((r) => r.why)).toEqual([expect.stringMatching(/^The replica of Carol's device ([0-9a-f]{8}|carol-laptop) was refused whole, and nothing of it merged: its snapshot snap-1-\d+\.tv claims 1000000 changes of Alice's device alice-laptop, which has signed only \d+ in the place/)]);
  }, 120_000);

  it('an invite with a known person\'s name but another key is a loud warning, and changes nothing unless confirmed', async () => {
    const { sodium, alice } = await threePeople();
    const impostor = await world.person('Bob', 'impostor');
    await expect(inviteMember(alice.vault, alice.identity, inviteCode(sodium, impostor.identity))).rejects.toThrow(/^WARNING: this invite says it is Bob, but its key \(fingerprint [0-9a-f ]+\) is not the one Bob had in this team \([0-9a-f ]+\)\. Someone may be posing as Bob\. Nothing was changed\./);
    expect(currentChain(sodium, storeOf(alice), needTeam(alice.vault)).head.members).toHaveLength(3);
    await inviteMember(alice.vault, alice.identity, inviteCode(sodium, impostor.identity), { newKey: true });
    expect(currentChain(sodium, storeOf(alice), needTeam(alice.vault)).head.members).toHaveLength(4);
  }, 90_000);
});
