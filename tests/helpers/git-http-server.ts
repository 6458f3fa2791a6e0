// A tiny Git smart-HTTP server that requires Basic auth, enough for `git ls-remote`: it
// advertises one branch to a request carrying an accepted token for that repository and
// answers 401 (as GitLab does) to anything else. It records what it was sent.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const SHA = '8d3c1e6f0a2b4c5d6e7f8091a2b3c4d5e6f70819';
const pkt = (line: string) => (line.length + 4).toString(16).padStart(4, '0') + line;

export interface GitServer {
  url: string;
  /** The tokens each repository path ("group/project.git") accepts. */
  accept: Map<string, string>;
  seen: { path: string; username: string | null; password: string | null }[];
  close(): Promise<void>;
}

export async function startGitServer(): Promise<GitServer> {
  const accept = new Map<string, string>();
  const seen: GitServer['seen'] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const repo = url.pathname.replace(/^\//, '').replace(/\/info\/refs$/, '');
    const auth = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
    const [username, password] = auth ? Buffer.from(auth[1]!, 'base64').toString('utf8').split(/:(.*)/s) : [null, null];
    seen.push({ path: repo, username: username ?? null, password: password ?? null });
    if (!url.pathname.endsWith('/info/refs') || url.searchParams.get('service') !== 'git-upload-pack') {
      res.writeHead(404).end();
      return;
    }
    if (!password || accept.get(repo) !== password) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="GitLab"' }).end('HTTP Basic: Access denied');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/x-git-upload-pack-advertisement', 'Cache-Control': 'no-cache' });
    res.end(`${pkt('# service=git-upload-pack\n')}0000${pkt(`${SHA} HEAD\0multi_ack thin-pack side-band side-band-64k ofs-delta no-progress include-tag symref=HEAD:refs/heads/main\n`)}${pkt(`${SHA} refs/heads/main\n`)}0000`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, accept, seen, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export const ADVERTISED_SHA = SHA;
