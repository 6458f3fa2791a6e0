// Earlier secrets of a token: when a secret is replaced (rotation, Replace token…, a new token
// made for a dead one, edit --secret) the one it replaces is kept here, sealed, so it can be put
// back — KeePassXC keeps an entry's history the same way. At most KEEP_PER_ENTRY per token, the
// oldest dropped; a row goes when its token is purged. What was kept with it (the expiry and
// GitLab id it had) is sealed with the secret; only the row's instant and entry id are in clear,
// as an entry's own row shows its id and times.
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import type { EntryKeys } from './entry-codec';
import { damaged, VaultError } from './errors';
import { associatedData, openText, seal } from './seal';
import type { Sodium } from './sodium';

export const KEEP_PER_ENTRY = 10;

const keptSchema = z
  .object({
    secret: z.string().min(1),
    expiresAt: z.string().nullable(),
    scopes: z.array(z.string()),
    tokenId: z.number().int().nullable(),
  })
  .strict();
export type KeptSecret = z.infer<typeof keptSchema>;

/** What the app and CLI show of an earlier secret: never the secret itself. */
export interface OldSecretInfo {
  id: string;
  /** When it was replaced. */
  replacedAt: string;
  expiresAt: string | null;
  scopes: string[];
}

interface Row {
  id: string;
  entry_id: string;
  at: number;
  sealed: Uint8Array;
}

const ad = (vaultId: string, row: Pick<Row, 'id' | 'entry_id' | 'at'>) => associatedData(vaultId, row.entry_id, 'secret', `old:${row.id}:${row.at}`);

/** Inside the caller's write transaction: keeps `kept` as an earlier secret of `entryId`, dropping the oldest beyond the limit. */
export function keepOldSecret(db: Database, sodium: Sodium, keys: EntryKeys, vaultId: string, entryId: string, kept: KeptSecret, at: number): void {
  const row = { id: randomUUID(), entry_id: entryId, at };
  db.prepare('INSERT INTO old_secrets(id, entry_id, at, sealed) VALUES (?, ?, ?, ?)').run(row.id, entryId, at, seal(sodium, keys.entryKey, JSON.stringify(kept), 'secret', ad(vaultId, row)));
  db.prepare('DELETE FROM old_secrets WHERE entry_id = ? AND id NOT IN (SELECT id FROM old_secrets WHERE entry_id = ? ORDER BY at DESC, id LIMIT ?)').run(entryId, entryId, KEEP_PER_ENTRY);
}

function openRow(_sodium: Sodium, keys: EntryKeys, vaultId: string, row: Row): KeptSecret {
  let value: unknown;
  try {
    value = JSON.parse(openText(keys.entryKey, row.sealed, 'secret', ad(vaultId, row)));
  } catch {
    throw damaged('An earlier secret of this token');
  }
  const parsed = keptSchema.safeParse(value);
  if (!parsed.success) throw damaged('An earlier secret of this token');
  return parsed.data;
}

/** Newest first; opens each row (its expiry is sealed with it) but hands back no secret. */
export function listOldSecrets(db: Database, sodium: Sodium, keys: EntryKeys, vaultId: string, entryId: string): OldSecretInfo[] {
  const rows = db.prepare('SELECT id, entry_id, at, sealed FROM old_secrets WHERE entry_id = ? ORDER BY at DESC, id').all(entryId) as Row[];
  return rows.map((row) => {
    const { expiresAt, scopes } = openRow(sodium, keys, vaultId, row);
    return { id: row.id, replacedAt: new Date(row.at).toISOString(), expiresAt, scopes };
  });
}

export function readOldSecret(db: Database, sodium: Sodium, keys: EntryKeys, vaultId: string, entryId: string, id: string): KeptSecret {
  const row = db.prepare('SELECT id, entry_id, at, sealed FROM old_secrets WHERE id = ? AND entry_id = ?').get(id, entryId) as Row | undefined;
  if (!row) throw new VaultError('NOT_FOUND', 'That earlier secret is no longer kept for this token.');
  return openRow(sodium, keys, vaultId, row);
}

/** A password change: every kept secret sealed again under the new key, in the caller's transaction. */
export function resealOldSecrets(db: Database, sodium: Sodium, vaultId: string, from: EntryKeys, to: EntryKeys): void {
  const rows = db.prepare('SELECT id, entry_id, at, sealed FROM old_secrets').all() as Row[];
  const update = db.prepare('UPDATE old_secrets SET sealed = ? WHERE id = ?');
  for (const row of rows) update.run(seal(sodium, to.entryKey, JSON.stringify(openRow(sodium, from, vaultId, row)), 'secret', ad(vaultId, row)), row.id);
}
