// The team's audit log through a shared folder, from the attacker's side: three people's acts
// arrive with the right authors; an entry forged in another member's name, a removed member's
// later entries, a log cut short, reordered or rewritten are each refused or flagged with a
// sentence naming who and what — never shown as genuine; no output carries a secret.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSodium } from '../../../electron/vault/sodium';
import { needLocal } from '../../../electron/sync/engine';
import { ReplicaStore } from '../../../electron/sync/replica-store';
import { inviteCode, memberKey } from '../../../electron/team/identity';
import { createTeam, inviteMember, joinTeam, removeMember } from '../../../electron/team/team-setup';
import { teamSync } from '../../../electron/team/team-sync';
import { needTeam } from '../../../electron/team/team-state';
import { signFile } from '../../../electron/team/team-files';
import { LOG_FORMAT, logFileName, publishJournal, readJournal, sealBatch } from '../../../electron/team/audit-log';
import { teamLog } from '../../../electron/team/team-log';
import { logCsv } from '../../../electron/team/log-csv';
import type { ReleaseRecord } from '../../../electron/vault/release-log';
import { type Person, teamWorld } from './team-world';

let world: ReturnType<typeof teamWorld>;
afterEach(() => world?.close());

const SECRETS = ['glpat-team-aaaaaaaaaaaa', 'glpat-bob-dddddddddddddd', 'glpat-new-eeeeeeeeeeeeee'];

async function threePeople() {
  world = teamWorld('tv-audit-');
  const sodium = await loadSodium();
  const [alice, bob, carol] = [await world.person('Alice'), await world.person('Bob'), await world.person('Carol')];
  await createTeam(alice.vault, alice.identity, 'Platform', world.place, 'alice-laptop');
  alice.vault.add({ name: 'deploy-bot', instance: 'https://gitlab.example', kind: 'project' }, SECRETS[0]!);
  await teamSync(alice.vault);
  await inviteMember(alice.vault, alice.identity, inviteCode(sodium, bob.identity));
  await inviteMember(alice.vault, alice.identity, inviteCode(sodium, carol.identity));
  await joinTeam(bob.vault, bob.identity, world.place, 'bob-desktop');
  await joinTeam(carol.vault, carol.identity, world.place, 'carol-laptop');
  return { sodium, alice, bob, carol };
}

const deviceOf = (p: Person) => needLocal(p.vault).deviceId;
const folderOf = (p: Person) => new ReplicaStore(world.folder, needTeam(p.vault).teamId).deviceFolder(deviceOf(p));
const keyOf = (p: Person, gen: number) => new Uint8Array(Buffer.from(needLocal(p.vault).keys[gen]!, 'base64'));
const idOf = (p: Person, name: string) => p.vault.find(name).id;

/** A copy as the CLI's `copy` logs it (cli/access.ts): the release log, which the vault journals for the team. */
function copyAs(p: Person, name: string, at = new Date().toISOString()): void {
  const entry = p.vault.find(name);
  p.vault.readSecret(entry.id);
  const record: ReleaseRecord = { at, entryId: entry.id, entryName: entry.name, purpose: 'copy', command: 'tokenvault copy (clipboard)', peerPid: 1, peerExe: null, via: 'cli' };
  p.vault.logRelease(record);
}

const logFiles = (p: Person) => fs.readdirSync(folderOf(p)).filter((f) => /^log-.*\.tv$/.test(f)).sort();
const said = (rows: { author: string; action: string; entryName: string | null }[]) => rows.map((r) => `${r.author} ${r.action} ${r.entryName}`);

