// The agent's guard rails, with real processes: other users are kept out (folder and socket
// modes; a process of another uid is refused even when named), requests for another vault
// are refused, a crashed agent's socket is recovered, and killing the agent mid-write loses
// nothing it acknowledged.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AgentClient } from '../../electron/agent/client';
import { endpointFor } from '../../electron/agent/endpoint';
import { agentTarget } from '../../electron/agent/vault-id';
import { Vault } from '../../electron/vault/vault';
import { agentWorld, PW, WITH_PASSWORD, type AgentWorld } from '../helpers/agent-env';
import { runCli } from '../helpers/run-cli';

let world: AgentWorld;
const isRoot = process.getuid?.() === 0;

afterEach(() => world?.stop());

/** One raw request line on the socket, as any local program could send it. */
function rawRequest(endpoint: string, request: unknown): Promise<{ ok: boolean; error?: { code: string; message: string } }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(endpoint, () => socket.write(`${typeof request === 'string' ? request : JSON.stringify(request)}\n`));
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      data += chunk;
      if (data.includes('\n')) {
        socket.destroy();
        resolve(JSON.parse(data.slice(0, data.indexOf('\n'))));
      }
    });
    socket.on('error', reject);
  });
}

describe('agent guard rails', () => {
  it('the socket sits in a 0700 folder of ours, mode 0600; another uid cannot even connect', async () => {
    world = agentWorld();
    fs.chmodSync(world.runtime, 0o755); // only our own folder inside may keep others out
    world.cli(['unlock'], `${PW}\n`);
    const endpoint = endpointFor(await agentTarget(world.vault), world.env);
    expect(fs.statSync(path.dirname(endpoint)).mode & 0o777).toBe(0o700);
    expect(fs.statSync(endpoint).mode & 0o777).toBe(0o600);
    expect(fs.statSync(endpoint).uid).toBe(process.getuid!());
    if (!isRoot) return; // switching uid needs root; the modes above are the guarantee
    const probe = `require('net').connect(${JSON.stringify(endpoint)}).on('connect', () => { console.log('connected'); process.exit(0); }).on('error', (e) => { console.log(e.code); process.exit(0); })`;
    const other = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', probe], { encoding: 'utf8' });
    expect(other.stdout.trim()).toBe('EACCES');
  });

  it.runIf(isRoot)('a request naming a process of another user is refused', async () => {
    world = agentWorld();
    world.cli(['unlock'], `${PW}\n`);
    const target = await agentTarget(world.vault);
    const { vaultId } = target;
    const stranger = spawn('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'sleep', '30']);
    await new Promise((resolve) => setTimeout(resolve, 300));
    try {
      const answer = await rawRequest(endpointFor(target, world.env), { v: 1, vaultId, method: 'tokensList', args: {}, pid: stranger.pid });
      expect(answer).toEqual({ ok: false, error: { code: 'PEER_REFUSED', message: 'The agent serves only its own user.' } });
    } finally {
      stranger.kill();
    }
  });

  it('a folder open to others is refused by unlock and by the client, one sentence, nothing started', () => {
    world = agentWorld();
    const folder = path.join(world.runtime, 'tokenvault');
    fs.mkdirSync(folder, { mode: 0o777 });
    fs.chmodSync(folder, 0o777);
    const unlock = world.cli(['unlock'], `${PW}\n`);
    expect(unlock.status).toBe(1);
    expect(unlock.stderr).toMatch(/^tokenvault: .*tokenvault is open to other users \(mode 777\); make it 0700 or remove it\.\n$/);
    expect(fs.readdirSync(folder)).toEqual([]);
  });

  it('refuses a request for another vault, a malformed request, and methods that would show a secret or are unknown', async () => {
    world = agentWorld();
    world.cli(['unlock'], `${PW}\n`);
    world.cli(['add', 'ci'], 'glpat-guard-0000000000000\n');
    const target = await agentTarget(world.vault);
    const { vaultId } = target;
    const endpoint = endpointFor(target, world.env);
    const entry = JSON.parse(world.cli(['show', 'ci', '--json']).stdout) as { id: string };
    expect(await rawRequest(endpoint, { v: 1, vaultId: '00000000-0000-4000-8000-000000000000', method: 'tokensList', args: {} })).toMatchObject({ ok: false, error: { code: 'VAULT_MISMATCH' } });
    expect(await rawRequest(endpoint, 'not json')).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await rawRequest(endpoint, { v: 2, vaultId, method: 'tokensList' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await rawRequest(endpoint, { v: 1, vaultId, method: 'tokensReveal', args: { id: entry.id } })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(await rawRequest(endpoint, { v: 1, vaultId, method: 'backupsRestore', args: { file: '/x', password: 'p' } })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(await rawRequest(endpoint, { v: 1, vaultId, method: 'agentRelease', args: { ref: 'ci', purpose: 'exfiltrate', command: 'x' } })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGS' } });
    expect(await rawRequest(endpoint, { v: 1, vaultId, method: 'tokensGet', args: { id: entry.id, extra: 1 } })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGS' } });
    // Unknown names through the CLI: the vault's own sentence and status.
    expect(world.cli(['copy', 'nope', '--stdout'])).toMatchObject({ status: 1, stdout: '', stderr: 'tokenvault: No token named or with id "nope" is in the vault.\n' });
  });

  it('a different vault now at the same path is not served by the old agent: the CLI asks for the password', async () => {
    world = agentWorld();
    world.cli(['unlock'], `${PW}\n`);
    const other = path.join(path.dirname(world.vault), 'other.tokenvault');
    expect(runCli(['--vault', other, 'init', '--decryption-time', '100'], `${PW}\n${PW}\n`).status).toBe(0);
    fs.renameSync(other, world.vault);
    const show = world.cli(['list'], '', WITH_PASSWORD);
    expect(show.status).toBe(2);
    expect(show.stderr).toMatch(/Standard input ended before the master password/);
  });

  it('a crashed agent\'s socket is recovered: commands fall back to the password, and unlock starts afresh', async () => {
    world = agentWorld();
    world.cli(['unlock'], `${PW}\n`);
    const endpoint = endpointFor(await agentTarget(world.vault), world.env);
    process.kill(world.agentPid()!, 'SIGKILL');
    spawnSync('sleep', ['0.3']);
    expect(fs.existsSync(endpoint)).toBe(true); // left behind, nobody listening
    expect(world.cli(['list'], `${PW}\n`, WITH_PASSWORD)).toMatchObject({ status: 0, stdout: 'No tokens.\n' });
    const again = world.cli(['unlock'], `${PW}\n`);
    expect(again.status, again.stderr).toBe(0);
    expect(world.cli(['agent', 'status']).stdout).toMatch(/unlocked/);
  });

  it('killing the agent mid-write loses nothing it acknowledged', async () => {
    world = agentWorld();
    world.cli(['unlock'], `${PW}\n`);
    const target = await agentTarget(world.vault);
    const pid = world.agentPid()!;
    const acknowledged: string[] = [];
    const writers = await Promise.all([0, 1, 2].map(() => AgentClient.connect(target, world.env)));
    let killed = false;
    await Promise.all(
      writers.map(async (client, w) => {
        for (let i = 0; ; i++) {
          const name = `w${w}-${i}`;
          const result = await client!.call('tokensAdd', { entry: { name }, secret: `glpat-${name}-0000000000` });
          if (!result.ok) break;
          acknowledged.push(name);
          if (acknowledged.length >= 30 && !killed) {
            killed = true;
            process.kill(pid, 'SIGKILL');
          }
        }
      }),
    );
    expect(killed).toBe(true);
    const vault = Vault.open(world.vault);
    await vault.unlock(PW);
    const stored = new Set(vault.list().map((e) => e.name));
    for (const name of acknowledged) expect(stored.has(name), name).toBe(true);
    for (const name of acknowledged.slice(0, 3)) expect(vault.readSecret(vault.find(name).id)).toBe(`glpat-${name}-0000000000`);
    vault.close();
  });
});
