// A vault's id without opening it as a vault: the agent's socket is named by it, and the CLI
// looks it up before every command, so it must be cheap and leave no trace — an SQLite
// connection, even read-only, creates -wal/-shm files beside a WAL vault (with the vault's
// mode, which may still be too open before a real open tightens it). The id is in the
// header row written when the vault is made, on the first pages of the file (the meta table
// is created first), and never changes; a file where it cannot be found there is opened
// read-only as a fallback. SQLite (a native module) is loaded only for that fallback: a CLI
// command the agent answers should not pay for loading it.
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { VaultError } from './errors';

const SQLITE_MAGIC = 'SQLite format 3\u0000';
const HEAD_BYTES = 64 * 1024;
const ID_KEY = '"vaultId":"';
const ID_VALUE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"/;

/** The first `"vaultId":"<uuid>"` in those bytes: found with Buffer.indexOf (memchr), not by decoding 64 KiB to a string for a regex (about 1 ms of every command's CPU). */
function idInHeader(head: Buffer): string | null {
  for (let at = head.indexOf(ID_KEY, 0, 'latin1'); at !== -1; at = head.indexOf(ID_KEY, at + 1, 'latin1')) {
    const start = at + ID_KEY.length;
    const value = head.toString('latin1', start, start + 37);
    if (ID_VALUE.test(value)) return value.slice(0, 36);
  }
  return null;
}

export async function peekVaultId(file: string): Promise<string> {
  const target = path.resolve(file);
  if (!fs.existsSync(target)) throw new VaultError('NO_VAULT', `There is no vault at ${target}; create one with "tokenvault init".`);
  const notAVault = () => new VaultError('NOT_A_VAULT', `${target} is not a Token Vault vault.`);
  let head: Buffer;
  try {
    const fd = fs.openSync(target, 'r');
    try {
      // Unzeroed: only the bytes read are looked at (subarray).
      const buffer = Buffer.allocUnsafe(HEAD_BYTES);
      head = buffer.subarray(0, fs.readSync(fd, buffer, 0, HEAD_BYTES, 0));
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    throw notAVault();
  }
  if (head.toString('latin1', 0, SQLITE_MAGIC.length) !== SQLITE_MAGIC) throw notAVault();
  const found = idInHeader(head);
  if (found) return found;
  let db: Database.Database | null = null;
  try {
    const { default: Sqlite } = await import('better-sqlite3');
    db = new Sqlite(target, { readonly: true, fileMustExist: true });
    const row = db.prepare("SELECT value FROM meta WHERE key = 'header'").get() as { value: unknown } | undefined;
    const id = typeof row?.value === 'string' ? (JSON.parse(row.value) as { vaultId?: unknown }).vaultId : undefined;
    if (typeof id !== 'string' || !id) throw notAVault();
    return id;
  } catch {
    throw notAVault();
  } finally {
    db?.close();
  }
}

