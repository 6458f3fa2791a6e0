// Who is on the other end of the socket. Node cannot ask the kernel (no SO_PEERCRED), so the
// folder's 0700 mode is what keeps other users out, and this is a second look, not the gate:
// the client names its pid, and on Linux we read /proc/<pid> to check that process runs as
// us and to learn its executable for the release log. A process of the same user could name
// another pid; it could also just read our memory, so that is no new power.
import fs from 'node:fs';

export interface PeerInfo {
  pid: number | null;
  exe: string | null;
  /** false only when /proc shows the named pid belongs to another user. */
  sameUser: boolean;
  /** The command line of its parent (for the credential helper: the git process that ran it). */
  parentCommand: string | null;
}

export function describePeer(claimedPid: number | undefined, procRoot = '/proc'): PeerInfo {
  if (claimedPid === undefined || process.platform !== 'linux') return { pid: claimedPid ?? null, exe: null, sameUser: true, parentCommand: null };
  let status: string;
  try {
    status = fs.readFileSync(`${procRoot}/${claimedPid}/status`, 'utf8');
  } catch {
    // Gone already, or /proc hidden (hidepid): nothing to check against.
    return { pid: claimedPid, exe: null, sameUser: true, parentCommand: null };
  }
  const uids = /^Uid:\s+(\d+)\s+(\d+)/m.exec(status);
  const sameUser = !uids || Number(uids[1]) === process.getuid!() || Number(uids[2]) === process.getuid!();
  let exe: string | null = null;
  try {
    exe = fs.readlinkSync(`${procRoot}/${claimedPid}/exe`);
  } catch {
    exe = null;
  }
  return { pid: claimedPid, exe, sameUser, parentCommand: callerCommand(status, procRoot) };
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
