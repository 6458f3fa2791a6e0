// Where a vault's agent listens: a Unix socket named by the vault's id and its file, in a
// per-user runtime folder that only its owner may enter ($XDG_RUNTIME_DIR/tokenvault, else a
// folder under the temp dir keyed by uid), or a named pipe on Windows. The folder is the gate:
// the kernel refuses connect() to a socket in a folder another user cannot search, so its mode
// and owner are checked every time, and so is every folder above it (as ssh does for its
// files): one another user may write to would let them swap our folder for theirs between a
// check and a connect. A folder someone else made in /tmp (a squatter) is not waited on: the
// agent goes to a folder under the user's cache instead, and says so.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sha256Hex } from './name-digest';

export class EndpointError extends Error {
  override readonly name = 'ServiceError';
  readonly code = 'AGENT_FOLDER_UNSAFE';
}

/** A vault id is a UUID; anything else would let a caller steer the socket path. */
const VAULT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isVaultId(value: unknown): value is string {
  return typeof value === 'string' && VAULT_ID.test(value);
}

export function runtimeDir(env: NodeJS.ProcessEnv = process.env): string {
  return runtimeChoice(env).dir;
}

/** The runtime folder, and a sentence when it is not the usual one (someone else holds that). */
export function runtimeChoice(env: NodeJS.ProcessEnv = process.env): { dir: string; note: string | null } {
  if (env.TOKENVAULT_RUNTIME_DIR) return { dir: env.TOKENVAULT_RUNTIME_DIR, note: null };
  if (env.XDG_RUNTIME_DIR && path.isAbsolute(env.XDG_RUNTIME_DIR)) return { dir: path.join(env.XDG_RUNTIME_DIR, 'tokenvault'), note: null };
  if (process.platform === 'win32') return { dir: os.tmpdir(), note: null };
  const uid = process.getuid!();
  const usual = path.join(os.tmpdir(), `tokenvault-${uid}`);
  let squatted = false;
  try {
    const stat = fs.lstatSync(usual);
    squatted = stat.uid !== uid || !stat.isDirectory();
  } catch {
    squatted = false; // not there yet: ours to make
  }
  if (!squatted) return { dir: usual, note: null };
  const cache = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(env.HOME || os.homedir(), '.cache');
  const dir = path.join(cache, 'tokenvault', 'agent');
  return { dir, note: `${usual} belongs to another user (or is not a folder), so the agent's socket is in ${dir} instead.` };
}

/**
 * Every folder above `dir` must be owned by us or root and not writable by others, unless
 * sticky (like /tmp: others may add entries but not rename or remove ours).
 */
export function assertSafeAncestors(dir: string): void {
  if (process.platform === 'win32') return;
  const uid = process.getuid!();
  // From the nearest folder that exists: nothing is made under an unsafe one.
  let start = path.dirname(path.resolve(dir));
  while (!fs.existsSync(start) && path.dirname(start) !== start) start = path.dirname(start);
  let current = fs.realpathSync(start);
  for (;;) {
    const stat = fs.statSync(current);
    const owner = stat.uid === uid || stat.uid === 0;
    const othersWrite = (stat.mode & 0o022) !== 0 && (stat.mode & 0o1000) === 0;
    if (!owner || othersWrite) {
      const why = owner ? `other users can write to it (mode ${(stat.mode & 0o7777).toString(8)})` : 'it belongs to another user';
      throw new EndpointError(`The agent will not put its socket under ${current}: ${why}, so they could swap the agent's folder for their own.`);
    }
    const parent = path.dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

/**
 * Makes the folder (0700) if missing and checks it is ours and closed to others: a real
 * directory, not a link, owned by this uid, no group/other bits. Throws a one-sentence error otherwise.
 */
export function ensurePrivateDir(dir: string): string {
  if (process.platform === 'win32') return dir;
  assertSafeAncestors(dir);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  assertSafeAncestors(dir);
  assertPrivateDir(dir);
  return dir;
}

export function assertPrivateDir(dir: string): void {
  if (process.platform === 'win32') return;
  checkPrivate(fs.lstatSync(dir), dir);
}

function checkPrivate(stat: fs.Stats, dir: string): void {
  const uid = process.getuid!();
  if (!stat.isDirectory()) throw new EndpointError(`${dir} is not a folder; the agent will not use it.`);
  if (stat.uid !== uid) throw new EndpointError(`${dir} belongs to another user; the agent will not use it.`);
  if ((stat.mode & 0o077) !== 0) throw new EndpointError(`${dir} is open to other users (mode ${(stat.mode & 0o777).toString(8)}); make it 0700 or remove it.`);
}

/**
 * For a client about to speak (perhaps the master password): the folder is opened and the
 * opened handle checked, and on Linux the socket is reached through that handle
 * (/proc/self/fd/N/name), so no one can swap the folder between the check and the connect.
 * Throws EndpointError when the folder or the socket is not ours.
 */
export function openEndpoint(endpoint: string): { address: string; release(): void } {
  if (process.platform === 'win32') return { address: endpoint, release: () => undefined };
  const dir = path.dirname(endpoint);
  assertSafeAncestors(dir);
  const fd = fs.openSync(dir, fs.constants.O_RDONLY | fs.constants.O_DIRECTORY | fs.constants.O_NOFOLLOW);
  try {
    checkPrivate(fs.fstatSync(fd), dir);
    const handle = `/proc/self/fd/${fd}`;
    const address = process.platform === 'linux' && fs.existsSync(handle) ? `${handle}/${path.basename(endpoint)}` : endpoint;
    const socket = fs.lstatSync(address);
    if (!socket.isSocket() || socket.uid !== process.getuid!()) throw new EndpointError(`${endpoint} is not the agent's socket.`);
    return { address, release: () => fs.closeSync(fd) };
  } catch (error) {
    fs.closeSync(fd);
    throw error;
  }
}

/**
 * Which agent a vault file has: its id, and which file it is. A copy of the file (same id,
 * another path or inode) must not be served by the original's agent — `add` on the copy would
 * change the original — nor a file replaced at the same path (a restore) by the old one's.
 */
export interface AgentTarget {
  vaultId: string;
  /** A digest of the file's real path, device and inode. */
  fileTag: string;
}

export function fileTag(vaultPath: string): string {
  const real = fs.realpathSync(vaultPath);
  const stat = fs.statSync(real);
  return sha256Hex(`${real}\0${stat.dev}\0${stat.ino}`).slice(0, 16);
}

/** The socket (or pipe) for one vault file. */
export function endpointFor(target: AgentTarget, env: NodeJS.ProcessEnv = process.env): string {
  const { vaultId } = target;
  if (!isVaultId(vaultId)) throw new EndpointError('That is not a vault id.');
  if (!/^[0-9a-f]{16}$/.test(target.fileTag)) throw new EndpointError('That is not a vault file tag.');
  const name = `${vaultId.toLowerCase()}-${target.fileTag}`;
  if (process.platform === 'win32') {
    // Named pipes live in one machine-wide namespace: the user name keeps users apart by name;
    // the pipe's default security descriptor is what keeps them apart in fact (see README).
    return `\\\\.\\pipe\\tokenvault-${os.userInfo().username}-${name}`;
  }
  return path.join(runtimeDir(env), `${name}.sock`);
}
