// `tokenvault identity` and `tokenvault team …` as people type them: each person a HOME of their
// own (their personal vault in its default place), a team copy each, through a shared folder and
// through a file:// git remote. A manager invites, a member joins and uses a token, a member
// cannot add members, a removal re-keys and lists what the leaver could read, and "rotate all"
// against the GitLab emulator rotates what GitLab allows and says plainly what it could not.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, isoDay } from '../../electron/gitlab/tokens';
import { start, type Emulator } from '../gitlab-emulator/server';
import { cliPerson, ok } from '../helpers/cli-person';
import { tempDir } from '../helpers/vault-fixture';

const today = isoDay(new Date());
let em: Emulator;
beforeAll(async () => {
  em = await start();
});
afterAll(async () => {
  await em.stop();
});

async function twoPeople(where: string[]) {
  const root = tempDir('tv-cli-team-');
  const alice = cliPerson(root, 'alice');
  const bob = cliPerson(root, 'bob');
  for (const p of [alice, bob]) await ok(p.cli(['init', '--decryption-time', '100'], `${p.pw}\n${p.pw}\n`));
  const made = await ok(alice.cli(['identity', '--name', 'alice']));
  expect(made.stdout).toMatch(/^Made your identity, "alice", and sealed it in .*\nFingerprint: ([0-9a-f]{4} ){9}[0-9a-f]{4}\nInvite code: tvid1\.[A-Za-z0-9_-]+\n/);
  const bobId = JSON.parse((await ok(bob.cli(['identity', '--name', 'Bob', '--json']))).stdout) as { name: string; fingerprint: string; invite: string };
  expect(bobId.fingerprint).toMatch(/^([0-9a-f]{4} ){9}[0-9a-f]{4}$/);
  const created = await ok(alice.onTeam(['team', 'create', ...where, '--name', 'Platform', '--device', 'alice-laptop', '--decryption-time', '100']));
  expect(created.stdout).not.toContain('Made your identity');
  expect(created.stdout).toMatch(/Team "Platform" is made at .*; you are its manager\./);
  return { root, alice, bob, bobId };
}

