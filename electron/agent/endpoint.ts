// Where a vault's agent listens: a Unix socket named by the vault's id in a per-user runtime
// folder that only its owner may enter ($XDG_RUNTIME_DIR/tokenvault, else a folder under the
// temp dir keyed by uid), or a named pipe on Windows. The folder is the gate: the kernel
// refuses connect() to a socket in a folder another user cannot search, so its mode and owner
// are checked every time, and a folder someone else made (a squatter in /tmp) is refused.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

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
  if (env.TOKENVAULT_RUNTIME_DIR) return env.TOKENVAULT_RUNTIME_DIR;
  if (env.XDG_RUNTIME_DIR && path.isAbsolute(env.XDG_RUNTIME_DIR)) return path.join(env.XDG_RUNTIME_DIR, 'tokenvault');
  const uid = typeof process.getuid === 'function' ? process.getuid() : os.userInfo().username;
  return path.join(os.tmpdir(), `tokenvault-${uid}`);
}

/**
 * Makes the folder (0700) if missing and checks it is ours and closed to others: a real
 * directory, not a link, owned by this uid, no group/other bits. Throws a one-sentence error otherwise.
 */
export function ensurePrivateDir(dir: string): string {
  if (process.platform === 'win32') return dir;
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  assertPrivateDir(dir);
  return dir;
}

export function assertPrivateDir(dir: string): void {
  if (process.platform === 'win32') return;
  const stat = fs.lstatSync(dir);
  const uid = process.getuid!();
  if (!stat.isDirectory()) throw new EndpointError(`${dir} is not a folder; the agent will not use it.`);
  if (stat.uid !== uid) throw new EndpointError(`${dir} belongs to another user; the agent will not use it.`);
  if ((stat.mode & 0o077) !== 0) throw new EndpointError(`${dir} is open to other users (mode ${(stat.mode & 0o777).toString(8)}); make it 0700 or remove it.`);
}

/** The socket (or pipe) for one vault. */
export function endpointFor(vaultId: string, env: NodeJS.ProcessEnv = process.env): string {
  if (!isVaultId(vaultId)) throw new EndpointError('That is not a vault id.');
  if (process.platform === 'win32') {
    // Named pipes live in one machine-wide namespace: the user name keeps users apart by name;
    // the pipe's default security descriptor is what keeps them apart in fact (see README).
    return `\\\\.\\pipe\\tokenvault-${os.userInfo().username}-${vaultId.toLowerCase()}`;
  }
  return path.join(runtimeDir(env), `${vaultId.toLowerCase()}.sock`);
}
