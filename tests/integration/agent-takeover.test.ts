// Two agents after a crash, and a copy of a vault file (issue 18, item 7): a starter may take
// over a dead agent's socket but never a live one's, two starters cannot both win, and an
// agent serves only the file it opened, not a copy with the same vault id.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { endpointFor } from '../../electron/agent/endpoint';
import { startAgentServer, type AgentServer } from '../../electron/agent/server';
import { agentTarget } from '../../electron/agent/vault-id';
import type { HandlerTable } from '../../electron/ipc';
import { agentWorld, PW, WITH_PASSWORD, type AgentWorld } from '../helpers/agent-env';
import { CLI } from '../helpers/run-cli';
import { tempDir } from '../helpers/vault-fixture';

let world: AgentWorld | undefined;
const servers: AgentServer[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
  world?.stop();
  world = undefined;
});

/** Leaves a socket file nobody listens on, as an agent killed with SIGKILL does. */
function crashedAgentAt(endpoint: string): void {
  const script = `require('net').createServer().listen(${JSON.stringify(endpoint)}, () => process.kill(process.pid, 'SIGKILL'))`;
  spawnSync(process.execPath, ['-e', script]);
  expect(fs.lstatSync(endpoint).isSocket()).toBe(true);
}

/** One line to the endpoint and its answer, or null when nothing answers. */
function ask(endpoint: string, line: string): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = net.connect(endpoint, () => socket.write(`${line}\n`));
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      data += chunk;
      if (data.includes('\n')) {
        socket.destroy();
        resolve(data.slice(0, data.indexOf('\n')));
      }
    });
    socket.on('error', () => resolve(null));
  });
}

const processAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function waitUntil(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}

describe('taking over a crashed agent\'s socket', () => {
  it('two agents started at once on a dead agent\'s socket: exactly one serves, the other is told an agent is running', async () => {
    const dir = tempDir('tv-claim-');
    fs.chmodSync(dir, 0o700);
    const endpoint = path.join(dir, 'agent.sock');
    crashedAgentAt(endpoint);
    const start = () =>
      startAgentServer({ endpoint, vaultId: '0f8fad5b-d9cb-469f-a165-70867728950e', table: {} as HandlerTable, services: {} as never, headless: true, stop: () => undefined });
    const results = await Promise.allSettled([start(), start()]);
    for (const result of results) if (result.status === 'fulfilled') servers.push(result.value);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected');
    expect((lost as PromiseRejectedResult).reason).toMatchObject({ code: 'AGENT_RUNNING', message: 'An agent already serves this vault.' });
    // The winner is the one the path reaches: nobody is left listening where no one can connect.
    expect(JSON.parse((await ask(endpoint, 'not a request'))!)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(fs.readdirSync(dir)).toEqual(['agent.sock']);
  });

  it('kill -9 the agent, then two `agent serve` at once: one serves and can be unlocked, the other exits saying so', async () => {
    world = agentWorld();
    expect(world.cli(['unlock'], `${PW}\n`).status).toBe(0);
    const crashed = world.agentPid()!;
    process.kill(crashed, 'SIGKILL');
    await waitUntil(() => !processAlive(crashed), 10_000);
    const env = { ...process.env, ...world.env, TOKENVAULT_AGENT_LOCKED_EXIT_MS: '120000' };
    const starters = [0, 1].map(() => spawn(process.execPath, [CLI, 'agent', 'serve'], { env, stdio: ['ignore', 'ignore', 'pipe'] }));
    const stderr = ['', ''];
    starters.forEach((child, i) => child.stderr.on('data', (d) => (stderr[i] += d)));
    try {
      // One of them exits at once; the other stays.
      expect(await waitUntil(() => starters.some((c) => c.exitCode !== null), 30_000), 'one starter gave way').toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const running = starters.filter((c) => c.exitCode === null);
      expect(running).toHaveLength(1);
      const loser = starters.findIndex((c) => c.exitCode !== null);
      expect(stderr[loser]).toMatch(/An agent already serves this vault\./);
      // The survivor is the one reachable: unlock goes to it, and it answers.
      expect(world.cli(['unlock'], `${PW}\n`).status).toBe(0);
      expect(world.agentPid()).toBe(running[0]!.pid);
    } finally {
      for (const child of starters) child.kill('SIGKILL');
    }
  });
});

describe('a copy of a vault file', () => {
  it('is not served by the original\'s unlocked agent: add and rm on the copy ask for the password and leave the original alone', async () => {
    world = agentWorld();
    expect(world.cli(['add', 'kept'], `${PW}\nglpat-kept-0000000000000\n`, WITH_PASSWORD).status).toBe(0);
    const copy = path.join(path.dirname(world.vault), 'copy.tokenvault');
    fs.copyFileSync(world.vault, copy);
    expect(world.cli(['unlock'], `${PW}\n`).status).toBe(0);

    // Without the password the copy cannot be changed: the original's agent does not answer for it.
    const noPassword = world.cli(['--vault', copy, 'add', 'sneaky'], 'glpat-sneaky-00000000000\n');
    expect(noPassword.status).not.toBe(0);
    expect(world.cli(['--vault', copy, 'add', 'only-in-copy'], `${PW}\nglpat-copy-0000000000000\n`, WITH_PASSWORD).status).toBe(0);
    expect(world.cli(['--vault', copy, 'rm', 'kept'], `${PW}\n`, WITH_PASSWORD).status).toBe(0);

    // The original, through its agent, is as it was.
    const original = world.cli(['list']);
    expect(original.stdout).toMatch(/^kept /m);
    expect(original.stdout).not.toMatch(/sneaky|only-in-copy/);
    const copied = world.cli(['--vault', copy, 'list'], `${PW}\n`, WITH_PASSWORD);
    expect(copied.stdout).toMatch(/^only-in-copy /m);
    expect(copied.stdout).not.toMatch(/^kept /m);
  });

  it('an agent whose vault file is replaced at its path (a restore, a copy moved over it) locks and leaves', async () => {
    world = agentWorld();
    expect(world.cli(['unlock'], `${PW}\n`).status).toBe(0);
    const pid = world.agentPid()!;
    const replacement = `${world.vault}.new`;
    fs.copyFileSync(world.vault, replacement);
    fs.renameSync(replacement, world.vault);
    expect(await waitUntil(() => !processAlive(pid), 30_000), 'the old agent exited').toBe(true);
    expect(fs.readdirSync(path.dirname(endpointFor(await agentTarget(world.vault), world.env)))).toEqual([]);
  });
});