describe('tokenvault team', () => {
  it('through a folder: invite, join, use; a member cannot add members; a removal re-keys and says what the leaver still knows', async () => {
    const folder = tempDir('tv-team-folder-');
    const { alice, bob, bobId } = await twoPeople(['--folder', folder]);
    await ok(alice.onTeam(['add', 'deploy-bot', '--kind', 'project', '--instance', 'https://gitlab.example'], `${alice.pw}\nglpat-team-cli-0000000000\n`));
    await ok(alice.onTeam(['team', 'sync']));
    const invited = await ok(alice.onTeam(['team', 'invite', bobId.invite]));
    expect(invited.stdout).toContain(`Added Bob as member, fingerprint ${bobId.fingerprint}.`);

    const joined = await ok(bob.onTeam(['team', 'join', '--folder', folder, '--device', 'bob-desktop', '--decryption-time', '100']));
    expect(joined.stdout).toMatch(/Joined team "Platform": .* holds 1 token\./);
    expect(joined.stdout).toMatch(/Manager alice: fingerprint ([0-9a-f]{4} ){9}[0-9a-f]{4}/);
    expect((await ok(bob.onTeam(['copy', 'deploy-bot', '--stdout']))).stdout).toBe('glpat-team-cli-0000000000\n');
    const members = JSON.parse((await ok(bob.onTeam(['team', 'members', '--json']))).stdout);
    expect(members.members.map((m: { name: string; role: string; you: boolean }) => [m.name, m.role, m.you])).toEqual([
      ['alice', 'manager', false],
      ['Bob', 'member', true],
    ]);

    // Bob, a member, tries to add someone: refused, and the list is unchanged.
    const mallory = cliPerson(path.dirname(alice.team).replace(/alice$/, ''), 'mallory');
    await ok(mallory.cli(['init', '--decryption-time', '100'], `${mallory.pw}\n${mallory.pw}\n`));
    const malloryId = JSON.parse((await ok(mallory.cli(['identity', '--json']))).stdout) as { invite: string };
    const refused = await bob.onTeam(['team', 'invite', malloryId.invite]);
    expect(refused.status).toBe(1);
    expect(refused.stderr.trim()).toBe('tokenvault: Only a manager of team "Platform" may add members; you are a member. Ask alice.');
    // "sync now" would skip the team's checks: a team copy is refused there.
    const plain = await bob.onTeam(['sync', 'now']);
    expect(plain.status).toBe(2);
    expect(plain.stderr).toContain('This vault is a team copy; sync it with "tokenvault team sync".');

    const removed = await ok(alice.onTeam(['team', 'remove', 'Bob']));
    expect(removed.stdout).toContain('Removed Bob. The team moved to a new key, sealed to the others only');
    expect(removed.stdout).toContain('Bob still knows everything they could read until now: the 1 token below');
    expect(removed.stdout).toMatch(/deploy-bot \(project\) — read by Bob: to rotate through GitLab/);
    const gone = await bob.onTeam(['team', 'sync']);
    expect(gone.status).toBe(1);
    expect(gone.stderr).toMatch(/You were removed from team "Platform" by alice on \d{4}-\d\d-\d\d: this copy keeps the tokens you could read then, and syncs no more\./);
  }, 600_000);

  it('through a file:// git remote: what a member adds reaches the manager; a token moved from a personal vault reaches the members', async () => {
    const remote = path.join(tempDir('tv-team-git-'), 'tokens.git');
    expect(spawnSync('git', ['init', '--bare', '--quiet', remote]).status).toBe(0);
    const url = `file://${remote}`;
    const { alice, bob, bobId } = await twoPeople(['--git', url]);
    await ok(alice.onTeam(['team', 'invite', bobId.invite]));
    await ok(bob.onTeam(['team', 'join', '--git', url, '--decryption-time', '100']));
    await ok(bob.onTeam(['add', 'runner-reg', '--kind', 'other'], `${bob.pw}\nglrt-bob-git-000000000000\n`));
    // Alice moves a token of her personal vault into the team: the team copy's password first, then hers.
    await ok(alice.cli(['add', 'alice-own', '--kind', 'other'], `${alice.pw}\nplain-secret-move-0000000\n`));
    const moved = await ok(alice.onTeam(['team', 'move', 'alice-own'], `${alice.pw}\n${alice.pw}\n`));
    expect(moved.stdout).toContain('Moved "alice-own" into team "Platform"; every member can read it from their next team sync. Your personal copy is in its Trash (restorable for 30 days).');
    expect((await ok(alice.cli(['list', '--json']))).stdout).not.toContain('alice-own');
    await ok(bob.onTeam(['team', 'sync']));
    expect((await ok(bob.onTeam(['copy', 'alice-own', '--stdout']))).stdout).toBe('plain-secret-move-0000000\n');
    const synced = await ok(alice.onTeam(['team', 'sync']));
    expect(synced.stdout).toContain('  + runner-reg');
    expect((await ok(alice.onTeam(['copy', 'runner-reg', '--stdout']))).stdout).toBe('glrt-bob-git-000000000000\n');
  }, 600_000);

  it('remove --rotate: rotates through GitLab what it can, and the report says what it could not and why', async () => {
    const folder = tempDir('tv-team-rotate-');
    const { alice, bob, bobId } = await twoPeople(['--folder', folder]);
    const live = em.issueToken({ username: 'team-bot', name: 'ci-live', scopes: ['api'], expiresAt: addDays(today, 60), kind: 'personal' });
    const dead = em.issueToken({ username: 'team-bot', name: 'ci-dead', scopes: ['api'], expiresAt: addDays(today, 60), kind: 'personal', revoked: true });
    await ok(alice.onTeam(['add', 'ci-live', '--kind', 'personal', '--instance', em.url], `${alice.pw}\n${live.secret}\n`));
    await ok(alice.onTeam(['add', 'ci-dead', '--kind', 'personal', '--instance', em.url], `${alice.pw}\n${dead.secret}\n`));
    await ok(alice.onTeam(['add', 'shared-note', '--kind', 'other'], `${alice.pw}\nnot-a-gitlab-token-000000\n`));
    await ok(alice.onTeam(['team', 'invite', bobId.invite]));
    await ok(bob.onTeam(['team', 'join', '--folder', folder, '--decryption-time', '100']));

    const r = await alice.onTeam(['team', 'remove', 'Bob', '--rotate']);
    expect(r.status, r.stderr).toBe(5);
    expect(r.stdout).toMatch(/ rotated: ci-live — Rotated "ci-live": the new token is stored/);
    expect(r.stdout).toMatch(/ NOT rotated: ci-dead — .*revoked/);
    expect(r.stdout).toMatch(/ NOT rotated: shared-note — Token Vault does not know which kind of GitLab credential it is/);
    expect(r.stdout).toContain('1 rotated, 2 could not be.');
    expect(r.stderr).toContain('2 of 3 exposed tokens could not be rotated; see the report above.');
    for (const secret of [live.secret, dead.secret]) expect(r.stdout + r.stderr).not.toContain(secret);
    // The secret Bob saw no longer works; the stored one is new; only the two left are still exposed.
    const now = (await ok(alice.onTeam(['copy', 'ci-live', '--stdout']))).stdout.trim();
    expect(now).not.toBe(live.secret);
    const after = await ok(alice.onTeam(['team', 'rotate-exposed', '--dry-run']));
    expect(after.stdout).not.toContain('ci-live');
    expect(after.stdout).toContain('2 tokens to rotate');
  }, 600_000);
});
