// The release log: every time a secret leaves the vault for another program (git through
// the credential helper, `tokenvault run`, a copy), one sealed row says when, which token,
// for what, and which process asked. Sealed like entries (the vault id, row id and instant
// are its associated data), so it can be neither read nor forged without the vault key.
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { damaged } from './errors';
import { associatedData, open, seal, utf8 } from './seal';
import type { Sodium } from './sodium';
import { guarded } from './sqlite-errors';

/** gitlab: a stored token sent to its GitLab instance (verify, rotate, revoke) on a program's behalf. */
export const RELEASE_PURPOSES = ['git', 'run', 'copy', 'show', 'gitlab'] as const;

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
    /** Who handed it out: the agent (headless or app) or the CLI with the vault opened itself. */
    via: z.enum(['agent', 'app', 'cli']),
  })
  .strict();
export type ReleaseRecord = z.infer<typeof releaseRecordSchema>;

/** Enough history to answer "what read my token lately" without growing without bound. */
export const KEEP_RELEASES = 5000;

function releaseAd(vaultId: string, id: string, at: number): Uint8Array {
  return associatedData(vaultId, id, 'release', String(at));
}

/** Inside the caller's write transaction: one row in, the oldest beyond KEEP_RELEASES out. */
export function appendRelease(db: Database, sodium: Sodium, key: Uint8Array, vaultId: string, record: ReleaseRecord): void {
  const checked = releaseRecordSchema.parse(record);
  const id = randomUUID();
  const at = Date.parse(checked.at);
  const sealed = seal(sodium, key, utf8.encode(JSON.stringify(checked)), 'release', releaseAd(vaultId, id, at));
  db.prepare('INSERT INTO releases(id, at, sealed) VALUES (?, ?, ?)').run(id, at, sealed);
  db.prepare('DELETE FROM releases WHERE id IN (SELECT id FROM releases ORDER BY at DESC, rowid DESC LIMIT -1 OFFSET ?)').run(KEEP_RELEASES);
}

/** A password change draws a new vault key: the log is sealed again under it, in the same transaction. */
export function resealReleases(db: Database, sodium: Sodium, vaultId: string, oldKey: Uint8Array, newKey: Uint8Array): void {
  const rows = db.prepare('SELECT id, at, sealed FROM releases').all() as { id: string; at: number; sealed: Uint8Array }[];
  const update = db.prepare('UPDATE releases SET sealed = ? WHERE id = ?');
  for (const row of rows) {
    const ad = releaseAd(vaultId, row.id, row.at);
    const plain = open(sodium, oldKey, new Uint8Array(row.sealed), 'release', ad);
    update.run(seal(sodium, newKey, plain, 'release', ad), row.id);
    sodium.memzero(plain);
  }
}

/** Newest first. A row that does not open is damage, reported as such. */
export function readReleases(db: Database, sodium: Sodium, key: Uint8Array, vaultId: string, limit: number): ReleaseRecord[] {
  const rows = guarded(() => db.prepare('SELECT id, at, sealed FROM releases ORDER BY at DESC, rowid DESC LIMIT ?').all(limit)) as { id: string; at: number; sealed: Uint8Array }[];
  return rows.map((row) => {
    const plain = open(sodium, key, new Uint8Array(row.sealed), 'release', releaseAd(vaultId, row.id, row.at));
    const parsed = releaseRecordSchema.safeParse(JSON.parse(utf8.decode(plain)));
    if (!parsed.success) throw damaged('The release log');
    return parsed.data;
  });
}
