// Numbered migrations. The index in MIGRATIONS + 1 is the schema version kept in
// PRAGMA user_version; a vault newer than this code is refused rather than guessed at.
// Some migrations re-seal rows and so need the vault key: the vault runs them at unlock.
import type { Database } from 'better-sqlite3';
import { VaultError } from './errors';

/** Steps that need the unlocked vault's keys; the Vault supplies them. */
export interface KeyedUpgrades {
  /** Schema 2: every secret bound to a version in its overview, settings to a counter. */
  bindVersions(db: Database): void;
}

type Migration = { sql: string } | { keyed: keyof KeyedUpgrades };

const MIGRATIONS: Migration[] = [
  // 1: the header (KDF parameters, wrapped vault key, sealed settings) and the entries.
  // Nothing but ids, row timestamps and sizes is in clear; name_tag is a keyed hash of the
  // name so uniqueness and lookup by name need no decryption and reveal no name.
  {
    sql: `CREATE TABLE meta (
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
  },
  // 2: rollback resistance — secrets re-sealed under a random version named in their overview,
  // settings under a counter (meta 'settings_counter').
  { keyed: 'bindVersions' },
  // 3: the release log: one sealed row per secret that left the vault (git, run, copy),
  // kept so the user can see what read which token. The instant is clear for ordering and
  // pruning; what was released, and to which program, is sealed.
  {
    sql: `CREATE TABLE releases (
       id     TEXT PRIMARY KEY,
       at     INTEGER NOT NULL,
       sealed BLOB NOT NULL
     ) STRICT;
     CREATE INDEX releases_at ON releases(at);`,
  },
  // 4: sealed overviews may carry a rotation follow-up (the places still to update, see
  // follow-up.ts). No table changes: rows without one read as "nothing pending". The number
  // moves so an older Token Vault, whose contract refuses the new field, says "update the
  // app" instead of failing on every list.
  { sql: '' },
  // 5: overviews may be in format 2 (a positional JSON array, instants as numbers;
  // overview-codec.ts): ~150 bytes instead of ~560, one 256-byte padding block instead of
  // three. The number moves so an older Token Vault refuses the file instead of calling every
  // row damaged. Converting the rows needs the key, and a backup being restored is migrated
  // without one, so it is not this step: the first unlock re-seals every format 1 overview
  // and compacts the file once (compact.ts, recorded in meta 'overview_format').
  { sql: '' },
  // 6: the Trash and earlier secrets. Overviews may carry a Trash instant and the secret's keyed
  // tag (overview-codec.ts; older Token Vaults would call such a row damaged, so the number
  // moves). A replaced secret is kept, sealed, in old_secrets (old-secrets.ts) so it can be put
  // back; its row goes with its entry (secure_delete zeroes it).
  {
    sql: `CREATE TABLE IF NOT EXISTS old_secrets (
       id         TEXT PRIMARY KEY,
       entry_id   TEXT NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
       at         INTEGER NOT NULL,
       sealed     BLOB NOT NULL
     ) STRICT;
     CREATE INDEX IF NOT EXISTS old_secrets_entry ON old_secrets(entry_id, at);`,
  },
  // 7: smaller rows (row-format.ts): 12-byte name tags, and secrets sealed without a stored nonce
  // (derived from their fresh version; entry-codec.ts sealNewSecret). No table changes; an older
  // Token Vault would call such a secret damaged, so the number moves and it refuses the file.
  // Like 5, the rows are converted at the first unlock, which has the key.
  { sql: '' },
];

export const SCHEMA_VERSION = MIGRATIONS.length;
/** The first schema whose rows carry secret versions and a settings counter. */
export const VERSIONED_SCHEMA = 2;

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function isEmpty(db: Database): boolean {
  const rows = db.prepare("SELECT (SELECT count(*) FROM entries) + (SELECT count(*) FROM meta WHERE key = 'settings') AS n").get() as { n: number };
  return rows.n === 0;
}

/**
 * Brings the schema up to date inside one transaction; a newer file is refused. Without
 * `upgrades` (a vault being created) keyed steps run only on an empty database.
 */
export function migrate(db: Database, upgrades?: KeyedUpgrades): { from: number } {
  const current = schemaVersion(db);
  if (current > SCHEMA_VERSION) {
    throw new VaultError('NOT_A_VAULT', 'This vault was written by a newer Token Vault; update the app to open it.');
  }
  if (current === SCHEMA_VERSION) return { from: current };
  db.transaction(() => {
    for (let v = current; v < SCHEMA_VERSION; v++) {
      const step = MIGRATIONS[v]!;
      if ('sql' in step) db.exec(step.sql);
      else if (upgrades) upgrades[step.keyed](db);
      else if (!isEmpty(db)) throw new Error(`migration ${v + 1} needs the vault key`);
    }
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
  return { from: current };
}
