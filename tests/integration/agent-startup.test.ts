// A command the unlocked agent answers should cost little more than starting Node: it must
// not load the vault's own machinery — libsodium (a WASM module compiled at load) or
// better-sqlite3 (a native module) — which only the process holding the vault needs. Each
// command runs as a real process with a resolve hook recording every module it loads.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { agentWorld, PW, WITH_PASSWORD, type AgentWorld } from '../helpers/agent-env';
import type { CliResult } from '../helpers/run-cli';
import { tempDir } from '../helpers/vault-fixture';

const RECORDER = path.resolve('tests/helpers/module-recorder.mjs');
const HEAVY = /node_modules\/(better-sqlite3|libsodium-wrappers-sumo|libsodium-sumo)\//;
const SECRET = 'glpat-startupSecret_0123456789';
let world: AgentWorld;

afterEach(() => world?.stop());

/** Runs a command with every node process in it recording the modules it loads; returns its outcome and those modules. */
async function recorded(run: (env: NodeJS.ProcessEnv) => CliResult | Promise<CliResult>): Promise<CliResult & { modules: string[] }> {
  const log = path.join(tempDir('tv-modules-'), 'modules.txt');
  fs.writeFileSync(log, '');
  const result = await run({ NODE_OPTIONS: `--import ${RECORDER}`, TV_MODULE_LOG: log });
  return { ...result, modules: fs.readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

const started = (modules: string[]) => modules.some((url) => url.endsWith('/dist/cli.cjs'));
const heavy = (modules: string[]) => modules.filter((url) => HEAVY.test(url));

describe('commands the agent answers load neither libsodium nor SQLite', () => {
  it('show, list, add, copy, rm, run, agent status/log, git credential and lock; a command without the agent loads both', async () => {
    world = agentWorld();
    expect(world.cli(['unlock', '--minutes', '5'], `${PW}\n`).status).toBe(0);
    expect(world.cli(['add', 'ci', '--instance', 'https://gitlab.example.com'], `${PW}\n${SECRET}\n`, WITH_PASSWORD).status).toBe(0);

    const commands: [string[], string][] = [
      [['show', 'ci'], ''],
      [['list', '--json'], ''],
      [['add', 'scratch'], 'glpat-scratch_0123456789abcd\n'],
      [['copy', 'ci', '--stdout'], ''],
      [['rm', 'scratch'], ''],
      [['run', '--env', 'GITLAB_TOKEN=ci', '--', 'true'], ''],
      [['agent', 'status'], ''],
      [['agent', 'log'], ''],
      [['git-credential', 'get'], 'protocol=https\nhost=gitlab.example.com\n\n'],
    ];
    for (const [args, input] of commands) {
      const run = await recorded((env) => world.cli(args, input, env));
      expect(run.status, `${args.join(' ')}: ${run.stderr}`).toBe(0);
      expect(started(run.modules), 'the recorder saw the CLI start').toBe(true);
      expect(heavy(run.modules), `tokenvault ${args.join(' ')}`).toEqual([]);
    }

    // git starts the helper itself: the recorder rides along in the environment git passes on.
    const fill = await recorded((env) => world.git(['credential', 'fill'], 'protocol=https\nhost=gitlab.example.com\n\n', env));
    expect(fill.stdout).toContain(`password=${SECRET}`);
    expect(started(fill.modules)).toBe(true);
    expect(heavy(fill.modules)).toEqual([]);

    const lock = await recorded((env) => world.cli(['lock'], '', env));
    expect(lock.stdout).toBe('Locked; the agent has stopped.\n');
    expect(heavy(lock.modules)).toEqual([]);

    // The same command without an agent opens the vault here: the recorder does see both then.
    const direct = await recorded((env) => world.cli(['show', 'ci'], `${PW}\n`, { ...env, ...WITH_PASSWORD }));
    expect(direct.status, direct.stderr).toBe(0);
    expect(direct.modules.some((url) => /node_modules\/better-sqlite3\//.test(url))).toBe(true);
    expect(direct.modules.some((url) => /node_modules\/libsodium-wrappers-sumo\//.test(url))).toBe(true);
  });
});
