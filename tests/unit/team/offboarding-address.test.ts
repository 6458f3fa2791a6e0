// Carol, a member, points a team token at a server of her own before she is removed: the
// rotation that follows her removal would send the secret she saw there and get the new one
// back through it. From her side: her server must never see a token, whatever she does to the
// address — change it openly, or forge a snapshot saying Alice changed it, or delete her folder
// so nothing signed names her — and the report says why that token was not rotated.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addDays, isoDay } from '../../../electron/gitlab/tokens';
import { GitLabClient } from '../../../electron/gitlab/client';
import { rotateEntry } from '../../../electron/gitlab/vault-ops';
import { loadSodium } from '../../../electron/vault/sodium';
import { needLocal } from '../../../electron/sync/engine';
import { dataFileName, parseDataFile, sealData } from '../../../electron/sync/replica-format';
import { ReplicaStore } from '../../../electron/sync/replica-store';
import { inviteCode } from '../../../electron/team/identity';
import { rotateAll, stillExposed } from '../../../electron/team/offboarding';
import { signFile } from '../../../electron/team/team-files';
import { createTeam, inviteMember, joinTeam, removeMember } from '../../../electron/team/team-setup';
import { teamSync } from '../../../electron/team/team-sync';
import { needTeam } from '../../../electron/team/team-state';
import { start, type Emulator } from '../../gitlab-emulator/server';
import { type Person, teamWorld } from './team-world';

let em: Emulator;
let fake: http.Server;
let fakeUrl = '';
const seenByFake: string[] = [];
beforeAll(async () => {
  em = await start();
  // Carol's server: it records every credential sent to it (a real one would pass the call on to GitLab).
  fake = http.createServer((req, res) => {
    seenByFake.push(`${req.method} ${req.url} ${String(req.headers['private-token'] ?? req.headers.authorization ?? '')}`);
    res.writeHead(502).end();
  });
  await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
  fakeUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await em.stop();
  await new Promise((resolve) => fake.close(resolve));
});
let world: ReturnType<typeof teamWorld>;
afterEach(() => world?.close());

const today = isoDay(new Date());
const idOf = (p: Person, name: string) => p.vault.list().find((e) => e.name === name)!.id;

async function teamWithTwoTokens() {
  world = teamWorld('tv-team-addr-');
  const sodium = await loadSodium();
  const [alice, carol] = [await world.person('Alice'), await world.person('Carol')];
  await createTeam(alice.vault, alice.identity, 'Platform', world.place, 'alice-laptop');
  const proxied = em.issueToken({ username: 'team-bot', name: 'ci-proxied', scopes: ['api'], expiresAt: addDays(today, 60), kind: 'personal' });
  const plain = em.issueToken({ username: 'team-bot', name: 'ci-plain', scopes: ['api'], expiresAt: addDays(today, 60), kind: 'personal' });
  alice.vault.add({ name: 'ci-proxied', kind: 'personal', instance: em.url }, proxied.secret);
  alice.vault.add({ name: 'ci-plain', kind: 'personal', instance: em.url }, plain.secret);
  await teamSync(alice.vault);
  await inviteMember(alice.vault, alice.identity, inviteCode(sodium, carol.identity));
  await joinTeam(carol.vault, carol.identity, world.place, 'carol-laptop');
  return { sodium, alice, carol, proxied, plain };
}

/** Alice's rotation of everything Carol could read, with the real GitLab client and rotation code. */
async function aliceRotates(alice: Person) {
  const exposed = stillExposed(await loadSodium(), needTeam(alice.vault), alice.vault);
  const outcomes = await rotateAll(
    exposed,
    (id) => alice.vault.get(id).instance,
    async (id) => (await rotateEntry(alice.vault, new GitLabClient({ instance: alice.vault.get(id).instance!, env: {}, timeoutMs: 5_000, retries: 0 }), id)).message,
  );
  return { exposed, outcomes };
}

