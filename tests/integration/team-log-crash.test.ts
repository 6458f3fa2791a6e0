// Two processes write one team copy's audit journal at once, one of them publishing with team
// syncs as it goes, and each is killed with SIGKILL at a random moment: every entry either writer
// had been told was logged reaches the other members, exactly once, numbered without a gap, and
// the log reads without a single problem.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { loadSodium } from '../../electron/vault/sodium';
import { Vault } from '../../electron/vault/vault';
import { inviteCode } from '../../electron/team/identity';
import { createTeam, inviteMember, joinTeam } from '../../electron/team/team-setup';
import { teamSync } from '../../electron/team/team-sync';
import { teamLog } from '../../electron/team/team-log';
import { PASSWORD, tempDir } from '../helpers/vault-fixture';
import { teamWorld } from '../unit/team/team-world';

const TRIALS = Number(process.env.TEAM_LOG_CRASH_TRIALS ?? 3);
// The net grows with the hunt: 60 trials with both cores busy (load 20) ran past a fixed 10 minutes.
const NET_MS = Math.max(600_000, TRIALS * 20_000);
let writer = '';
let world: ReturnType<typeof teamWorld>;
afterEach(() => world?.close());

beforeAll(async () => {
  writer = path.join(tempDir('tv-journal-crash-bin-'), 'journal-writer.mjs');
  await build({ entryPoints: ['tests/helpers/journal-writer.ts'], outfile: writer, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'warning' });
  fs.symlinkSync(path.resolve('node_modules'), path.join(path.dirname(writer), 'node_modules'));
});

function runAndKill(file: string, tag: string, mode: 'sync' | 'append'): Promise<string[]> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [writer, file, PASSWORD, tag, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (d) => {
      timer ??= setTimeout(() => child.kill('SIGKILL'), 300 + Math.floor(Math.random() * 1500));
      out += d;
    });
    child.on('exit', () => {
      clearTimeout(timer);
      resolve(out.split('\n').filter((l) => l.startsWith('logged ')).map((l) => l.slice('logged '.length)));
    });
  });
}

it('two writers killed with SIGKILL lose no acknowledged entry, and none arrives twice', async () => {
  world = teamWorld('tv-journal-crash-');
  const sodium = await loadSodium();
  const alice = await world.person('Alice');
  const bob = await world.person('Bob');
  await createTeam(alice.vault, alice.identity, 'Platform', world.place, 'alice-laptop');
  alice.vault.add({ name: 'deploy-bot', kind: 'project' }, 'glpat-team-aaaaaaaaaaaa');
  await teamSync(alice.vault);
  await inviteMember(alice.vault, alice.identity, inviteCode(sodium, bob.identity));
  await joinTeam(bob.vault, bob.identity, world.place, 'bob-desktop');
  const file = bob.vault.path;
  bob.vault.close();

  const acknowledged: string[] = [];
  for (let trial = 0; trial < TRIALS; trial++) {
    const both = await Promise.all([runAndKill(file, `s${trial}`, 'sync'), runAndKill(file, `a${trial}`, 'append')]);
    acknowledged.push(...both.flat());
  }
  expect(acknowledged.length).toBeGreaterThan(TRIALS * 2);

  const reopened = Vault.open(file);
  await reopened.unlock(PASSWORD);
  await teamSync(reopened);
  reopened.close();
  const log = await teamLog(alice.vault);
  expect(log.problems).toEqual([]);
  const bobs = log.rows.filter((r) => r.author === 'Bob');
  // Numbered in the order their transactions committed (the clock each took may interleave across processes).
  const numbers = bobs.map((r) => r.n).sort((x, y) => x - y);
  expect(numbers).toEqual(numbers.map((_n, i) => i + 1));
  const programs = bobs.map((r) => r.detail);
  // Named on failure: which acknowledged entries arrived never or twice.
  expect(acknowledged.filter((tag) => programs.filter((p) => p === tag).length !== 1)).toEqual([]);
}, NET_MS);
