// A program connects to the agent, hands its connected socket to a real `git credential fill`
// child (as fd 3) and names the child's pid in its request, while it reads the answer itself.
// The kernel shows both holding the connection: the release log names the program (the topmost
// of one process tree) as the peer and git beside it, not git alone.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { endpointFor } from '../../electron/agent/endpoint';
import { agentTarget } from '../../electron/agent/vault-id';
import { agentWorld, type AgentWorld, releaseLog, unlockedWithMine } from '../helpers/agent-env';

const SECRET = 'glpat-decoy-000000000000000';

let world: AgentWorld | null = null;
afterEach(() => {
  world?.stop();
  world = null;
});

describe.runIf(process.platform === 'linux' && fs.existsSync('/usr/bin/git'))('a client that names a decoy holding its connection', () => {
  it('is logged as the peer, with the decoy beside it', async () => {
    const w = agentWorld();
    world = w;
    await unlockedWithMine(w, SECRET);
    const target = await agentTarget(w.vault);
    const endpoint = endpointFor(target, w.env);
    const script = `
      const net = require('node:net'), { spawn } = require('node:child_process');
      const s = net.connect(${JSON.stringify(endpoint)}, () => {
        const decoy = spawn('/usr/bin/git', ['credential', 'fill'], { stdio: ['pipe', 'ignore', 'ignore', s._handle.fd], detached: true });
        setTimeout(() => s.write(JSON.stringify({ v: 1, vaultId: ${JSON.stringify(target.vaultId)}, method: 'agentRelease', args: { ref: 'mine', purpose: 'run', command: 'git credential fill' }, pid: decoy.pid }) + '\\n'), 300);
        s.on('data', (d) => { console.log(JSON.stringify({ decoy: decoy.pid, answer: JSON.parse(String(d)) })); decoy.kill(); s.destroy(); });
      });`;
    const attacker = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    attacker.stdout.on('data', (d) => (out += d));
    await new Promise((resolve) => attacker.on('close', resolve));
    const { decoy, answer } = JSON.parse(out) as { decoy: number; answer: { ok: boolean } };
    expect(answer.ok).toBe(true);
    const row = (await releaseLog(w)).find((r) => r.purpose === 'run');
    expect(row).toMatchObject({ entryName: 'mine', peerPid: attacker.pid, peerSource: 'kernel' });
    expect(row?.peerCommand).toContain(`connection also held by: pid ${decoy} /usr/bin/git credential fill`);
  });
});
