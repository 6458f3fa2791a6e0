// Unlock once, then the CLI, git and scripts work without the password: real processes
// throughout — the built CLI, the detached headless agent it starts, and real git.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { agentWorld, PW, WITH_PASSWORD, type AgentWorld } from '../helpers/agent-env';
import { CLI } from '../helpers/run-cli';
import { tempDir } from '../helpers/vault-fixture';

const SECRET = 'glpat-agentSecret_0123456789ab';
const OTHER = 'glpat-otherSecret_0123456789ab';
let world: AgentWorld;

afterEach(() => world?.stop());

/** git with only our helper configured, no prompts, and none of this machine's git config. */
export function git(w: AgentWorld, args: string[], input = '') {
  const home = tempDir('tv-git-home-');
  const result = spawnSync('git', ['-c', 'credential.helper=', '-c', `credential.helper=!"${process.execPath}" "${CLI}" git-credential`, ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, ...w.env, HOME: home, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: '', SSH_ASKPASS: '' },
    timeout: 30_000,
  });
  fs.rmSync(home, { recursive: true, force: true });
  return result;
}

describe('tokenvault unlock and the headless agent', () => {
  it('unlock once: show, add, copy and list need no password; lock ends it', () => {
    world = agentWorld();
    const unlock = world.cli(['unlock', '--minutes', '5'], `${PW}\n`);
    expect(unlock.status, unlock.stderr).toBe(0);
    expect(unlock.stdout).toMatch(/Unlocked in the agent \(pid \d+\); it locks after 5 idle minutes/);

    // No password on standard input: each would fail with "Standard input ended" if it prompted.
    const add = world.cli(['add', 'ci', '--instance', 'https://gitlab.example.com', '--kind', 'personal', '--scopes', 'read_repository'], `${PW}\n${SECRET}\n`, WITH_PASSWORD);
    expect(add.status, add.stderr).toBe(0);
    expect(world.cli(['show', 'ci', '--json']).stdout).toContain('"instance": "https://gitlab.example.com"');
    expect(world.cli(['copy', 'ci', '--stdout'])).toMatchObject({ status: 0, stdout: `${SECRET}\n` });
    expect(JSON.parse(world.cli(['list', '--json']).stdout).map((e: { name: string }) => e.name)).toEqual(['ci']);
    expect(world.cli(['agent', 'status'])).toMatchObject({ status: 0, stdout: expect.stringMatching(/Headless agent, pid \d+: unlocked/) });

    expect(world.cli(['lock'])).toMatchObject({ status: 0, stdout: 'Locked; the agent has stopped.\n' });
    const after = world.cli(['show', 'ci'], '', WITH_PASSWORD);
    expect(after.status).toBe(2);
    expect(after.stderr).toMatch(/Standard input ended before the master password/);
    // A script that relies on the agent is told plainly that none serves the vault.
    expect(world.cli(['show', 'ci'])).toMatchObject({ status: 1, stderr: 'tokenvault: No unlocked agent serves this vault, and --no-password (or TOKENVAULT_NO_PASSWORD=1) says not to read a master password: run "tokenvault unlock" first.\n' });
    expect(world.cli(['agent', 'status']).status).toBe(1);
    // What was added through the agent is in the file, for a plain unlock too.
    expect(world.cli(['copy', 'ci', '--stdout'], `${PW}\n`, WITH_PASSWORD).stdout).toBe(`${SECRET}\n`);
  });

  it('a wrong password at unlock: exit 3, and the agent started for it does not linger', () => {
    world = agentWorld();
    const unlock = world.cli(['unlock'], 'wrong\n');
    expect(unlock.status).toBe(3);
    expect(unlock.stderr).toMatch(/^tokenvault: Wrong master password/);
    expect(world.agentPid()).toBeNull();
  });

  it('git gets the right token for the right host, nothing for another host, nothing once locked', () => {
    world = agentWorld();
    world.cli(['unlock'], `${PW}\n`);
    world.cli(['add', 'ci', '--instance', 'https://gitlab.example.com', '--kind', 'personal'], `${PW}\n${SECRET}\n`, WITH_PASSWORD);
    world.cli(['add', 'other', '--instance', 'https://gitlab.other.org:8443', '--kind', 'personal'], `${PW}\n${OTHER}\n`, WITH_PASSWORD);

    const fill = git(world, ['credential', 'fill'], 'protocol=https\nhost=gitlab.example.com\npath=group/project.git\n\n');
    expect(fill.status, fill.stderr).toBe(0);
    expect(fill.stdout).toContain(`password=${SECRET}\n`);
    expect(fill.stdout).toContain('username=oauth2\n');

    const port = git(world, ['credential', 'fill'], 'protocol=https\nhost=gitlab.other.org:8443\n\n');
    expect(port.stdout).toContain(`password=${OTHER}\n`);

    // Another host, or plain http to ours: we say nothing, git falls back (and, with prompts off, gives up).
    for (const input of ['protocol=https\nhost=github.com\n\n', 'protocol=http\nhost=gitlab.example.com\n\n']) {
      const none = git(world, ['credential', 'fill'], input);
      expect(none.status).not.toBe(0);
      expect(none.stdout).not.toContain('password=');
    }

    const log = JSON.parse(world.cli(['agent', 'log', '--json']).stdout) as Array<{ entryName: string; purpose: string; command: string; peerPid: number }>;
    expect(log.map((r) => [r.entryName, r.purpose])).toEqual([['other', 'git'], ['ci', 'git']]);
    // Without credential.useHttpPath git sends no path; the caller is git itself, past the shell it wraps the helper in.
    expect(log[1]!.command).toBe('git credential for https://gitlab.example.com (git -c credential.helper= -c credential.helper=!"' + process.execPath + '" "' + CLI + '" git-credential credential fill)');
    expect(log[1]!.peerPid).toBeGreaterThan(0);

    world.cli(['lock']);
    const locked = git(world, ['credential', 'fill'], 'protocol=https\nhost=gitlab.example.com\n\n');
    expect(locked.stdout).not.toContain('password=');
  });

  it('run --env: the token only in the child\'s environment, its exit status passed through', () => {
    world = agentWorld();
    world.cli(['unlock'], `${PW}\n`);
    world.cli(['add', 'ci'], `${SECRET}\n`);
    const run = world.cli(['run', '--env', 'GITLAB_TOKEN=ci', '--', 'sh', '-c', 'test "$GITLAB_TOKEN" = "$0" && echo same; exit 7', SECRET]);
    expect(run).toMatchObject({ status: 7, stdout: 'same\n', stderr: '' });
    const log = JSON.parse(world.cli(['agent', 'log', '--json']).stdout) as Array<{ purpose: string; command: string }>;
    expect(log[0]).toMatchObject({ purpose: 'run', command: expect.stringMatching(/^tokenvault run sh -c/) });

    expect(world.cli(['run', '--env', 'T=nope', '--', 'true'])).toMatchObject({ status: 1, stderr: 'tokenvault: No token named or with id "nope" is in the vault.\n' });
    expect(world.cli(['run', '--env', '1BAD=ci', '--', 'true']).status).toBe(2);
    expect(world.cli(['run', '--env', 'T=ci', '--env', 'T=ci', '--', 'true']).stderr).toMatch(/T is given twice/);
    expect(world.cli(['run', '--', 'true']).stderr).toMatch(/at least one token/);
    expect(world.cli(['run', '--env', 'T=ci', '--', 'no-such-program-here'])).toMatchObject({ status: 127, stderr: 'tokenvault: No program named "no-such-program-here" was found.\n' });
  });

  it('run forwards signals to the child and exits as the child did', async () => {
    world = agentWorld();
    world.cli(['unlock'], `${PW}\n`);
    world.cli(['add', 'ci'], `${SECRET}\n`);
    const child = spawn(process.execPath, [CLI, 'run', '--env', 'T=ci', '--', 'sh', '-c', 'trap "echo got-term; exit 42" TERM; echo ready; while :; do sleep 0.05; done'], {
      env: { ...process.env, ...world.env },
    });
    let out = '';
    await new Promise<void>((resolve) => child.stdout.on('data', (d) => ((out += d), out.includes('ready') && resolve())));
    child.kill('SIGTERM');
    const status = await new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    expect(status).toBe(42);
    expect(out).toContain('got-term');

    // A signal that reaches us while the child is still starting is passed on, too: here the
    // child signals us as its first act, racing our set-up.
    const early = spawnSync(process.execPath, [CLI, 'run', '--env', 'T=ci', '--', 'sh', '-c', 'trap "echo got-term; exit 43" TERM; kill -TERM $PPID; while :; do sleep 0.05; done'], { env: { ...process.env, ...world.env }, encoding: 'utf8', timeout: 20_000 });
    expect(early).toMatchObject({ status: 43, signal: null, stdout: 'got-term\n' });

    // A child killed by a signal: we die of the same signal.
    const killed = spawnSync(process.execPath, [CLI, 'run', '--env', 'T=ci', '--', 'sh', '-c', 'kill -KILL $$'], { env: { ...process.env, ...world.env } });
    expect(killed.signal).toBe('SIGKILL');
  });

  it('without an agent, run and copy ask for the password as before, and still log the release', () => {
    world = agentWorld();
    world.cli(['add', 'ci'], `${PW}\n${SECRET}\n`, WITH_PASSWORD);
    expect(world.cli(['run', '--env', 'T=ci', '--', 'sh', '-c', 'printf %s "$T"'], `${PW}\n`, WITH_PASSWORD)).toMatchObject({ status: 0, stdout: SECRET });
    const log = JSON.parse(world.cli(['agent', 'log', '--json'], `${PW}\n`, WITH_PASSWORD).stdout) as Array<{ via: string; purpose: string }>;
    expect(log).toEqual([expect.objectContaining({ via: 'cli', purpose: 'run' })]);
  });
});
