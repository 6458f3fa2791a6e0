// Who is on the other end of the agent's socket, from the kernel (peer.ts): the pid the client
// names is taken only when the kernel shows it holding the other end; otherwise every process
// is looked through, and the one that holds it is named. And the agent's socket name, whose
// digest is computed in JavaScript, stays the one node:crypto gives (every version finds the
// same agent).
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { fileTag } from '../../electron/agent/endpoint';
import { sha256Hex } from '../../electron/agent/name-digest';
import { kernelPeer, peerCommandOf } from '../../electron/agent/peer';
import { unixSocketTable } from '../../electron/agent/socket-table';
import { tempDir } from '../helpers/vault-fixture';

const FC_RUNS = Number(process.env.FC_RUNS) || 200;

describe('the socket name digest', () => {
  it('is SHA-256, as node:crypto computes it, for any string (every padding length, any UTF-8)', () => {
    for (let length = 0; length < 200; length++) {
      const text = 'é'.repeat(length % 5) + 'x'.repeat(length);
      expect(sha256Hex(text), `length ${length}`).toBe(createHash('sha256').update(text).digest('hex'));
    }
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 600 }), (text) => sha256Hex(text) === createHash('sha256').update(text).digest('hex')),
      { numRuns: FC_RUNS },
    );
  });

  it('names a vault file as before: the first 16 hex of SHA-256 over its real path, device and inode', () => {
    const file = path.join(tempDir(), 'vault.tokenvault');
    fs.writeFileSync(file, '');
    const real = fs.realpathSync(file);
    const stat = fs.statSync(real);
    expect(fileTag(file)).toBe(createHash('sha256').update(`${real}\0${stat.dev}\0${stat.ino}`).digest('hex').slice(0, 16));
  });
});

describe.runIf(process.platform === 'linux')('the peer, as the kernel knows it', () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) child.kill();
  });

  /** A server here and a client in another process, connected: our end of the connection, and the client's pid. */
  async function connectedFromChild(): Promise<{ accepted: net.Socket; client: ChildProcess; close(): void }> {
    const endpoint = path.join(tempDir('tv-peer-'), 's.sock');
    const server = net.createServer();
    const accepted = new Promise<net.Socket>((resolve) => server.once('connection', resolve));
    await new Promise<void>((resolve) => server.listen(endpoint, resolve));
    const client = spawn(process.execPath, ['-e', `require('node:net').connect(${JSON.stringify(endpoint)}); setTimeout(() => {}, 60000)`], { stdio: 'ignore' });
    children.push(client);
    const socket = await accepted;
    return {
      accepted: socket,
      client,
      close: () => {
        socket.destroy();
        server.close();
      },
    };
  }

  it('takes the pid the client names when that process holds the other end', async () => {
    const { accepted, client, close } = await connectedFromChild();
    try {
      expect(await kernelPeer(accepted, client.pid)).toMatchObject({ pid: client.pid, source: 'kernel', exe: fs.realpathSync(process.execPath), sameUser: true });
    } finally {
      close();
    }
  });

  it('names the process that holds the other end when the client names another pid, or none', async () => {
    const { accepted, client, close } = await connectedFromChild();
    const innocent = spawn('sleep', ['60']);
    children.push(innocent);
    try {
      expect(await kernelPeer(accepted, innocent.pid)).toMatchObject({ pid: client.pid, source: 'kernel' });
      expect(await kernelPeer(accepted, process.pid)).toMatchObject({ pid: client.pid, source: 'kernel' });
      expect(await kernelPeer(accepted, undefined)).toMatchObject({ pid: client.pid, source: 'kernel' });
    } finally {
      close();
    }
  });

  /** A client that connects, hands its connection to a child (`sleep`, as fd 3) and prints the child's pid; with `orphan`, the child outlives a shell in between and is no descendant of the client. */
  async function handedOn(orphan: boolean): Promise<{ accepted: net.Socket; client: ChildProcess; decoy: number; close(): void }> {
    const endpoint = path.join(tempDir('tv-peer-'), 's.sock');
    const server = net.createServer();
    const accepted = new Promise<net.Socket>((resolve) => server.once('connection', resolve));
    await new Promise<void>((resolve) => server.listen(endpoint, resolve));
    const child = orphan ? "spawn('/bin/sh', ['-c', 'sleep 60 & echo $!'], { stdio: ['ignore', 'pipe', 'ignore', s._handle.fd] })" : "spawn('sleep', ['60'], { stdio: ['ignore', 'ignore', 'ignore', s._handle.fd] })";
    const script = `const { spawn } = require('node:child_process'); const s = require('node:net').connect(${JSON.stringify(endpoint)}, () => { const c = ${child}; ${orphan ? 'c.stdout.on("data", (d) => console.log(String(d).trim()));' : 'console.log(c.pid);'} }); setTimeout(() => {}, 60000)`;
    const client = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(client);
    const decoy = await new Promise<number>((resolve) => client.stdout!.once('data', (d) => resolve(Number(String(d).trim()))));
    const socket = await accepted;
    return {
      accepted: socket,
      client,
      decoy,
      close: () => {
        socket.destroy();
        server.close();
        try {
          process.kill(decoy);
        } catch {
          // gone
        }
      },
    };
  }

  it('names the topmost holder, and every other, when the client hands its connection to a child and names the child', async () => {
    const { accepted, client, decoy, close } = await handedOn(false);
    try {
      const peer = await kernelPeer(accepted, decoy);
      expect(peer).toMatchObject({ pid: client.pid, source: 'kernel' });
      expect(peer.unrelated).toBeUndefined();
      expect(peer.holders).toEqual([client.pid!, decoy].sort((a, b) => a - b));
      expect(peerCommandOf(peer)).toContain(`connection also held by: pid ${decoy} sleep 60`);
    } finally {
      close();
    }
  });

  it('marks holders that are not one process tree as unrelated', async () => {
    const { accepted, client, decoy, close } = await handedOn(true);
    try {
      const peer = await kernelPeer(accepted, decoy);
      expect(peer.unrelated).toBe(true);
      expect(peer.holders).toEqual([client.pid!, decoy].sort((a, b) => a - b));
    } finally {
      close();
    }
  });

  it('asks `ss` through one shell that stays, and starts another when that one has gone', async () => {
    const shells = () =>
      fs.readdirSync('/proc').filter((pid) => {
        try {
          const ppid = /^PPid:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
          return Number(ppid) === process.pid && fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('tokenvault-ss-end');
        } catch {
          return false; // not a process, or gone
        }
      });
    expect(await unixSocketTable('peers')).toMatch(/^u_str /m);
    const [first] = shells();
    expect(first).toBeDefined();
    expect(await unixSocketTable('holders')).toMatch(/users:\(\("/);
    expect(shells()).toEqual([first]);
    // Gone between two requests (killed, say): the next request still gets its answer, from a new shell.
    process.kill(Number(first), 'SIGKILL');
    expect(await unixSocketTable('peers')).toMatch(/^u_str /m);
    expect(shells()).toHaveLength(1);
    expect(shells()).not.toEqual([first]);
  });
});
