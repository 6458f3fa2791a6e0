// dist/cli.cjs (the bin) answers some command lines without loading the full CLI (cli-entry.ts): help,
// and show, add, copy --stdout and git's credential helper through the unlocked agent. Whatever
// it answers must be exactly what the full CLI says for the same input — the same standard
// output, standard error and exit status, byte for byte, errors included — and whatever it
// cannot serve (no agent, a locked one, piped input that starts with the master password, an
// unusual command line) it hands to the full CLI.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildProgram } from '../../electron/cli';
import { helpTemplates } from '../../electron/cli/help-template';
import { agentWorld, PW, WITH_PASSWORD, type AgentWorld } from '../helpers/agent-env';
import { CLI, type CliResult } from '../helpers/run-cli';
import { tempDir } from '../helpers/vault-fixture';

const FULL_CLI = path.resolve('tests/helpers/full-cli.mjs');
const RECORDER = path.resolve('tests/helpers/module-recorder.mjs');
const SECRET = 'glpat-fastPathSecret_0123456789';

function run(file: string, args: string[], input = '', env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file, ...args], { env: { ...process.env, DISPLAY: '', WAYLAND_DISPLAY: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** The entry and the full CLI on the same input, side by side. */
async function both(args: string[], input = '', env: NodeJS.ProcessEnv = {}): Promise<{ fast: CliResult; full: CliResult }> {
  const [fast, full] = await Promise.all([run(CLI, args, input, env), run(FULL_CLI, args, input, env)]);
  return { fast, full };
}

/** The entry alone, recording whether it loaded the full CLI (dist/chunks/cli.mjs) to answer. */
async function entry(args: string[], input: string, env: NodeJS.ProcessEnv): Promise<CliResult & { loadedFullCli: boolean }> {
  const log = path.join(tempDir('tv-modules-'), 'modules.txt');
  fs.writeFileSync(log, '');
  const result = await run(CLI, args, input, { ...env, NODE_OPTIONS: `--import ${RECORDER}`, TV_MODULE_LOG: log });
  return { ...result, loadedFullCli: fs.readFileSync(log, 'utf8').includes('/dist/chunks/cli.mjs') };
}

let world: AgentWorld | undefined;
afterEach(() => world?.stop());

describe('help from the entry', () => {
  it('is the full CLI\'s: `help`, `help NAME`, -h, nothing at all, and a sample of commands (help-render.test.ts holds every command to commander)', async () => {
    const paths = Object.keys(helpTemplates(buildProgram().program).commands);
    // The build wrote every command's help into the entry: one of each depth, a hidden one, and a variadic one.
    const sample = ['add', 'gitlab', 'gitlab verify', 'git-credential get', 'agent serve', 'run', paths[paths.length - 1]!];
    const lines = [[], ['-h'], ['--help'], ['help'], ['help', 'add'], ...sample.map((p) => [...p.split(' '), '--help'])];
    for (const args of lines) {
      const { fast, full } = await both(args);
      expect(fast, `tokenvault ${args.join(' ')}`).toEqual(full);
      expect(fast.stdout + fast.stderr).toMatch(/^Usage: tokenvault/);
    }
  });

  it('leaves other shapes to the full CLI, which answers them as before', async () => {
    for (const args of [['help', 'nope'], ['--version'], ['nope', '--help'], ['show', '--help', 'x']]) {
      const { fast, full } = await both(args);
      expect(fast, `tokenvault ${args.join(' ')}`).toEqual(full);
    }
  });
});

describe('commands the unlocked agent serves, from the entry', () => {
  async function unlockedWorld(): Promise<AgentWorld> {
    world = agentWorld();
    expect(world.cli(['unlock', '--minutes', '5'], `${PW}\n`).status).toBe(0);
    // git's first answer at a host is the user's choice: this add types the master password.
    expect(world.cli(['add', 'ci', '--instance', 'https://gitlab.example.com', '--kind', 'personal', '--scopes', 'api, read_api'], `${PW}\n${SECRET}\n`, WITH_PASSWORD).status).toBe(0);
    return world;
  }

  it('say what the full CLI says, answers and errors, without loading it', async () => {
    const { env, vault } = await unlockedWorld();
    const served: [string[], string][] = [
      [['show', 'ci'], ''],
      [['--vault', vault, 'show', 'ci', '--json'], ''],
      [['show', 'nope'], ''], // unknown name: exit 1, one sentence
      [['copy', 'ci', '--stdout'], ''],
      [['git-credential', 'get'], 'protocol=https\nhost=gitlab.example.com\n\n'],
      [['git-credential', 'get'], 'protocol=https\nhost=elsewhere.example.com\n\n'], // no token there: silence
      [['git-credential', 'get'], 'not a key value line\n\n'], // exit 2
      [['add', 'ci'], 'glpat-anotherSecret_0123456789ab\n'], // the name is taken
      [['add', 'wrong-kind', '--kind', 'deploy'], `${SECRET}x\n`], // a personal token stored as a deploy token: exit 2
      [['add', 'is-the-master'], `${PW}\n`], // the master password is never stored as a token
      [['git-credential', 'get'], 'correct horse battery staple 2026!\nprotocol=https\nhost=h\n\n'], // a password piped by mistake: named by line, never echoed
    ];
    for (const [args, input] of served) {
      const { fast, full } = await both(args, input, env);
      expect(fast, `tokenvault ${args.join(' ')}`).toEqual(full);
    }
    for (const [args, input] of [served[0]!, served[4]!, served[8]!]) {
      const recorded = await entry(args, input, env);
      expect(recorded.loadedFullCli, `tokenvault ${args.join(' ')} was served without the full CLI`).toBe(false);
    }
    const misfed = await both(['git-credential', 'get'], 'correct horse battery staple 2026!\nprotocol=https\nhost=h\n\n', env);
    expect(misfed.fast.stderr).toContain('line 1');
    expect(misfed.fast.stderr).not.toContain('horse');
    const sent = await both(['copy', 'ci', '--stdout'], '', env);
    expect(sent.fast).toEqual({ status: 0, stdout: `${SECRET}\n`, stderr: '' });
    // The release log names the command the same way whichever path served it.
    const log = JSON.parse(world!.cli(['agent', 'log', '--json']).stdout) as { command: string; via: string }[];
    expect(new Set(log.filter((r) => r.command.startsWith('tokenvault copy')).map((r) => `${r.command} via ${r.via}`))).toEqual(new Set(['tokenvault copy --stdout via agent']));
  });

  it('add the same token either way; piped input with the master password and unusual lines go to the full CLI', async () => {
    const { env } = await unlockedWorld();
    const added = await run(CLI, ['add', 'added', '--instance', 'https://gitlab.example.com', '--expires', '2031-01-02', '--description', 'ci job'], 'glpat-addedThroughEntry_0123456\n', env);
    const fullAdd = await run(FULL_CLI, ['add', 'added-2', '--instance', 'https://gitlab.example.com', '--expires', '2031-01-02', '--description', 'ci job'], 'glpat-addedThroughFull_01234567\n', env);
    expect(added.stdout).toMatch(/^Stored "added" \([0-9a-f-]{36}\)\.\n$/);
    expect(fullAdd.stdout).toMatch(/^Stored "added-2" \([0-9a-f-]{36}\)\.\n$/);
    const [one, two] = [JSON.parse(world!.cli(['show', 'added', '--json']).stdout), JSON.parse(world!.cli(['show', 'added-2', '--json']).stdout)];
    for (const key of ['kind', 'instance', 'scopes', 'expiresAt', 'description']) expect(one[key], key).toEqual(two[key]);

    // Piped input without --no-password starts with the master password: the full CLI reads it, never the agent.
    const piped = await entry(['add', 'piped'], `${PW}\nglpat-pipedSecret_0123456789abc\n`, { ...env, ...WITH_PASSWORD });
    expect(piped.loadedFullCli).toBe(true);
    expect(piped.status, piped.stderr).toBe(0);
    expect(JSON.parse(world!.cli(['show', 'piped', '--json']).stdout).name).toBe('piped');

    for (const args of [['show', 'ci', '--vault', world!.vault], ['add', 'x', '--kind', 'nope'], ['copy', 'ci'], ['git-credential', 'capability']]) {
      const recorded = await entry(args, '', env);
      expect(recorded.loadedFullCli, `tokenvault ${args.join(' ')}`).toBe(true);
    }
  });

  it('with a locked agent, then none, answer as the full CLI does', async () => {
    const { env } = await unlockedWorld();
    expect(world!.cli(['lock']).status).toBe(0);
    expect(world!.cli(['agent', 'start']).status).toBe(0);
    for (const state of ['locked agent', 'no agent']) {
      for (const [args, input] of [[['show', 'ci'], ''], [['add', 'later'], 'glpat-later_0123456789abcdefg\n'], [['git-credential', 'get'], 'protocol=https\nhost=gitlab.example.com\n\n']] as [string[], string][]) {
        const { fast, full } = await both(args, input, env);
        expect(fast, `${state}: tokenvault ${args.join(' ')}`).toEqual(full);
        expect(fast.status, `${state}: ${args.join(' ')}`).toBe(args[0] === 'git-credential' ? 0 : 1);
      }
      if (state === 'locked agent') expect(world!.cli(['agent', 'stop']).status).toBe(0);
    }
  });
});
