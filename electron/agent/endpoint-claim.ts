// Taking the agent's socket path, also after a crash left the old socket file behind, without
// ever taking it from a live agent. bind() itself is the lock: it fails while any file is at
// the path. A leftover is removed only when nothing answers on it AND the file moved aside
// is still the one probed (same inode): if another starter replaced it in between, its live
// socket is linked back (link(2) never overwrites) and we step aside. So two agents started
// at once after a crash cannot both win, and none is left serving a name nobody can reach.
// Afterwards a watch notices when the path no longer names our socket (or the vault file is
// no longer the one we hold) so the owner can lock and leave rather than linger unreachable.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import { fileTag } from './endpoint';

export class EndpointBusyError extends Error {
  override readonly name = 'ServiceError';
  readonly code = 'AGENT_RUNNING';
  constructor() {
    super('An agent already serves this vault.');
  }
}

/** Whether something answers on the endpoint (a live agent) or not (absent, or a crashed agent's leftover). */
export function endpointAnswers(endpoint: string, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(endpoint);
    const done = (alive: boolean) => {
      socket.destroy();
      resolve(alive);
    };
    socket.setTimeout(timeoutMs, () => done(true)); // it accepted: someone is there, just slow
    socket.once('connect', () => done(true));
    // A full backlog (EAGAIN) is a live agent under load, not a leftover.
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code === 'EAGAIN'));
  });
}

function listen(server: net.Server, endpoint: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (error: Error) => reject(error);
    server.once('error', failed);
    server.listen(endpoint, () => {
      server.off('error', failed);
      resolve();
    });
  });
}

const sameFile = (a: fs.Stats, b: fs.Stats) => a.ino === b.ino && a.dev === b.dev;

/** Listens on `endpoint`, taking over a dead leftover; throws EndpointBusyError when a live agent holds it. */
export async function claimEndpoint(server: net.Server, endpoint: string): Promise<void> {
  if (process.platform === 'win32') {
    try {
      return await listen(server, endpoint);
    } catch (error) {
      throw (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? new EndpointBusyError() : error;
    }
  }
  // Leftovers moved aside are removed only at the end: while one exists its inode cannot be
  // reused by a new socket, so "same inode as the one probed" cannot mistake a new agent for it.
  const asides: string[] = [];
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        return await listen(server, endpoint);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      }
      let probed: fs.Stats;
      try {
        probed = fs.lstatSync(endpoint);
      } catch {
        continue; // gone meanwhile: bind again
      }
      if (await endpointAnswers(endpoint)) throw new EndpointBusyError();
      const aside = `${endpoint}.stale-${randomBytes(6).toString('hex')}`;
      try {
        fs.renameSync(endpoint, aside);
      } catch {
        continue; // another starter moved it first
      }
      if (sameFile(fs.lstatSync(aside), probed)) {
        asides.push(aside);
        continue;
      }
      // Not the leftover we probed: another starter bound here since. Give its name back.
      try {
        fs.linkSync(aside, endpoint);
      } finally {
        fs.rmSync(aside, { force: true });
      }
      throw new EndpointBusyError();
    }
    throw new EndpointBusyError();
  } finally {
    for (const aside of asides) fs.rmSync(aside, { force: true });
  }
}

export interface EndpointWatch {
  endpoint: string;
  /** The vault file we hold and its tag when we started (endpoint.ts's fileTag). */
  vaultPath: string;
  fileTag: string;
  /** Called once when the socket path no longer names our socket, or the vault file was replaced or moved. */
  onLost(why: string): void;
}

export const WATCH_MS = 5000;

/** Starts the watch; returns its stop. */
export function watchEndpoint(watch: EndpointWatch): () => void {
  const ours = process.platform === 'win32' ? null : fs.lstatSync(watch.endpoint);
  const check = () => {
    let why: string | null = null;
    try {
      if (ours && !sameFile(fs.lstatSync(watch.endpoint), ours)) why = 'Another socket took the agent\'s place.';
    } catch {
      why = 'The agent\'s socket was removed.';
    }
    try {
      if (!why && fileTag(watch.vaultPath) !== watch.fileTag) why = 'The vault file was replaced or moved.';
    } catch {
      why ??= 'The vault file is gone.';
    }
    if (why) {
      clearInterval(timer);
      watch.onLost(why);
    }
  };
  const timer = setInterval(check, WATCH_MS);
  timer.unref();
  return () => clearInterval(timer);
}