describe('the team audit log', () => {
  it('entries from all three members arrive with the author their signature proves, on every copy', async () => {
    const { alice, bob, carol } = await threePeople();
    copyAs(bob, 'deploy-bot');
    await teamSync(bob.vault);
    carol.vault.update(idOf(carol, 'deploy-bot'), { description: 'CI for the platform' });
    await teamSync(carol.vault);
    await teamSync(alice.vault);
    const seen = await teamLog(alice.vault);
    expect(seen.problems).toEqual([]);
    expect(said(seen.rows)).toEqual(['Alice added deploy-bot', 'Alice member-added Bob', 'Alice member-added Carol', 'Bob copied deploy-bot', 'Carol changed deploy-bot']);
    expect(seen.rows.find((r) => r.action === 'changed')!.detail).toBe('description');
    expect(seen.rows.every((r) => !r.pending)).toBe(true);
    // Bob sees the same log; entries made and not yet synced show as his own, not yet sent.
    copyAs(bob, 'deploy-bot');
    const bobs = await teamLog(bob.vault, { token: { id: idOf(bob, 'deploy-bot'), name: 'deploy-bot' } });
    expect(said(bobs.rows)).toEqual(['Alice added deploy-bot', 'Bob copied deploy-bot', 'Carol changed deploy-bot', 'Bob copied deploy-bot']);
    expect(bobs.rows.at(-1)!.pending).toBe(true);
  }, 120_000);

  it('an entry forged in another member\'s name is refused with a sentence, and never shown', async () => {
    const { sodium, alice, bob, carol } = await threePeople();
    const teamId = needTeam(bob.vault).teamId;
    copyAs(bob, 'deploy-bot');
    await teamSync(bob.vault);
    // Carol writes batch 2 into Bob's folder: "Bob deleted deploy-bot", sealed under the team key, signed with her own key.
    const forged = sealBatch(sodium, keyOf(carol, 1), 1, { format: LOG_FORMAT, team: teamId, device: deviceOf(bob), by: memberKey(sodium, bob.identity), batch: 2, prev: readJournal(bob.vault)!.published!.hash, entries: [{ n: 2, at: new Date().toISOString(), action: 'deleted', entryId: idOf(bob, 'deploy-bot'), entryName: 'deploy-bot', detail: null }] });
    const name = logFileName(1, 2);
    fs.writeFileSync(path.join(folderOf(bob), name), forged.bytes);
    fs.writeFileSync(path.join(folderOf(bob), `${name}.sig`), `${signFile(sodium, carol.identity, teamId, deviceOf(bob), name, forged.bytes)}\n`);
    // And in her own folder, a batch that says Bob wrote it.
    const own = sealBatch(sodium, keyOf(carol, 1), 1, { format: LOG_FORMAT, team: teamId, device: deviceOf(carol), by: memberKey(sodium, bob.identity), batch: 1, prev: null, entries: [{ n: 1, at: new Date().toISOString(), action: 'revoked', entryId: idOf(carol, 'deploy-bot'), entryName: 'deploy-bot', detail: null }] });
    fs.mkdirSync(folderOf(carol), { recursive: true });
    fs.writeFileSync(path.join(folderOf(carol), logFileName(1, 1)), own.bytes);
    fs.writeFileSync(path.join(folderOf(carol), `${logFileName(1, 1)}.sig`), `${signFile(sodium, carol.identity, teamId, deviceOf(carol), logFileName(1, 1), own.bytes)}\n`);

    const seen = await teamLog(alice.vault);
    expect(said(seen.rows).filter((s) => !s.includes('member-added'))).toEqual(['Alice added deploy-bot', 'Bob copied deploy-bot']);
    expect(seen.problems).toHaveLength(2);
    expect(seen.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Batch 2 of Bob's log on device (?:[0-9a-f]{8}|"[a-z-]+") does not carry Bob's signature \(forged in Bob's name, or altered\): it was refused\.$/),
        expect.stringMatching(/^Batch 1 of Carol's log on device (?:[0-9a-f]{8}|"[a-z-]+") says it was written by Bob, but it is signed by Carol \(fingerprint [0-9a-f ]{49}\): an entry in someone else's name, refused\.$/),
      ]),
    );
  }, 120_000);

  it('a removed member\'s entries dated after the removal are refused; what they did before stays, marked removed', async () => {
    const { sodium, alice, bob, carol } = await threePeople();
    copyAs(bob, 'deploy-bot');
    await teamSync(bob.vault);
    await removeMember(alice.vault, alice.identity, 'Bob');
    await teamSync(carol.vault);
    // Bob's client ignores the removal: it seals his next entry under the key he still has and publishes it signed.
    copyAs(bob, 'deploy-bot', new Date(Date.now() + 60_000).toISOString());
    publishJournal(sodium, bob.vault, bob.identity, needTeam(bob.vault).teamId, deviceOf(bob), 1, keyOf(bob, 1), folderOf(bob));
    expect(logFiles(bob)).toHaveLength(2);

    const seen = await teamLog(carol.vault);
    const bobs = seen.rows.filter((r) => r.author === 'Bob');
    expect(bobs.map((r) => [r.action, r.standing])).toEqual([['copied', 'removed']]);
    expect(seen.problems).toEqual([expect.stringMatching(/^Bob was removed from the team on \d{4}-\d\d-\d\d by Alice: Bob's log on device (?:[0-9a-f]{8}|"[a-z-]+") carries 1 entry dated after that, which was refused\.$/)]);
    expect(said(seen.rows)).toContain('Alice member-removed Bob');
  }, 120_000);

  it('a log cut short, with a batch dropped from the middle, reordered or rewritten, is noticed and said', async () => {
    const { sodium, alice, bob } = await threePeople();
    for (let i = 0; i < 3; i++) {
      copyAs(bob, 'deploy-bot');
      await teamSync(bob.vault);
    }
    expect(logFiles(bob)).toEqual([logFileName(1, 1), logFileName(1, 2), logFileName(1, 3)]);
    expect((await teamLog(alice.vault)).problems).toEqual([]); // Alice's copy pins batch 3
    const folder = folderOf(bob);
    const keep = new Map(logFiles(bob).map((f) => [f, fs.readFileSync(path.join(folder, f))]));

    // The last batch deleted: the log ends earlier than Alice read it.
    fs.rmSync(path.join(folder, logFileName(1, 3)));
    expect((await teamLog(alice.vault)).problems).toEqual([expect.stringMatching(/^Bob's log on device (?:[0-9a-f]{8}|"[a-z-]+") in the place ends at batch 2, but this copy read it up to batch 3 before: the later batches were deleted, or an older copy of the folder was put back\.$/)]);

    // A middle batch dropped.
    fs.writeFileSync(path.join(folder, logFileName(1, 3)), keep.get(logFileName(1, 3))!);
    fs.rmSync(path.join(folder, logFileName(1, 2)));
    const dropped = await teamLog(alice.vault);
    expect(dropped.problems).toEqual([expect.stringMatching(/^Bob's log on device (?:[0-9a-f]{8}|"[a-z-]+") is missing batch 2: deleted from the place, so some of Bob's entries after batch 1 are not shown\.$/)]);
    expect(dropped.rows.filter((r) => r.author === 'Bob')).toHaveLength(2);

    // Two batches swapped (each file under the other's name, signatures moved along).
    fs.writeFileSync(path.join(folder, logFileName(1, 2)), keep.get(logFileName(1, 3))!);
    fs.writeFileSync(path.join(folder, logFileName(1, 3)), keep.get(logFileName(1, 2))!);
    fs.copyFileSync(path.join(folder, `${logFileName(1, 3)}.sig`), path.join(folder, 'tmp.sig'));
    fs.copyFileSync(path.join(folder, `${logFileName(1, 2)}.sig`), path.join(folder, `${logFileName(1, 3)}.sig`));
    fs.renameSync(path.join(folder, 'tmp.sig'), path.join(folder, `${logFileName(1, 2)}.sig`));
    const swapped = await teamLog(alice.vault);
    expect(swapped.problems).toEqual(expect.arrayContaining([expect.stringMatching(/^Batch 2 of Bob's log on device (?:[0-9a-f]{8}|"[a-z-]+") does not carry Bob's signature/)]));
    expect(swapped.rows.filter((r) => r.author === 'Bob').length).toBeLessThan(3);

    // A batch cut short (its last bytes gone).
    fs.writeFileSync(path.join(folder, logFileName(1, 2)), keep.get(logFileName(1, 2))!);
    fs.writeFileSync(path.join(folder, logFileName(1, 3)), keep.get(logFileName(1, 3))!.subarray(0, 40));
    fs.copyFileSync(path.join(folder, `${logFileName(1, 3)}.sig`), path.join(folder, 'tmp.sig'));
    fs.copyFileSync(path.join(folder, `${logFileName(1, 2)}.sig`), path.join(folder, `${logFileName(1, 3)}.sig`));
    fs.renameSync(path.join(folder, 'tmp.sig'), path.join(folder, `${logFileName(1, 2)}.sig`));
    expect((await teamLog(alice.vault)).problems).toEqual(expect.arrayContaining([expect.stringMatching(/^Batch 3 of Bob's log on device (?:[0-9a-f]{8}|"[a-z-]+") does not carry Bob's signature \(forged in Bob's name, or altered\): it was refused\.$/)]));

    // Bob himself rewrites batch 2 (leaving an entry out), re-signed with his own key: Alice read it before.
    const teamId = needTeam(bob.vault).teamId;
    const rewritten = sealBatch(sodium, keyOf(bob, 1), 1, { format: LOG_FORMAT, team: teamId, device: deviceOf(bob), by: memberKey(sodium, bob.identity), batch: 2, prev: 'f'.repeat(64), entries: [] });
    fs.writeFileSync(path.join(folder, logFileName(1, 2)), rewritten.bytes);
    fs.writeFileSync(path.join(folder, `${logFileName(1, 2)}.sig`), `${signFile(sodium, bob.identity, teamId, deviceOf(bob), logFileName(1, 2), rewritten.bytes)}\n`);
    fs.writeFileSync(path.join(folder, logFileName(1, 3)), keep.get(logFileName(1, 3))!);
    fs.writeFileSync(path.join(folder, `${logFileName(1, 3)}.sig`), `${signFile(sodium, bob.identity, teamId, deviceOf(bob), logFileName(1, 3), keep.get(logFileName(1, 3))!)}\n`);
    const problems = (await teamLog(alice.vault)).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Batch 2 of Bob's log on device (?:[0-9a-f]{8}|"[a-z-]+") does not follow batch 1 \(it names another one before it\): the log was reordered or a batch replaced/),
        expect.stringMatching(/^Batch 3 of Bob's log on device (?:[0-9a-f]{8}|"[a-z-]+") does not follow batch 2/),
      ]),
    );
  }, 180_000);

  it('neither the CSV, the JSON nor the place holds a secret; the place holds no token name either', async () => {
    const { alice, bob } = await threePeople();
    bob.vault.add({ name: '=HYPERLINK("https://evil.example","x")' }, SECRETS[1]!);
    copyAs(bob, 'deploy-bot');
    bob.vault.replaceSecret(idOf(bob, 'deploy-bot'), SECRETS[2]!, {}, { at: new Date().toISOString(), action: 'rotated' });
    await teamSync(bob.vault);
    await teamSync(alice.vault);
    const view = await teamLog(alice.vault);
    const csv = logCsv(view.rows);
    const json = JSON.stringify(view);
    expect(csv.split('\n')[0]).toBe('time,author,author fingerprint,author standing,action,token id,token or member name,detail,device,published');
    expect(csv).toContain('rotated');
    // A cell a spreadsheet would run as a formula is made inert.
    expect(csv).toContain(`"'=HYPERLINK(""https://evil.example"",""x"")"`);
    for (const secret of SECRETS) {
      expect(csv).not.toContain(secret);
      expect(json).not.toContain(secret);
    }
    const placeBytes = fs
      .readdirSync(world.folder, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => fs.readFileSync(path.join(d.parentPath, d.name)).toString('latin1'))
      .join('\n');
    for (const text of [...SECRETS, 'deploy-bot', 'HYPERLINK', 'copied', 'rotated']) expect(placeBytes).not.toContain(text);
  }, 120_000);

  it('a publish cut between its two steps loses nothing and makes no second batch', async () => {
    const { sodium, alice, bob } = await threePeople();
    copyAs(bob, 'deploy-bot');
    await teamSync(bob.vault);
    copyAs(bob, 'deploy-bot');
    // Step one (the batch sealed into the vault's outbox) happens; step two (the write) fails as a kill would leave it.
    const blocked = path.join(world.dir, 'not-a-folder');
    fs.writeFileSync(blocked, '');
    expect(() => publishJournal(sodium, bob.vault, bob.identity, needTeam(bob.vault).teamId, deviceOf(bob), 1, keyOf(bob, 1), path.join(blocked, 'x'))).toThrow();
    expect(readJournal(bob.vault)!.outbox).not.toBeNull();
    expect((await teamLog(bob.vault)).rows.filter((r) => r.author === 'Bob').map((r) => r.pending)).toEqual([false, true]);
    // Logged after the cut, before the next sync: it goes out in that sync too, after the outbox.
    copyAs(bob, 'deploy-bot');
    await teamSync(bob.vault);
    expect(logFiles(bob)).toEqual([logFileName(1, 1), logFileName(1, 2), logFileName(1, 3)]);
    expect(readJournal(bob.vault)).toMatchObject({ outbox: null, pending: [] });
    const seen = await teamLog(alice.vault);
    expect(seen.problems).toEqual([]);
    expect(seen.rows.filter((r) => r.author === 'Bob').map((r) => r.n)).toEqual([1, 2, 3]);
  }, 120_000);
});
