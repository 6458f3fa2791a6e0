// `tokenvault team log` as people type it, two people through a file:// git remote (the unit
// tests use a folder): a member's copy reaches the manager's log with the member's name on it;
// --token, --since, --csv and --json; usage errors exit 2; a log cut short in the place exits 4
// with the sentence on standard error and the rest still printed; the secret is in no output.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPerson, ok } from '../helpers/cli-person';
import { tempDir } from '../helpers/vault-fixture';

const SECRET = 'glpat-team-log-000000000';
const outputs: string[] = [];
/** Every output but a copy's (which prints the secret on purpose), to check none holds the secret. */
const person = (root: string, name: string) => cliPerson(root, name, (args, run) => {
  if (!args.includes('copy')) outputs.push(run.stdout, run.stderr);
});

describe('tokenvault team log', () => {
  it('shows who did what to which token, filters, exports CSV and JSON, and exits 4 on a log cut short', async () => {
    const root = tempDir('tv-cli-team-log-');
    const remote = path.join(root, 'tokens.git');
    expect(spawnSync('git', ['init', '--bare', '--quiet', remote]).status).toBe(0);
    const url = `file://${remote}`;
    const alice = person(root, 'alice');
    const bob = person(root, 'bob');
    for (const p of [alice, bob]) await ok(p.cli(['init', '--decryption-time', '100'], `${p.pw}\n${p.pw}\n`));
    await ok(alice.cli(['identity', '--name', 'Alice']));
    const bobId = JSON.parse((await ok(bob.cli(['identity', '--name', 'Bob', '--json']))).stdout) as { invite: string };
    await ok(alice.onTeam(['team', 'create', '--git', url, '--name', 'Platform', '--device', 'alice-laptop', '--decryption-time', '100']));
    await ok(alice.onTeam(['add', 'deploy-bot', '--kind', 'project', '--instance', 'https://gitlab.example'], `${alice.pw}\n${SECRET}\n`));
    await ok(alice.onTeam(['team', 'invite', bobId.invite]));
    await ok(bob.onTeam(['team', 'join', '--git', url, '--device', 'bob-desktop', '--decryption-time', '100']));
    expect((await ok(bob.onTeam(['copy', 'deploy-bot', '--stdout']))).stdout).toBe(`${SECRET}\n`);
    await ok(bob.onTeam(['team', 'sync']));
    await ok(alice.onTeam(['team', 'sync']));

    const human = await ok(alice.onTeam(['team', 'log']));
    const lines = human.stdout.trim().split('\n');
    expect(lines.map((l) => l.replace(/^\d{4}-\d\d-\d\d \d\d:\d\d {2}/, ''))).toEqual(['Alice  added "deploy-bot"', 'Alice  added a member "Bob" (as member, fingerprint ' + lines[1]!.split('fingerprint ')[1], 'Bob  showed the secret "deploy-bot" (to standard output)']);
    expect(human.stderr).toBe('');

    const json = JSON.parse((await ok(alice.onTeam(['team', 'log', 'Platform', '--json', '--token', 'deploy-bot']))).stdout);
    expect(json.team.name).toBe('Platform');
    expect(json.entries.map((e: { author: string; action: string }) => `${e.author} ${e.action}`)).toEqual(['Alice added', 'Bob shown']);
    expect(json.problems).toEqual([]);

    const csv = (await ok(alice.onTeam(['team', 'log', '--csv']))).stdout.trim().split('\n');
    expect(csv[0]).toBe('time,author,author fingerprint,author standing,action,token id,token or member name,detail,device,published');
    expect(csv).toHaveLength(4);
    expect(csv[3]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z,Bob,[0-9a-f ]{49},member,showed the secret,[0-9a-f-]+,deploy-bot,to standard output,[0-9a-f]{16},yes$/);

    expect((await ok(alice.onTeam(['team', 'log', '--since', '2999-01-01']))).stdout).toBe('No entries in team "Platform"\'s log since 2999-01-01.\n');
    for (const [args, said] of [
      [['--since', 'yesterday'], '--since takes a day as YYYY-MM-DD'],
      [['--csv', '--json'], 'Give --csv or --json, not both.'],
      [['Other'], 'is of team "Platform", not "Other"'],
    ] as const) {
      const wrong = await alice.onTeam(['team', 'log', ...args]);
      expect(wrong.status, wrong.stderr).toBe(2);
      expect(wrong.stderr).toContain(said);
      expect(wrong.stdout).toBe('');
    }

    // Bob's first batch deleted from Alice's clone of the place: said on stderr, exit 4, the rest printed.
    const clone = `${alice.team}.sync-git`;
    const batch = fs.readdirSync(clone, { recursive: true }).map(String).find((f) => /log-1-0000000001\.tv$/.test(f) && isBobs(clone, f));
    fs.rmSync(path.join(clone, batch!));
    const cut = await alice.onTeam(['team', 'log']);
    expect(cut.status).toBe(4);
    expect(cut.stderr).toMatch(/Bob's log on device "bob-desktop" in the place ends at batch 0, but this copy read it up to batch 1 before: its batches were deleted, or an older copy of the folder was put back\./);
    expect(cut.stderr).toMatch(/1 part of the log was refused or missing \(said above\); the rest is shown\.\n$/);
    expect(cut.stdout).toContain('Alice  added "deploy-bot"');
    expect(cut.stdout).not.toContain('Bob  showed');

    for (const text of outputs) expect(text).not.toContain(SECRET);
  }, 600_000);
});

/** Whether `file` (relative to the clone) lies in the folder of Bob's device: its owner.json names Bob. */
function isBobs(clone: string, file: string): boolean {
  try {
    return JSON.parse(JSON.parse(fs.readFileSync(path.join(clone, path.dirname(file), 'owner.json'), 'utf8')).body).name === 'Bob';
  } catch {
    return false;
  }
}