describe('offboarding never sends a secret to an address a removed member may have chosen', () => {
  it('Carol sets a token\'s address to her server, is removed, Alice rotates: her server sees nothing, and the report says why', async () => {
    const { alice, carol, proxied } = await teamWithTwoTokens();
    seenByFake.length = 0;
    carol.vault.update(idOf(carol, 'ci-proxied'), { instance: fakeUrl });
    await teamSync(carol.vault);
    await teamSync(alice.vault);
    expect(alice.vault.get(idOf(alice, 'ci-proxied')).instance).toBe(fakeUrl);
    await removeMember(alice.vault, alice.identity, 'Carol');

    const { exposed, outcomes } = await aliceRotates(alice);
    const flagged = exposed.find((e) => e.name === 'ci-proxied')!;
    expect(flagged).toMatchObject({ addressChanged: true, addressSetBy: 'Carol', instance: fakeUrl });
    expect(exposed.find((e) => e.name === 'ci-plain')).toMatchObject({ addressChanged: false, addressSetBy: 'Alice', refusal: null });
    expect(outcomes.find((o) => o.name === 'ci-plain')).toMatchObject({ rotated: true });
    expect(outcomes.find((o) => o.name === 'ci-proxied')).toEqual({
      name: 'ci-proxied',
      rotated: false,
      message: expect.stringMatching(new RegExp(`^"ci-proxied" was not sent to GitLab: its address ${fakeUrl.replace(/\./g, '\\.')} was last set by Carol, who was removed from the team on \\d{4}-\\d\\d-\\d\\d by Alice, so that server could be theirs and would see the secret\\.`)),
    });
    expect(seenByFake).toEqual([]);
    expect(alice.vault.readSecret(idOf(alice, 'ci-proxied'))).toBe(proxied.secret);
  }, 120_000);

  it('a snapshot Carol forges to say Alice\'s change set the address to her server is refused whole, and the address stays Alice\'s', async () => {
    const { sodium, alice, carol } = await teamWithTwoTokens();
    seenByFake.length = 0;
    await teamSync(carol.vault);
    // Carol writes a snapshot whose address head names Alice's real change that set it, with her server's address instead.
    const local = needLocal(carol.vault);
    const state = structuredClone(local.state);
    const aliceDevice = needLocal(alice.vault).deviceId;
    const entity = state.ents[`e:${idOf(carol, 'ci-proxied')}`]!;
    const [head] = entity.f.instance!;
    expect(head!.o.startsWith(`${aliceDevice}:`)).toBe(true);
    entity.f.instance = [{ ...head!, v: fakeUrl }];
    const seq = (state.applied[local.deviceId] ?? 0) + 1;
    state.applied[local.deviceId] = seq;
    const file = parseDataFile(dataFileName('snap', local.gen, seq))!;
    const bytes = sealData(sodium, new Uint8Array(Buffer.from(local.keys[local.gen]!, 'base64')), local.syncId, local.deviceId, file, state);
    const folder = new ReplicaStore(world.folder, local.syncId).deviceFolder(local.deviceId);
    fs.writeFileSync(path.join(folder, `${file.file}.sig`), `${signFile(sodium, carol.identity, local.syncId, local.deviceId, file.file, bytes)}\n`);
    fs.writeFileSync(path.join(folder, file.file), bytes);
    for (const f of fs.readdirSync(folder)) if (parseDataFile(f)?.kind === 'seg') fs.rmSync(path.join(folder, f));

    const report = await teamSync(alice.vault);
    expect(report.teamRefused.map((r) => r.why)).toEqual([
      expect.stringMatching(/^The replica of Carol's device ([0-9a-f]{8}|carol-laptop) was refused whole, and nothing of it merged: its snapshot snap-\d+-\d+\.tv says this device's change \d+ wrote a token's GitLab address as a value that device's own signed files do not hold \(forged\)\.$/),
    ]);
    expect(alice.vault.get(idOf(alice, 'ci-proxied')).instance).toBe(em.url);
    await removeMember(alice.vault, alice.identity, 'Carol');
    const { exposed, outcomes } = await aliceRotates(alice);
    expect(exposed.find((e) => e.name === 'ci-proxied')).toMatchObject({ addressChanged: false, addressSetBy: 'Alice', refusal: null });
    expect(outcomes.map((o) => o.rotated)).toEqual([true, true]);
    expect(seenByFake).toEqual([]);
  }, 120_000);

  it('Carol deletes her folder after her change was merged: nothing signed names who set the address, so it is not trusted', async () => {
    const { alice, carol } = await teamWithTwoTokens();
    seenByFake.length = 0;
    carol.vault.update(idOf(carol, 'ci-proxied'), { instance: fakeUrl });
    await teamSync(carol.vault);
    await teamSync(alice.vault);
    fs.rmSync(new ReplicaStore(world.folder, needTeam(carol.vault).teamId).deviceFolder(needLocal(carol.vault).deviceId), { recursive: true });
    await removeMember(alice.vault, alice.identity, 'Carol');
    const { outcomes } = await aliceRotates(alice);
    expect(outcomes.find((o) => o.name === 'ci-proxied')).toMatchObject({ rotated: false, message: expect.stringContaining('no signed change in the team\'s place shows who set its address') });
    expect(outcomes.find((o) => o.name === 'ci-plain')).toMatchObject({ rotated: true });
    expect(seenByFake).toEqual([]);
  }, 120_000);

  it('an address Alice sets again after the removal is hers, and the token rotates', async () => {
    const { alice, carol, proxied } = await teamWithTwoTokens();
    carol.vault.update(idOf(carol, 'ci-proxied'), { instance: fakeUrl });
    await teamSync(carol.vault);
    await teamSync(alice.vault);
    await removeMember(alice.vault, alice.identity, 'Carol');
    alice.vault.update(idOf(alice, 'ci-proxied'), { instance: em.url });
    const { outcomes } = await aliceRotates(alice);
    expect(outcomes.find((o) => o.name === 'ci-proxied')).toMatchObject({ rotated: true });
    expect(alice.vault.readSecret(idOf(alice, 'ci-proxied'))).not.toBe(proxied.secret);
    await teamSync(alice.vault);
    // Synced, the address is Alice's change in the place too.
    expect(stillExposed(await loadSodium(), needTeam(alice.vault), alice.vault)).toEqual([]);
  }, 120_000);
});
