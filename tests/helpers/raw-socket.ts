// A raw client on the agent socket: one connection, one request line, one answer. Any local
// program can do this without the CLI, which is why the attacker tests use it.
import net from 'node:net';

export type Answer = { ok: boolean; value?: unknown; error?: { code: string; message: string } };

export function raw(endpoint: string, vaultId: string, method: string, args: unknown): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(endpoint, () => socket.write(`${JSON.stringify({ v: 1, vaultId, method, args, pid: process.pid })}\n`));
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      data += chunk;
      if (data.includes('\n')) {
        socket.destroy();
        resolve(JSON.parse(data.slice(0, data.indexOf('\n'))) as Answer);
      }
    });
    socket.on('error', reject);
  });
}
