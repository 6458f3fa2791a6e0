// Who is on the other end of the socket. The folder's 0700 mode is what keeps other users
// out; this is for the release log and a second look. Node cannot ask the kernel for
// SO_PEERCRED, and /proc/net/unix does not link a connection's two ends, so on Linux the
// agent asks the kernel's socket diagnostics through iproute2's `ss` (sock_diag): our end's
// inode names the peer's inode. Which processes hold that one: `ss -p`, which reads every file
// descriptor of every process on the machine — every holder, not only the pid the client named,
// because a client can hand its connection to a decoy (a real git) and name that one while it
// reads the answer itself. That is done at each request that may release a secret or change
// the vault, not once per connection: a connection can be handed on between two requests.
// Where it cannot be learnt (no `ss`, not Linux) the log keeps the pid the client named and
// marks it "claimed". The claimed pid is still read in /proc: a pid of
// another user is refused.
import fs from 'node:fs';
import type net from 'node:net';
import { unixSocketTable } from './socket-table';

export interface PeerInfo {
  pid: number | null;
  exe: string | null;
  /** false only when /proc shows the named pid belongs to another user. */
  sameUser: boolean;
  /** The command line of its parent (for the credential helper: the git process that ran it). */
  parentCommand: string | null;
  /** Where pid came from: the kernel, or what the client said. */
  source: 'kernel' | 'claimed';
  /** Every process holding the other end, when more than one does (pid is the topmost of them). */
  holders?: number[];
  /** Several processes hold it that are not one process tree: nothing is released to them. */
  unrelated?: boolean;
}

export function describePeer(claimedPid: number | undefined, procRoot = '/proc'): PeerInfo {
  if (claimedPid === undefined || process.platform !== 'linux') return { pid: claimedPid ?? null, exe: null, sameUser: true, parentCommand: null, source: 'claimed' };
  let status: string;
  try {
    status = fs.readFileSync(`${procRoot}/${claimedPid}/status`, 'utf8');
  } catch {
    // Gone already, or /proc hidden (hidepid): nothing to check against.
    return { pid: claimedPid, exe: null, sameUser: true, parentCommand: null, source: 'claimed' };
  }
  const uids = /^Uid:\s+(\d+)\s+(\d+)/m.exec(status);
  const sameUser = !uids || Number(uids[1]) === process.getuid!() || Number(uids[2]) === process.getuid!();
  let exe: string | null = null;
  try {
    exe = fs.readlinkSync(`${procRoot}/${claimedPid}/exe`);
  } catch {
    exe = null;
  }
  return { pid: claimedPid, exe, sameUser, parentCommand: callerCommand(status, procRoot), source: 'claimed' };
}

const SHELL_WRAPPER = /^(\S*\/)?(sh|bash|dash|zsh)\s+-c\s/;

const parentPid = (status: string) => {
  const found = /^PPid:\s+(\d+)/m.exec(status);
  return found ? Number(found[1]) : null;
};

/**
 * The program that ran the peer: its parent, or further up past the shell git wraps a
 * "!command" helper in.
 */
function callerCommand(peerStatus: string, procRoot: string): string | null {
  let pid = parentPid(peerStatus);
  for (let hops = 0; pid && pid > 1 && hops < 4; hops++) {
    const command = peerCommand(pid, procRoot);
    if (command && !SHELL_WRAPPER.test(command)) return command;
    try {
      pid = parentPid(fs.readFileSync(`${procRoot}/${pid}/status`, 'utf8'));
    } catch {
      return command;
    }
  }
  return null;
}

/** The command line of a pid (for the log: "git-remote-https …"), or null. */
export function peerCommand(pid: number | null, procRoot = '/proc'): string | null {
  if (pid === null || process.platform !== 'linux') return null;
  try {
    return fs.readFileSync(`${procRoot}/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ').slice(0, 300) || null;
  } catch {
    return null;
  }
}

/** The inode of an accepted socket's own end, from /proc/self/fd. */
function socketInode(socket: net.Socket): string | null {
  const fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd;
  if (typeof fd !== 'number' || fd < 0) return null;
  try {
    return /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/self/fd/${fd}`))?.[1] ?? null;
  } catch {
    return null;
  }
}

