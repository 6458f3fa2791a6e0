// The agent's socket under a hostile local client (issue 18, item 5): floods of bad lines,
// a line of megabytes and connections that say nothing must not keep other clients waiting,
// and a client must not wait forever on an agent that never answers.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AgentClient } from '../../electron/agent/client';
import { endpointFor } from '../../electron/agent/endpoint';
import { agentTarget } from '../../electron/agent/vault-id';
import { agentWorld, PW, type AgentWorld } from '../helpers/agent-env';

let world: AgentWorld;
const open: net.Socket[] = [];

afterEach(() => {
  for (const socket of open.splice(0)) socket.destroy();
  world?.stop();
});

/** A raw connection, as any program of this user could open one; resolves once connected. */
function attacker(endpoint: string): Promise<{ socket: net.Socket; received: () => string; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(endpoint);
    open.push(socket);
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (data += chunk));
    socket.on('error', () => undefined); // EPIPE once the agent hangs up is expected
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    socket.once('connect', () => resolve({ socket, received: () => data, closed }));
    socket.once('error', reject);
  });
}

const isOpen = (socket: net.Socket) => !socket.destroyed && !socket.readableEnded;

/** Resolves with true when `promise` settles within ms, false otherwise (a generous bound, not a timing test). */
const within = (promise: Promise<unknown>, ms: number) => Promise.race([promise.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

async function unlockedWorld(extraEnv: NodeJS.ProcessEnv = {}) {
  world = agentWorld();
  Object.assign(world.env, extraEnv);
  expect(world.cli(['unlock'], `${PW}\n`).status).toBe(0);
  expect(world.cli(['add', 'ci'], 'glpat-flood-000000000000\n').status).toBe(0);
  return endpointFor(await agentTarget(world.vault), world.env);
}

describe('agent socket under a flood', () => {
  it('64 KiB of newlines, again and again: the agent hangs up on that connection and answers another client meanwhile', async () => {
    const endpoint = await unlockedWorld();
    const flood = await attacker(endpoint);
    const newlines = Buffer.alloc(64 * 1024, 10);
    for (let i = 0; i < 16; i++) flood.socket.write(newlines);
    const list = world.cliAsync(['list']);
    expect(await within(list, 30_000), 'another client was answered').toBe(true);
    expect((await list).stdout).toMatch(/^ci /m);
    // The flood connection was cut off after a handful of unreadable lines, each answered once.
    expect(await within(flood.closed, 30_000), 'flood connection closed by the agent').toBe(true);
    const answers = flood.received().trim().split('\n');
    expect(answers.length).toBeLessThanOrEqual(6);
    expect(JSON.parse(answers.at(-1)!)).toMatchObject({ ok: false, error: { code: 'TOO_MANY_BAD_REQUESTS' } });
  });

  it('a 10 MiB line is refused as too large and the connection closed, while another client is answered', async () => {
    const endpoint = await unlockedWorld();
    const big = await attacker(endpoint);
    big.socket.write(Buffer.alloc(10 * 1024 * 1024, 0x61));
    const list = world.cliAsync(['list']);
    expect(await within(list, 30_000)).toBe(true);
    expect((await list).stdout).toMatch(/^ci /m);
    expect(await within(big.closed, 30_000), 'closed by the agent').toBe(true);
    expect(JSON.parse(big.received().trim().split('\n')[0]!)).toMatchObject({ ok: false, error: { code: 'TOO_LARGE' } });
  });

  it('a connection that says nothing, and one that sends half a request, are answered by nothing and closed; others are served while they are open', async () => {
    // Generous: the other client below must be answered well before the agent hangs up.
    const endpoint = await unlockedWorld({ TOKENVAULT_AGENT_IDLE_MS: '15000' });
    const silent = await attacker(endpoint);
    const half = await attacker(endpoint);
    half.socket.write('{"v":1,"vaultId":');
    const other = (await AgentClient.connect(await agentTarget(world.vault), world.env))!;
    const list = await other.call('tokensList', {});
    other.close();
    expect(list.ok && list.value.map((e) => e.name)).toEqual(['ci']);
    expect(isOpen(silent.socket) && isOpen(half.socket), 'still open when the other client was answered').toBe(true);
    expect(await within(Promise.all([silent.closed, half.closed]), 90_000), 'both closed by the agent').toBe(true);
    expect(silent.received() + half.received()).toBe('');
  });

  it('half a request trickled a byte at a time is closed as half a request left there: the time runs from its first byte', async () => {
    // 256 such connections held every slot for as long as they kept trickling (a byte every 20 s
    // kept each open), and git then got "The agent went away before it answered".
    const endpoint = await unlockedWorld({ TOKENVAULT_AGENT_IDLE_MS: '4000' });
    const trickle = await attacker(endpoint);
    trickle.socket.write('{"v":1,');
    const drip = setInterval(() => isOpen(trickle.socket) && trickle.socket.write(' '), 500);
    try {
      expect(await within(trickle.closed, 60_000), 'closed by the agent while it still trickled').toBe(true);
    } finally {
      clearInterval(drip);
    }
    expect(trickle.received()).toBe('');
  });

  it('a client gives up on an agent that accepts and never answers, with one sentence (git would otherwise hang)', async () => {
    world = agentWorld();
    const endpoint = endpointFor(await agentTarget(world.vault), world.env);
    fs.mkdirSync(path.dirname(endpoint), { recursive: true, mode: 0o700 });
    const stuck = net.createServer((socket) => open.push(socket)); // reads, never writes
    await new Promise<void>((resolve) => stuck.listen(endpoint, resolve));
    try {
      // A script relying on the agent says why it gets nothing (piped input with the password never asks the agent: cli.md).
      const list = await world.cliAsync(['list'], '', { TOKENVAULT_AGENT_TIMEOUT_MS: '1500' });
      expect(list).toMatchObject({ status: 1, stdout: '' });
      expect(list.stderr).toContain('tokenvault: warning: The agent did not answer within 2 seconds; it may be stuck: end its process (or quit the app) and try again.\n');
      const git = await world.git(['credential', 'fill'], 'protocol=https\nhost=gitlab.com\n\n', { TOKENVAULT_AGENT_TIMEOUT_MS: '1500' });
      expect(git.stderr).toMatch(/The agent did not answer within 2 seconds/);
    } finally {
      for (const socket of open.splice(0)) socket.destroy();
      await new Promise((resolve) => stuck.close(resolve));
    }
  });
});
