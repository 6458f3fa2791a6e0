// `tokenvault sync now` when the newest segment of another device's replica is gone from the place
// before this device merged it — deleted in a synced folder, or by a commit on the git remote. It
// used to say "Synced" and the change never arrived; now it names SEGMENT_MISSING and the device,
// says the sync engine may still be carrying the file, exits 1, and once the file is back the next
// sync merges it and says "Synced". A newest.json changed by hand is refused (exit 4), not trusted.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bareRemote } from '../helpers/git-remote';
import { runCli } from '../helpers/run-cli';
import { tempDir } from '../helpers/vault-fixture';

const PW = 'sync master password';

function world(kind: 'folder' | 'git') {
  const dir = tempDir(`tv-cli-segmiss-${kind}-`);
  const runtime = tempDir('tv-run-');
  fs.chmodSync(runtime, 0o700);
  let where: string[];
  let remote: { bare: string; url: string } | null = null;
  if (kind === 'folder') {
    const folder = path.join(dir, 'Sync');
    fs.mkdirSync(folder);
    where = ['--folder', folder];
  } else {
    remote = bareRemote(dir);
    where = ['--git', remote.url];
  }
  const cli = (vault: string, args: string[], input = `${PW}\n`) => runCli(['--vault', path.join(dir, vault), ...args], input, { XDG_RUNTIME_DIR: runtime });
  expect(cli('d1.tokenvault', ['init', '--decryption-time', '100'], `${PW}\n${PW}\n`).status).toBe(0);
  expect(cli('d1.tokenvault', ['sync', 'setup', ...where, '--name', 'laptop']).status).toBe(0);
  const join = cli('d2.tokenvault', ['sync', 'join', ...where, '--name', 'desktop', '--decryption-time', '100']);
  expect(join.status, join.stderr).toBe(0);
  expect(cli('d1.tokenvault', ['sync', 'now']).stdout).toMatch(/^Synced with/m);
  const desktopId = JSON.parse(cli('d2.tokenvault', ['sync', 'status', '--json']).stdout).device.id as string;
  return { dir, cli, where, remote, desktopId };
}

const names = (out: string) => (JSON.parse(out) as { name: string }[]).map((e) => e.name).sort();

/** A working clone of the remote where someone else deletes, restores or edits a file. */
function otherClone(dir: string, url: string) {
  const work = path.join(dir, 'someone-else');
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=someone', '-c', 'user.email=someone@example.org', ...args], { cwd: work, encoding: 'utf8' });
  execFileSync('git', ['clone', '--quiet', '--branch', 'main', url, work]);
  return { work, git };
}

function expectSegmentMissing(now: ReturnType<typeof runCli>): void {
  expect(`${now.stdout}\n${now.stderr}`).not.toMatch(/^Synced/m);
  expect(now.stdout).toMatch(/^Not fully synced with the .* \(SEGMENT_MISSING; see below\)/m);
  expect(now.stderr).toMatch(/"desktop" names change \d+ as its newest, but holds changes only up to \d+/);
  expect(now.stderr).toMatch(/sync engine may still be carrying/);
  expect(now.status).toBe(1);
}

describe('tokenvault sync now with the newest segment of another device gone', () => {
  it('through a folder: SEGMENT_MISSING and exit 1, then "Synced" with the change once the file is back', () => {
    const { dir, cli, where, desktopId } = world('folder');
    expect(cli('d2.tokenvault', ['add', 'late-token'], `${PW}\nglpat-late-token-0000\n`).status).toBe(0);
    expect(cli('d2.tokenvault', ['sync', 'now']).status).toBe(0);
    const replicas = path.join(where[1]!, fs.readdirSync(where[1]!).find((n) => n.startsWith('tokenvault-'))!, desktopId);
    const seg = fs.readdirSync(replicas).filter((f) => f.startsWith('seg-')).sort().at(-1)!;
    fs.renameSync(path.join(replicas, seg), path.join(dir, seg));

    expectSegmentMissing(cli('d1.tokenvault', ['sync', 'now']));
    expect(names(cli('d1.tokenvault', ['list', '--json']).stdout)).not.toContain('late-token');
    const status = JSON.parse(cli('d1.tokenvault', ['sync', 'status', '--json']).stdout);
    expect(status.lastSync).toMatchObject({ ok: false, code: 'SEGMENT_MISSING' });

    fs.renameSync(path.join(dir, seg), path.join(replicas, seg));
    const back = cli('d1.tokenvault', ['sync', 'now']);
    expect(back.stdout).toMatch(/^Synced with the folder .*: 1 added/m);
    expect(back.status, back.stderr).toBe(0);
    expect(names(cli('d1.tokenvault', ['list', '--json']).stdout)).toContain('late-token');
  }, 300_000);

  it('through a git remote: a commit deleting it is SEGMENT_MISSING and exit 1; reverted, the next sync merges it', () => {
    const { dir, cli, remote, desktopId } = world('git');
    expect(cli('d2.tokenvault', ['add', 'late-token'], `${PW}\nglpat-late-token-0000\n`).status).toBe(0);
    expect(cli('d2.tokenvault', ['sync', 'now']).status).toBe(0);
    const { work, git } = otherClone(dir, remote!.url);
    const replicas = path.join(fs.readdirSync(work).find((n) => n.startsWith('tokenvault-'))!, desktopId);
    const seg = fs.readdirSync(path.join(work, replicas)).filter((f) => f.startsWith('seg-')).sort().at(-1)!;
    git('rm', '--quiet', path.join(replicas, seg));
    git('commit', '--quiet', '-m', 'clean up');
    git('push', '--quiet', 'origin', 'HEAD');

    expectSegmentMissing(cli('d1.tokenvault', ['sync', 'now']));
    expect(names(cli('d1.tokenvault', ['list', '--json']).stdout)).not.toContain('late-token');

    git('revert', '--no-edit', 'HEAD');
    git('push', '--quiet', 'origin', 'HEAD');
    const back = cli('d1.tokenvault', ['sync', 'now']);
    expect(back.stdout).toMatch(/^Synced with the git remote .*: 1 added/m);
    expect(back.status, back.stderr).toBe(0);
    expect(names(cli('d1.tokenvault', ['list', '--json']).stdout)).toContain('late-token');
  }, 300_000);

  it('a newest.json whose number was raised is refused by name (exit 4), and nothing of that replica merges', () => {
    const { cli, where, desktopId } = world('folder');
    expect(cli('d2.tokenvault', ['add', 'late-token'], `${PW}\nglpat-late-token-0000\n`).status).toBe(0);
    expect(cli('d2.tokenvault', ['sync', 'now']).status).toBe(0);
    const file = path.join(where[1]!, fs.readdirSync(where[1]!).find((n) => n.startsWith('tokenvault-'))!, desktopId, 'newest.json');
    const newest = JSON.parse(fs.readFileSync(file, 'utf8'));
    fs.writeFileSync(file, JSON.stringify({ ...newest, seq: newest.seq + 3 }));
    const now = cli('d1.tokenvault', ['sync', 'now']);
    expect(now.stdout).toMatch(/^Not fully synced with the folder .* \(REPLICA_REFUSED; see below\)/m);
    expect(now.stderr).toMatch(/replica of desktop was refused, and nothing of it merged: its newest\.json\b.*does not authenticate/);
    expect(now.stderr).not.toMatch(/SEGMENT_MISSING|still be carrying/);
    expect(now.status).toBe(4);
    expect(names(cli('d1.tokenvault', ['list', '--json']).stdout)).not.toContain('late-token');
  }, 300_000);
});
