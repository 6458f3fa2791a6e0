// The release log's "who" (issue 18, item 8): a client on the socket that names another
// process's pid is logged as itself, as the kernel knows it, not as the pid it borrowed.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { endpointFor } from '../../electron/agent/endpoint';
import { agentTarget } from '../../electron/agent/vault-id';
import { agentWorld, PW, type AgentWorld } from '../helpers/agent-env';

let world: AgentWorld | undefined;

afterEach(() => {
  world?.stop();
  world = undefined;
});

function rawRequest(endpoint: string, request: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string } }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(endpoint, () => socket.write(`${JSON.stringify(request)}\n`));
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      data += chunk;
      if (data.includes('\n')) {
        socket.destroy();
        resolve(JSON.parse(data.slice(0, data.indexOf('\n'))));
      }
    });
    socket.on('error', reject);
  });
}

describe.runIf(process.platform === 'linux')('who asked, in the release log', () => {
  it('a client claiming another process\'s pid is logged with its own pid and executable, from the kernel', async () => {
    world = agentWorld();
    expect(world.cli(['unlock'], `${PW}\n`).status).toBe(0);
    expect(world.cli(['add', 'ci'], 'glpat-peer-0000000000000\n').status).toBe(0);
    const target = await agentTarget(world.vault);
    const innocent = spawn('sleep', ['60']); // a process of ours the client pretends to be
    try {
      const answer = await rawRequest(endpointFor(target, world.env), { v: 1, vaultId: target.vaultId, method: 'agentRelease', args: { ref: 'ci', purpose: 'copy', command: 'innocent' }, pid: innocent.pid });
      expect(answer.ok).toBe(true);
      const log = JSON.parse(world.cli(['agent', 'log', '--json']).stdout) as { peerPid: number; peerExe: string; peerSource?: string; command: string; peerCommand?: string }[];
      const row = log.find((r) => r.command === 'innocent')!;
      expect(row).toMatchObject({ peerPid: process.pid, peerExe: fs.realpathSync(process.execPath), peerSource: 'kernel' });
      expect(row.peerPid).not.toBe(innocent.pid);
      // The command text is the client's word; what really ran is the kernel's command line of the peer.
      const ours = fs.readFileSync(`/proc/${process.pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ').slice(0, 300);
      expect(row.peerCommand).toBe(ours);
      const line = world.cli(['agent', 'log']).stdout.split('\n').find((l) => l.includes('"innocent"'))!;
      expect(line).toContain(`"innocent" (as the program described it) (via agent · pid ${process.pid} `);
      expect(line).toContain(`ran: ${ours}`);
    } finally {
      innocent.kill();
    }
  });
});