/** One line of `ss -xHn` (with -p, the holders too): ... <local-port> <peer-address> <peer-port> [users:((...))]. */
const SS_LINE = /\s(\d+)\s+\S+\s+(\d+)(?:\s+users:\((.*)\))?\s*$/;

/** The kernel's table of Unix sockets, by inode: each one's peer, and with `withHolders` the processes holding it. */
async function unixSockets(withHolders: boolean): Promise<Map<string, { peer: string; users: string }> | null> {
  const out = await unixSocketTable(withHolders ? 'holders' : 'peers');
  if (out === null) return null;
  const byInode = new Map<string, { peer: string; users: string }>();
  for (const line of out.split('\n')) {
    const found = SS_LINE.exec(line);
    if (found) byInode.set(found[1]!, { peer: found[2]!, users: found[3] ?? '' });
  }
  return byInode;
}

/** Whether `ancestor` is `pid` or above it in the process tree (per /proc, a few dozen hops at most). */
function descendsFrom(pid: number, ancestor: number, procRoot = '/proc'): boolean {
  let current: number | null = pid;
  for (let hops = 0; current && current > 1 && hops < 64; hops++) {
    if (current === ancestor) return true;
    try {
      current = parentPid(fs.readFileSync(`${procRoot}/${current}/status`, 'utf8'));
    } catch {
      return false;
    }
  }
  return false;
}

/**
 * The pids holding the other end of `socket`, per the kernel; null when that cannot be learnt.
 * Every holder, whatever pid the client named: a client may hand its connection to another
 * process (a real git, say) and name that one, while it keeps reading the answer itself.
 */
export async function kernelPeerPids(socket: net.Socket): Promise<number[] | null> {
  if (process.platform !== 'linux') return null;
  const ours = socketInode(socket);
  if (!ours) return null;
  const peer = (await unixSockets(false))?.get(ours)?.peer;
  if (!peer || peer === '0') return null;
  const users = (await unixSockets(true))?.get(peer)?.users ?? '';
  const pids = [...users.matchAll(/pid=(\d+)/g)].map((m) => Number(m[1]));
  return pids.length > 0 ? [...new Set(pids)].sort((a, b) => a - b) : null;
}

/**
 * The peer as the kernel knows it when it can, otherwise the claimed one, marked so. One holder
 * is the peer. Several (a connection inherited by a child, or passed on) are the peer only as
 * one process tree: the topmost holder is named, the others listed beside it (`holders`); holders
 * that are not one tree are `unrelated`, and the agent releases nothing to them.
 */
export async function kernelPeer(socket: net.Socket, claimedPid: number | undefined): Promise<PeerInfo> {
  const pids = await kernelPeerPids(socket);
  if (!pids) return describePeer(claimedPid);
  if (pids.length === 1) return { ...describePeer(pids[0]), source: 'kernel' };
  const top = pids.find((candidate) => pids.every((pid) => descendsFrom(pid, candidate)));
  if (top === undefined) return { pid: claimedPid ?? null, exe: null, sameUser: true, parentCommand: null, source: 'kernel', holders: pids, unrelated: true };
  return { ...describePeer(top), source: 'kernel', holders: pids };
}

/** What the peer really runs, for the log: its command line and, when others hold the connection too, theirs. */
export function peerCommandOf(peer: PeerInfo): string | null {
  if (peer.source !== 'kernel') return null;
  const others = (peer.holders ?? []).filter((pid) => pid !== peer.pid);
  const own = peerCommand(peer.pid);
  if (others.length === 0) return own;
  // Each command shortened so that every holder's pid fits the log's 300 characters.
  const also = others.map((pid) => `pid ${pid} ${(peerCommand(pid) ?? '(gone)').slice(0, 60)}`).join('; ');
  return `${(own ?? '(gone)').slice(0, 100)} [connection also held by: ${also}]`.slice(0, 300);
}
