// Reads a just-written backup back and compares it, row for row and byte for byte, with the open
// vault it was made from: the same header and wrapped key, the same sealed entries and settings,
// release log and earlier secrets.
// Equal sealed bytes open exactly as the vault's do with the same password, so this proves the
// copy restores without asking for the password again (a USB stick that dropped bytes is caught
// now, not on the day the backup is needed).
import Database from 'better-sqlite3';
import { damaged } from './errors';
import { guarded } from './sqlite-errors';
import type { Vault } from './vault';

type Row = Record<string, unknown>;

const same = (a: unknown, b: unknown) =>
  a instanceof Uint8Array && b instanceof Uint8Array ? Buffer.from(a).equals(Buffer.from(b)) : a === b;

function sameRows(left: Row[], right: Row[]): boolean {
  if (left.length !== right.length) return false;
  return left.every((row, i) => Object.keys(row).every((key) => same(row[key], right[i]![key])));
}

/** Number of entries in the backup at `file`, or the vault's DAMAGED error when it differs from `vault`. */
export function checkBackupAgainst(vault: Vault, file: string): number {
  const copy = guarded(() => new Database(file, { readonly: true, fileMustExist: true }));
  try {
    if (guarded(() => copy.pragma('integrity_check', { simple: true })) !== 'ok') throw damaged('The backup');
    const read = (db: Database.Database) => ({
      meta: db.prepare('SELECT key, value FROM meta ORDER BY key').all() as Row[],
      entries: db.prepare('SELECT id, name_tag, overview, secret, created_at, updated_at FROM entries ORDER BY id').all() as Row[],
      // The release log and earlier secrets are the vault too (they fill its last pages).
      releases: db.prepare('SELECT id, at, sealed FROM releases ORDER BY id').all() as Row[],
      oldSecrets: db.prepare('SELECT id, entry_id, at, sealed FROM old_secrets ORDER BY id').all() as Row[],
    });
    const original = guarded(() => read(vault.connection));
    const written = guarded(() => read(copy));
    if ((['meta', 'entries', 'releases', 'oldSecrets'] as const).some((table) => !sameRows(original[table], written[table]))) throw damaged('The backup');
    return written.entries.length;
  } finally {
    copy.close();
  }
}
