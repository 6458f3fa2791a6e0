// A program asks something harmless that makes the agent ask the kernel who holds the
// connection (git's "store"), then hands the connection to a detached process (reparented away:
// unrelated to it) and exits. That process asks for a secret on the same connection. The kernel
// is asked again at that request: the release is logged under the process that holds the
// connection then, not under the first one's dead pid.
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { endpointFor } from '../../electron/agent/endpoint';
import { agentTarget } from '../../electron/agent/vault-id';
import { agentWorld, type AgentWorld, releaseLog, unlockedWithMine } from '../helpers/agent-env';

const SECRET = 'glpat-handoff-00000000000000';

let world: AgentWorld | null = null;
afterEach(() => {
  world?.stop();
  world = null;
});

describe.runIf(process.platform === 'linux')('a connection handed on after the kernel was asked', () => {
  it('is named at each request that releases a secret, not once per connection', async () => {
    const w = agentWorld();
    world = w;
    await unlockedWithMine(w, SECRET);
    const target = await agentTarget(w.vault);
    const endpoint = endpointFor(target, w.env);
    const request = (method: string, args: unknown, pid: string) => `JSON.stringify({ v: 1, vaultId: ${JSON.stringify(target.vaultId)}, method: ${JSON.stringify(method)}, args: ${JSON.stringify(args)}, pid: ${pid} }) + '\\n'`;
    const second = `
      const net = require('node:net');
      const s = new net.Socket({ fd: 3, readable: true, writable: true });
      setTimeout(() => {
        s.write(${request('agentRelease', { ref: 'mine', purpose: 'show', command: 'innocent' }, 'Number(process.argv[1])')});
        s.on('data', (d) => { console.log(JSON.stringify({ second: process.pid, answer: JSON.parse(String(d)) })); process.exit(0); });
      }, 500);`;
    const first = `
      const net = require('node:net'), { spawn } = require('node:child_process');
      const s = net.connect(${JSON.stringify(endpoint)}, () => s.write(${request('gitCredential', { action: 'store', credential: { protocol: 'https', host: 'x.example' } }, 'process.pid')}));
      s.once('data', (d) => {
        console.log(JSON.stringify({ first: process.pid, answer: JSON.parse(String(d)) }));
        s.pause();
        const b = spawn(process.execPath, ['-e', ${JSON.stringify(second)}, String(process.pid)], { stdio: ['ignore', 'inherit', 'inherit', s], detached: true });
        b.unref(); s.destroy(); process.exit(0);
      });`;
    const a = spawn(process.execPath, ['-e', first], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    a.stdout.on('data', (d) => (out += d));
    // 'close' waits for the second process too: it writes to the same pipe.
    await new Promise((resolve) => a.on('close', resolve));
    const lines = out.trim().split('\n').map((l) => JSON.parse(l) as { first?: number; second?: number; answer: { ok: boolean } });
    expect(lines[0]).toMatchObject({ first: a.pid, answer: { ok: true } });
    const secondPid = lines[1]?.second;
    expect(secondPid).toBeTypeOf('number');
    expect(secondPid).not.toBe(a.pid);
    const row = (await releaseLog(w)).find((r) => r.purpose === 'show');
    expect(row).toMatchObject({ entryName: 'mine', peerPid: secondPid, peerSource: 'kernel' });
  });
});
