// Another real user against the agent's folder (issue 18, item 6): a runtime folder under a
// folder they can write, a swap race between the client's check and its connect, and a
// squatter in /tmp. Needs root (to make the user and run processes as it).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AgentClient } from '../../electron/agent/client';
import { endpointFor } from '../../electron/agent/endpoint';
import { agentTarget } from '../../electron/agent/vault-id';
import { agentWorld, PW, type AgentWorld } from '../helpers/agent-env';
import { tempDir } from '../helpers/vault-fixture';

const isRoot = process.getuid?.() === 0;
const ATTACKER = 'tv-attacker';
let attacker = { uid: 0, gid: 0 };
let world: AgentWorld | undefined;
const children: ChildProcess[] = [];
const servers: net.Server[] = [];

beforeAll(() => {
  if (!isRoot) return;
  if (spawnSync('id', ['-u', ATTACKER]).status !== 0) {
    expect(spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', ATTACKER]).status).toBe(0);
  }
  attacker = { uid: Number(spawnSync('id', ['-u', ATTACKER], { encoding: 'utf8' }).stdout), gid: Number(spawnSync('id', ['-g', ATTACKER], { encoding: 'utf8' }).stdout) };
});

afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
  world?.stop();
  world = undefined;
});

/** A node script run as the other user. */
function asAttacker(script: string): ChildProcess {
  const child = spawn('setpriv', [`--reuid=${attacker.uid}`, `--regid=${attacker.gid}`, '--clear-groups', process.execPath, '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return child;
}

const asAttackerSync = (script: string) => spawnSync('setpriv', [`--reuid=${attacker.uid}`, `--regid=${attacker.gid}`, '--clear-groups', process.execPath, '-e', script], { encoding: 'utf8' });

describe.runIf(isRoot)('another user against the agent\'s folder', () => {
  it('XDG_RUNTIME_DIR inside a folder another user can write: unlock refuses with one sentence, and the client does not connect', async () => {
    world = agentWorld();
    const shared = tempDir('tv-shared-');
    fs.chmodSync(shared, 0o777); // writable by all, not sticky
    const runtime = path.join(shared, 'run');
    fs.mkdirSync(runtime, { mode: 0o700 });
    const env = { XDG_RUNTIME_DIR: runtime };
    const unlock = world.cli(['unlock'], `${PW}\n`, env);
    expect(unlock.status).toBe(1);
    expect(unlock.stderr).toBe(`tokenvault: The agent will not put its socket under ${shared}: other users can write to it (mode 777), so they could swap the agent's folder for their own.\n`);
    // A socket of ours already there (an agent started before the folder was opened up) is not spoken to.
    const endpoint = endpointFor(await agentTarget(world.vault), env);
    fs.mkdirSync(path.dirname(endpoint), { mode: 0o700 });
    let heard = false;
    const ours = net.createServer((socket) => socket.on('data', () => (heard = true)));
    servers.push(ours);
    await new Promise<void>((resolve) => ours.listen(endpoint, resolve));
    expect(await AgentClient.connect(await agentTarget(world.vault), env)).toBeNull();
    expect(heard).toBe(false);
  });

  it('a swap race by the other user never gets a request (vaultUnlock with the password) to their socket', async () => {
    world = agentWorld();
    const shared = tempDir('tv-race-');
    fs.chmodSync(shared, 0o777);
    const env = { XDG_RUNTIME_DIR: shared };
    const target = await agentTarget(world.vault);
    const endpoint = endpointFor(target, env);
    const name = path.basename(endpoint);
    // Our folder and a socket of ours in it (nobody answers; it just accepts).
    fs.mkdirSync(path.dirname(endpoint), { mode: 0o700 });
    const ours = net.createServer((socket) => socket.resume());
    servers.push(ours);
    await new Promise<void>((resolve) => ours.listen(endpoint, resolve));
    // Theirs: a folder of the same shape with their socket, which writes down what it hears.
    const heardFile = path.join(tempDir('tv-heard-'), 'heard');
    fs.chmodSync(path.dirname(heardFile), 0o777);
    const fake = asAttacker(`
      const fs = require('fs'), net = require('net'), path = require('path');
      const shared = ${JSON.stringify(shared)};
      fs.mkdirSync(path.join(shared, 'decoy'), { mode: 0o700 });
      net.createServer((s) => s.on('data', (d) => fs.appendFileSync(${JSON.stringify(heardFile)}, d))).listen(path.join(shared, 'decoy', ${JSON.stringify(name)}), () => {
        console.log('ready');
        const real = path.join(shared, 'tokenvault'), decoy = path.join(shared, 'decoy'), spare = path.join(shared, 'spare');
        for (;;) { try { fs.renameSync(real, spare); fs.renameSync(decoy, real); fs.renameSync(real, decoy); fs.renameSync(spare, real); } catch {} }
      });
    `);
    await new Promise<void>((resolve) => fake.stdout!.once('data', () => resolve()));
    const quick = { ...env, TOKENVAULT_AGENT_TIMEOUT_MS: '20' };
    let connected = 0;
    for (let i = 0; i < 1500; i++) {
      const client = await AgentClient.connect(target, quick);
      if (!client) continue;
      connected++;
      await client.request('vaultUnlock', { password: 'the master password' });
      client.close();
    }
    fake.kill('SIGKILL');
    const heard = fs.existsSync(heardFile) ? fs.readFileSync(heardFile, 'utf8') : '';
    expect(heard).toBe('');
    expect(connected).toBe(0); // refused outright: the folder above can be changed by another user
  });

  it('with XDG_RUNTIME_DIR unset, a /tmp/tokenvault-<uid> made by another user does not block the agent: it goes to the user\'s cache and says so', async () => {
    world = agentWorld();
    const tmp = tempDir('tv-tmp-');
    fs.chmodSync(tmp, 0o1777); // like /tmp
    const squat = path.join(tmp, `tokenvault-${process.getuid!()}`);
    expect(asAttackerSync(`require('fs').mkdirSync(${JSON.stringify(squat)}, { mode: 0o777 })`).status).toBe(0);
    expect(fs.statSync(squat).uid).toBe(attacker.uid);
    const cache = tempDir('tv-cache-');
    const env = { XDG_RUNTIME_DIR: '', TMPDIR: tmp, XDG_CACHE_HOME: cache };
    const unlock = world.cli(['unlock'], `${PW}\n`, env);
    expect(unlock.status, unlock.stderr).toBe(0);
    expect(unlock.stderr).toContain(`${squat} belongs to another user (or is not a folder), so the agent's socket is in ${path.join(cache, 'tokenvault', 'agent')} instead.`);
    // It serves from there: no password needed; their folder holds nothing of ours.
    expect(world.cli(['list'], '', env)).toMatchObject({ status: 0, stdout: 'No tokens.\n' });
    expect(fs.readdirSync(path.join(cache, 'tokenvault', 'agent'))).toHaveLength(1);
    expect(fs.statSync(path.join(cache, 'tokenvault', 'agent')).mode & 0o777).toBe(0o700);
    expect(fs.readdirSync(squat)).toEqual([]);
    const status = JSON.parse(world.cli(['agent', 'status', '--json'], '', env).stdout) as { pid?: number };
    if (status.pid) process.kill(status.pid, 'SIGKILL');
  });
});
