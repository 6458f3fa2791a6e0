// The vault header: format, vault id, KDF parameters (clear, not secret) and the vault key
// wrapped under the key derived from the master password. A SHA-256 checksum over header and
// wrapped key tells a damaged file apart from a wrong password before any guessing is done.
// Reading the header needs no libsodium, so a vault can be opened (locked) synchronously.
import { createHash, timingSafeEqual } from 'node:crypto';
import Sqlite, { type Database } from 'better-sqlite3';
import { damaged, VaultError } from './errors';
import { isSaneKdf, type KdfParams } from './kdf';
import { associatedData, seal, tryOpen, utf8 } from './seal';
import type { Sodium } from './sodium';

export const FORMAT_VERSION = 1;

export interface VaultHeader {
  format: number;
  vaultId: string;
  createdAt: string;
  kdf: KdfParams;
}

export interface StoredHeader {
  header: VaultHeader;
  /** The exact bytes the wrapped key is bound to; re-serialising could differ. */
  text: string;
  wrappedKey: Uint8Array;
}

export function encodeHeader(header: VaultHeader): string {
  const { salt, ...kdf } = header.kdf;
  return JSON.stringify({ ...header, kdf: { ...kdf, salt: Buffer.from(salt).toString('base64url') } });
}

function parseHeader(text: string): VaultHeader {
  try {
    const raw = JSON.parse(text) as { format: number; vaultId: string; createdAt: string; kdf: { alg: string; opsLimit: number; memLimitBytes: number; salt: string } };
    const header: VaultHeader = {
      format: raw.format,
      vaultId: raw.vaultId,
      createdAt: raw.createdAt,
      kdf: { alg: 'argon2id13', opsLimit: raw.kdf.opsLimit, memLimitBytes: raw.kdf.memLimitBytes, salt: new Uint8Array(Buffer.from(raw.kdf.salt, 'base64url')) },
    };
    if (raw.kdf.alg !== 'argon2id13' || typeof header.vaultId !== 'string' || !isSaneKdf(header.kdf)) throw new Error('bad header');
    return header;
  } catch {
    throw damaged();
  }
}

function checksum(text: string, wrappedKey: Uint8Array): Buffer {
  return createHash('sha256').update(utf8.encode(text)).update(wrappedKey).digest();
}

export function writeHeader(db: Database, text: string, wrappedKey: Uint8Array): void {
  const put = db.prepare('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  put.run('header', text);
  put.run('wrapped_key', wrappedKey);
  put.run('header_check', checksum(text, wrappedKey));
}

/** Reads and checks the header. Throws NOT_A_VAULT for foreign files, DAMAGED for corrupt ones. */
export function readHeader(db: Database): StoredHeader {
  let rows: { key: string; value: unknown }[];
  try {
    rows = db.prepare("SELECT key, value FROM meta WHERE key IN ('header', 'wrapped_key', 'header_check')").all() as typeof rows;
  } catch (error) {
    // A SQLite file without our table, or no SQLite file at all: someone else's file.
    if (String((error as Error).message).includes('no such table') || (error as { code?: string }).code === 'SQLITE_NOTADB') throw notAVault();
    throw error;
  }
  const get = (k: string) => rows.find((r) => r.key === k)?.value;
  const text = get('header');
  const wrappedKey = get('wrapped_key');
  const check = get('header_check');
  if (text === undefined && wrappedKey === undefined) throw notAVault();
  if (typeof text !== 'string' || !(wrappedKey instanceof Uint8Array) || !(check instanceof Uint8Array)) throw damaged();
  const expected = checksum(text, wrappedKey);
  if (check.length !== expected.length || !timingSafeEqual(expected, check)) throw damaged();
  const header = parseHeader(text);
  if (header.format !== FORMAT_VERSION) {
    throw new VaultError('NOT_A_VAULT', 'This vault was written by a newer Token Vault; update the app to open it.');
  }
  return { header, text, wrappedKey: new Uint8Array(wrappedKey) };
}

/** The id in a file's checked header (opened read-only), or null when it does not read as a vault. */
export function vaultIdInFile(file: string): string | null {
  try {
    const db = new Sqlite(file, { readonly: true, fileMustExist: true });
    try {
      return readHeader(db).header.vaultId;
    } finally {
      db.close();
    }
  } catch {
    return null;
  }
}

export function notAVault(): VaultError {
  return new VaultError('NOT_A_VAULT', 'That file is not a Token Vault vault.');
}

export function wrapVaultKey(sodium: Sodium, vaultKey: Uint8Array, kek: Uint8Array, header: VaultHeader, text: string): Uint8Array {
  return seal(sodium, kek, vaultKey, 'vault-key', associatedData(header.vaultId, '-', 'vault-key', text));
}

/** null means the key-encryption key is wrong, i.e. the password is (the checksum already passed). */
export function unwrapVaultKey(sodium: Sodium, stored: StoredHeader, kek: Uint8Array): Uint8Array | null {
  return tryOpen(sodium, kek, stored.wrappedKey, 'vault-key', associatedData(stored.header.vaultId, '-', 'vault-key', stored.text));
}
