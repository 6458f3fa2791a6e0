// The release log: every time a secret leaves the vault for another program (git through
// the credential helper, `tokenvault run`, a copy), one sealed row says when, which token,
// for what, and which process asked. Sealed like entries (the vault id, row id and instant
// are its associated data), so it can be neither read nor forged without the vault key.
// Kept for KEEP_DAYS, not by count: a flood of releases cannot push older rows out. Each row
// seals its number in the log, and a sealed head in meta counts the rows there should be,
// so a row deleted from the file is reported, not silently missing.
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { damaged, VaultError } from './errors';
import { associatedData, open, seal, utf8 } from './seal';
import type { Sodium } from './sodium';
import { guarded } from './sqlite-errors';

/**
 * gitlab: a stored token sent to its GitLab instance (verify, rotate, revoke) on a program's behalf.
 * refused: nothing left; a program on the socket offered the master password as a token to store.
 * changed: nothing left; a program on the socket moved a token to the Trash, made its reminders
 *   later or none, or chose git's token for an instance (agent/socket-acts.ts).
 */
export const RELEASE_PURPOSES = ['git', 'run', 'copy', 'show', 'gitlab', 'refused', 'changed'] as const;

export const releaseRecordSchema = z
  .object({
    at: z.string().max(40),
    entryId: z.string().min(1).max(64),
    entryName: z.string().max(200),
    purpose: z.enum(RELEASE_PURPOSES),
    /** What the secret was for, in words: "git get https://gitlab.com/group/project", "run glab mr list". */
    command: z.string().max(500),
    /** The process that asked, where known (the agent's peer), else null. */
    peerPid: z.number().int().nullable(),
    peerExe: z.string().max(4096).nullable(),
    /** Where peerPid came from: the kernel (the socket's other end), or only what the client said. Absent on older rows and the CLI's own. */
    peerSource: z.enum(['kernel', 'claimed']).optional(),
    /**
     * The asking process's command line as the kernel has it (/proc/PID/cmdline), when the peer
     * came from the kernel: `command` is only what the client said it was for.
     */
    peerCommand: z.string().max(300).nullable().optional(),
    /** Who handed it out: the agent (headless or app) or the CLI with the vault opened itself. */
    via: z.enum(['agent', 'app', 'cli']),
  })
  .strict();
export type ReleaseRecord = z.infer<typeof releaseRecordSchema>;

/** How long a row is kept: enough to answer "what read my token lately". */
export const KEEP_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

/** What a sealed row holds: the record and its number in the log (rows from before numbering have none), so two rows never seal the same bytes. */
const sealedRowSchema = releaseRecordSchema.extend({ seq: z.number().int().positive().optional() }).strict();

/** The sealed head: how many rows the log holds and the last number given. */
const headSchema = z.object({ count: z.number().int().nonnegative(), last: z.number().int().nonnegative() }).strict();
type Head = z.infer<typeof headSchema>;

/** Rows are bound to their uuid; the head to '-', which no row has. */
const headAd = (vaultId: string) => associatedData(vaultId, '-', 'release', 'head');

function releaseAd(vaultId: string, id: string, at: number): Uint8Array {
  return associatedData(vaultId, id, 'release', String(at));
}

const rowCount = (db: Database) => (db.prepare('SELECT count(*) AS n FROM releases').get() as { n: number }).n;

function readHead(db: Database, sodium: Sodium, key: Uint8Array, vaultId: string): Head | null {
  const row = db.prepare("SELECT value FROM meta WHERE key = 'release_head'").get() as { value: Uint8Array } | undefined;
  if (!row) return null;
  const parsed = headSchema.safeParse(JSON.parse(utf8.decode(open(sodium, key, new Uint8Array(row.value), 'release', headAd(vaultId)))));
  if (!parsed.success) throw damaged('The release log');
  return parsed.data;
}

function writeHead(db: Database, sodium: Sodium, key: Uint8Array, vaultId: string, head: Head): void {
  const sealed = seal(sodium, key, utf8.encode(JSON.stringify(head)), 'release', headAd(vaultId));
  db.prepare("INSERT INTO meta(key, value) VALUES ('release_head', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(sealed);
}

/** Inside the caller's write transaction: one row in, rows older than KEEP_DAYS out, the head moved on. */
export function appendRelease(db: Database, sodium: Sodium, key: Uint8Array, vaultId: string, record: ReleaseRecord, now = Date.now()): void {
  const checked = releaseRecordSchema.parse(record);
  // A log from before the head existed: its rows are counted as they are now.
  const head = readHead(db, sodium, key, vaultId) ?? { count: rowCount(db), last: 0 };
  const id = randomUUID();
  const at = Date.parse(checked.at);
  const seq = head.last + 1;
  const sealed = seal(sodium, key, utf8.encode(JSON.stringify({ ...checked, seq })), 'release', releaseAd(vaultId, id, at));
  db.prepare('INSERT INTO releases(id, at, sealed) VALUES (?, ?, ?)').run(id, at, sealed);
  const pruned = db.prepare('DELETE FROM releases WHERE at < ?').run(now - KEEP_DAYS * DAY_MS).changes;
  writeHead(db, sodium, key, vaultId, { count: head.count + 1 - pruned, last: seq });
}

/** A password change draws a new vault key: the log and its head are sealed again under it, in the same transaction. */
export function resealReleases(db: Database, sodium: Sodium, vaultId: string, oldKey: Uint8Array, newKey: Uint8Array): void {
  const rows = db.prepare('SELECT id, at, sealed FROM releases').all() as { id: string; at: number; sealed: Uint8Array }[];
  const update = db.prepare('UPDATE releases SET sealed = ? WHERE id = ?');
  for (const row of rows) {
    const ad = releaseAd(vaultId, row.id, row.at);
    const plain = open(sodium, oldKey, new Uint8Array(row.sealed), 'release', ad);
    update.run(seal(sodium, newKey, plain, 'release', ad), row.id);
    sodium.memzero(plain);
  }
  const head = readHead(db, sodium, oldKey, vaultId);
  if (head) writeHead(db, sodium, newKey, vaultId, head);
}

/** Newest first (`limit` -1: all). A row that does not open, or fewer rows than the head counts, is reported. */
export function readReleases(db: Database, sodium: Sodium, key: Uint8Array, vaultId: string, limit: number): ReleaseRecord[] {
  const head = readHead(db, sodium, key, vaultId);
  if (head) {
    const missing = head.count - guarded(() => rowCount(db));
    if (missing !== 0) {
      throw new VaultError(
        'DAMAGED',
        missing > 0
          ? `The release log is missing ${missing} row${missing === 1 ? '' : 's'} that ${missing === 1 ? 'was' : 'were'} written: someone removed ${missing === 1 ? 'it' : 'them'} from the vault file.`
          : 'The release log holds rows it did not write: the vault file was altered.',
      );
    }
  }
  const rows = guarded(() => db.prepare('SELECT id, at, sealed FROM releases ORDER BY at DESC, rowid DESC LIMIT ?').all(limit)) as { id: string; at: number; sealed: Uint8Array }[];
  return rows.map((row) => {
    const plain = open(sodium, key, new Uint8Array(row.sealed), 'release', releaseAd(vaultId, row.id, row.at));
    const parsed = sealedRowSchema.safeParse(JSON.parse(utf8.decode(plain)));
    if (!parsed.success) throw damaged('The release log');
    const { seq: _number, ...record } = parsed.data;
    return record;
  });
}
