// `tokenvault edit` beside an unlocked agent: the agent refuses a program on its socket a new
// GitLab address or "where used" places and has no secret replacement at all
// (agent/socket-policy.ts), so on a terminal those edits ask for the master password and open
// the vault here; a script relying on the agent (--no-password) is told they need it.
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { agentWorld, PW, WITH_PASSWORD, type AgentWorld } from '../helpers/agent-env';
import { CLI } from '../helpers/run-cli';

let world: AgentWorld | null = null;
afterEach(() => {
  world?.stop();
  world = null;
});

/** The CLI on a terminal (util-linux `script` gives it a pty); `input` is what the user types. */
function onTerminal(w: AgentWorld, args: string[], input: string) {
  const command = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const result = spawnSync('script', ['-qec', command, '/dev/null'], { input, encoding: 'utf8', env: { ...process.env, ...w.env, ...WITH_PASSWORD }, timeout: 60_000 });
  return { status: result.status, output: result.stdout };
}

function stored(w: AgentWorld) {
  const list = w.cli(['list', '--json']);
  expect(list.status, list.stderr).toBe(0);
  return (JSON.parse(list.stdout) as { name: string; instance: string | null }[]).find((e) => e.name === 'ci')!;
}

describe.runIf(process.platform === 'linux')('edit beside an unlocked agent', () => {
  it('on a terminal, --instance asks for the master password and changes the address instead of being refused', () => {
    world = agentWorld();
    expect(world.cli(['unlock', '--minutes', '5'], `${PW}\n`).status).toBe(0);
    expect(world.cli(['add', 'ci', '--kind', 'personal', '--instance', 'https://gitlab.example.com'], `${PW}\nglpat-edit-agent-00000001\n`, WITH_PASSWORD).status).toBe(0);

    const edit = onTerminal(world, ['edit', 'ci', '--instance', 'https://other.example.com'], `${PW}\n`);
    expect(edit.output).toContain('Master password');
    expect(edit.status, edit.output).toBe(0);
    expect(edit.output).toContain('Changed "ci".');
    // The agent serves the change (it reads what the CLI wrote).
    expect(stored(world).instance).toBe('https://other.example.com');
  });

  it('a script relying on the agent is told --instance, --used-in and --secret need the master password, and nothing changes', () => {
    world = agentWorld();
    expect(world.cli(['unlock', '--minutes', '5'], `${PW}\n`).status).toBe(0);
    expect(world.cli(['add', 'ci', '--kind', 'personal', '--instance', 'https://gitlab.example.com'], `${PW}\nglpat-edit-agent-00000002\n`, WITH_PASSWORD).status).toBe(0);
    for (const args of [['--instance', 'https://evil.example'], ['--used-in', 'CI variable X'], ['--secret']]) {
      const edit = world.cli(['edit', 'ci', ...args], 'glpat-edit-agent-99999999\n');
      expect(edit.status, edit.stderr).toBe(2);
      expect(edit.stderr).toMatch(/needs its master password, so it cannot run with --no-password/);
    }
    expect(stored(world).instance).toBe('https://gitlab.example.com');
    const copy = world.cli(['copy', 'ci', '--stdout']);
    expect(copy.stdout.trim()).toBe('glpat-edit-agent-00000002');
  });
});
