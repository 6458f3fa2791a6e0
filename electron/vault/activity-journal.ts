// The activity journal of a team copy: what this person did to its tokens on this device —
// added, changed, copied, handed to a program, rotated, revoked, deleted — one record per act,
// written by the vault in the same transaction as the act itself, so no front end (CLI, app,
// agent) can do one without the other and a kill -9 leaves both or neither. Only a vault whose
// journal was started (the team layer starts it when it makes a team copy) keeps one; a personal
// vault pays one SELECT per write. The records wait here, sealed in the vault's meta row
// 'team_journal' like the other private blobs, until a team sync signs them into the place
// (team/audit-log.ts). Never a secret: names, ids, the act, and a few words of detail.
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import type { EntryKeys } from './entry-codec';
import type { Sodium } from './sodium';
import { readSyncBlob, writeSyncBlob } from './sync-store';

export const ACTIVITY_ACTIONS = [
  'added',
  'imported',
  'moved-in',
  'changed',
  'secret-replaced',
  'rotated',
  'revoked',
  'trashed',
  'restored',
  'deleted',
  'copied',
  'shown',
  'git',
  'run',
  'gitlab',
  'member-added',
  'member-removed',
  'member-role',
] as const;
export type ActivityAction = (typeof ACTIVITY_ACTIONS)[number];

export const activityRecordSchema = z
  .object({
    /** This author's entry number: 1, 2, 3… without gaps, on this device. */
    n: z.number().int().positive(),
    at: z.string().max(40),
    action: z.enum(ACTIVITY_ACTIONS),
    entryId: z.string().max(64).nullable(),
    /** The token's name (or the member's, for member-*) when it happened. */
    entryName: z.string().max(200).nullable(),
    detail: z.string().max(300).nullable(),
  })
  .strict();
export type ActivityRecord = z.infer<typeof activityRecordSchema>;
export type ActivityInput = Omit<ActivityRecord, 'n' | 'at'> & { at?: string };

/** The blob: the next number, the records not yet published, and whatever the team layer keeps beside them. */
export interface Journal {
  version: 1;
  next: number;
  pending: ActivityRecord[];
  [other: string]: unknown;
}

export const JOURNAL_BLOB = 'team_journal' as const;

export function readJournal(db: Database, sodium: Sodium, keys: EntryKeys, vaultId: string): Journal | null {
  const blob = readSyncBlob(db, sodium, keys, vaultId, JOURNAL_BLOB);
  return blob ? (JSON.parse(Buffer.from(blob).toString('utf8')) as Journal) : null;
}

export function writeJournal(db: Database, sodium: Sodium, keys: EntryKeys, vaultId: string, journal: Journal): void {
  writeSyncBlob(db, sodium, keys, vaultId, new Uint8Array(Buffer.from(JSON.stringify(journal))), JOURNAL_BLOB);
}

export const journalStarted = (db: Database): boolean => db.prepare('SELECT 1 FROM meta WHERE key = ?').get(JOURNAL_BLOB) !== undefined;

/** Inside the caller's write transaction: the records numbered on and kept. Nothing when no journal was started. */
export function appendActivity(db: Database, sodium: Sodium, keys: EntryKeys, vaultId: string, records: ActivityInput[], now = new Date()): void {
  if (!records.length || !journalStarted(db)) return;
  const journal = readJournal(db, sodium, keys, vaultId);
  if (!journal) return;
  for (const record of records) {
    const full = activityRecordSchema.parse({ ...record, at: record.at ?? now.toISOString(), n: journal.next, entryName: record.entryName?.slice(0, 200) ?? null, detail: record.detail?.slice(0, 300) ?? null });
    journal.pending.push(full);
    journal.next++;
  }
  writeJournal(db, sodium, keys, vaultId, journal);
}

/** The fields a patch changed, in words for the log ("name, scopes"); never a value. */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const skip = new Set(['updatedAt', 'history', 'secretVersion', 'secretTag']);
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  // A field spelled out as null is the same as one never set (gitlab.neverExpires on older rows).
  const plain = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (x === null ? undefined : x));
  return [...keys].filter((k) => !skip.has(k) && plain(before[k]) !== plain(after[k])).sort();
}

/** What a write to one token was, for the journal; null when it is nothing a team needs to see (a verify, a rotation's bookkeeping). */
export function activityOfWrite(before: { id: string; name: string; trashedAt?: string } & Record<string, unknown>, after: { name: string; trashedAt?: string } & Record<string, unknown>, action: string, secretChanged: boolean): ActivityInput | null {
  const base = { entryId: before.id, entryName: after.name, detail: null };
  if (action === 'rotated') return { ...base, action: 'rotated' };
  if (action === 'revoked') return { ...base, action: 'revoked' };
  if (action !== 'edited') return null;
  if (after.trashedAt !== undefined && before.trashedAt === undefined) return { ...base, action: 'trashed' };
  if (after.trashedAt === undefined && before.trashedAt !== undefined) return { ...base, action: 'restored' };
  if (secretChanged) return { ...base, action: 'secret-replaced' };
  const fields = changedFields(before, after);
  return fields.length ? { ...base, action: 'changed', detail: fields.join(', ') } : null;
}

/** A release (release-log.ts purposes) as a journal record; null for a refusal, which released nothing. */
export function activityOfRelease(record: { entryId: string; entryName: string; purpose: string; command: string }): ActivityInput | null {
  const words = record.command.split(/\s+/).filter(Boolean);
  switch (record.purpose) {
    case 'copy':
      return { action: 'copied', entryId: record.entryId, entryName: record.entryName, detail: words.includes('--stdout') ? 'to standard output' : 'to the clipboard' };
    case 'show':
      return { action: 'shown', entryId: record.entryId, entryName: record.entryName, detail: record.command.includes('--stdout') ? 'to standard output' : 'on screen' };
    // Only the program's name: what follows it is whatever was typed, and could hold anything.
    case 'run':
      return { action: 'run', entryId: record.entryId, entryName: record.entryName, detail: (words[0] === 'tokenvault' && words[1] === 'run' ? words[2] : words[0])?.split('/').pop() ?? null };
    // "git credential for https://host/path": the helper's question, which holds no secret; the caller's command line after it is left out.
    case 'git':
      return { action: 'git', entryId: record.entryId, entryName: record.entryName, detail: words.slice(0, 4).join(' ') || null };
    case 'gitlab':
      return { action: 'gitlab', entryId: record.entryId, entryName: record.entryName, detail: null };
    default:
      return null;
  }
}
