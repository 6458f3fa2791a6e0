// Numbered migrations. The index in MIGRATIONS + 1 is the schema version kept in
// PRAGMA user_version; a vault newer than this code is refused rather than guessed at.
import type { Database } from 'better-sqlite3';
import { VaultError } from './errors';

const MIGRATIONS: string[] = [
  // 1: the header (KDF parameters, wrapped vault key, sealed settings) and the entries.
  // Nothing but ids, row timestamps and sizes is in clear; name_tag is a keyed hash of the
  // name so uniqueness and lookup by name need no decryption and reveal no name.
  `CREATE TABLE meta (
     key   TEXT PRIMARY KEY,
     value ANY NOT NULL
   ) STRICT;
   CREATE TABLE entries (
     id         TEXT PRIMARY KEY,
     name_tag   BLOB NOT NULL UNIQUE,
     overview   BLOB NOT NULL,
     secret     BLOB NOT NULL,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   ) STRICT;`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Brings the schema up to date inside one transaction; a newer file is refused. */
export function migrate(db: Database): void {
  const current = schemaVersion(db);
  if (current > SCHEMA_VERSION) {
    throw new VaultError('NOT_A_VAULT', 'This vault was written by a newer Token Vault; update the app to open it.');
  }
  if (current === SCHEMA_VERSION) return;
  db.transaction(() => {
    for (let v = current; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]!);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}
