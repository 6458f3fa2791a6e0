// The team's audit log, as it travels: each device publishes its person's acts (the vault's
// activity journal, vault/activity-journal.ts) into its own folder in the place, one batch per
// team sync:
//   log-<gen>-<batch>.tv       the batch's entries, sealed under the team key of generation <gen>
//                              (the associated data names team, device, generation and batch)
//   log-<gen>-<batch>.tv.sig   its author's signature, made and checked as every other team
//                              file's is (team-files.ts: team, device, file name, the file's hash)
// Inside, each batch names the hash of the batch before it (a chain per device, so per author),
// and the author's member key, which must be the key that signed the device's owner.json. Who did
// something is thus never what an entry says but whose signature it carries.
//
// Publishing is two steps so a kill -9 costs nothing: the batch is sealed and recorded in the
// vault (as the journal's outbox) in one transaction, then written to the place; an outbox found
// at the next sync is written again, byte for byte the same.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Sodium } from '../vault/sodium';
import { associatedData, seal, tryOpen, utf8 } from '../vault/seal';
import { type ActivityRecord, activityRecordSchema, type Journal } from '../vault/activity-journal';
import { fsyncDir } from '../vault/files';
import { b64, type Identity, memberKey, unb64 } from './identity';
import type { PrivateStore } from './identity-store';
import { signFile } from './team-files';

export const LOG_FORMAT = 'tokenvault-team-log/1';
const LOG_FILE = /^log-(\d{1,6})-(\d{10})\.tv$/;

export const logFileName = (gen: number, batch: number) => `log-${gen}-${String(batch).padStart(10, '0')}.tv`;

export function parseLogFile(name: string): { gen: number; batch: number } | null {
  const m = LOG_FILE.exec(name);
  return m ? { gen: Number(m[1]), batch: Number(m[2]) } : null;
}

export interface LogBatch {
  format: typeof LOG_FORMAT;
  team: string;
  device: string;
  /** The author's member key: must be the owner of the device folder it is found in. */
  by: string;
  batch: number;
  /** The hash of the batch before (its sealed plaintext), null for the first. */
  prev: string | null;
  entries: ActivityRecord[];
}

/** What the journal keeps besides its pending records: the last batch made, and one not yet written out. */
export interface JournalTeamPart {
  published?: { batch: number; hash: string } | null;
  outbox?: { name: string; bytes: string; sig: string } | null;
  /** Per other device, the last batch this copy read and its hash: a log cut short later is noticed. */
  pins?: Record<string, { batch: number; hash: string }>;
}
export type TeamJournal = Journal & JournalTeamPart;

const logAd = (team: string, device: string, gen: number, batch: number) => associatedData(team, device, 'secret', `team-log:${gen}:${batch}`);

export const batchHash = (sodium: Sodium, plain: Uint8Array): string => Buffer.from(sodium.crypto_generichash(32, plain, null)).toString('hex');

export function sealBatch(sodium: Sodium, key: Uint8Array, gen: number, batch: LogBatch): { bytes: Uint8Array; hash: string } {
  const plain = utf8.encode(JSON.stringify(batch));
  return { bytes: seal(sodium, key, deflateRawSync(plain), 'secret', logAd(batch.team, batch.device, gen, batch.batch)), hash: batchHash(sodium, plain) };
}

/** The batch and its hash, or null when the bytes do not open as exactly this file of this device. */
export function openBatch(sodium: Sodium, key: Uint8Array, team: string, device: string, gen: number, batch: number, bytes: Uint8Array): { batch: LogBatch; hash: string } | null {
  const packed = tryOpen(sodium, key, bytes, 'secret', logAd(team, device, gen, batch));
  if (!packed) return null;
  try {
    const plain = new Uint8Array(inflateRawSync(packed));
    const value = JSON.parse(utf8.decode(plain)) as LogBatch;
    const ok = value?.format === LOG_FORMAT && Array.isArray(value.entries) && value.entries.every((e) => activityRecordSchema.safeParse(e).success);
    return ok ? { batch: value, hash: batchHash(sodium, plain) } : null;
  } catch {
    return null;
  }
}

const decode = (blob: Uint8Array | null): TeamJournal | null => (blob ? (JSON.parse(Buffer.from(blob).toString('utf8')) as TeamJournal) : null);
const encode = (journal: TeamJournal) => new Uint8Array(Buffer.from(JSON.stringify(journal)));

export type JournalVault = PrivateStore & {
  updatePrivate<T>(name: 'team_journal' | 'team_state', change: (blob: Uint8Array | null) => { blob: Uint8Array | null; result: T }): T;
};

/** A new team copy keeps a journal from its first moment. */
export function startJournal(vault: PrivateStore): void {
  if (!vault.readPrivate('team_journal')) vault.writePrivate('team_journal', encode({ version: 1, next: 1, pending: [], published: null, outbox: null, pins: {} }));
}

export function readJournal(vault: PrivateStore): TeamJournal | null {
  return decode(vault.readPrivate('team_journal'));
}

function writeWhole(dir: string, name: string, bytes: Uint8Array | string): void {
  const temp = path.join(dir, `.tmp-${randomBytes(6).toString('hex')}`);
  fs.writeFileSync(temp, bytes, { mode: 0o600 });
  fs.renameSync(temp, path.join(dir, name));
}

/**
 * Seals what the journal holds into the next batch (in the vault, one transaction), then writes
 * it, signature first, into this device's folder. Returns how many entries went out.
 *
 * An outbox a kill left behind is written first, and then what was logged since goes out in the
 * same sync: stopping after the outbox would leave those entries unpublished until some later
 * sync, which may never come (the team-log crash test lost an acknowledged entry so).
 */
export function publishJournal(sodium: Sodium, vault: JournalVault, me: Identity, team: string, device: string, gen: number, key: Uint8Array, folder: string): number {
  const leftOver = readJournal(vault)?.outbox;
  if (leftOver) writeOutbox(vault, leftOver, folder);
  const sent = vault.updatePrivate('team_journal', (blob) => {
    const journal = decode(blob);
    if (!journal || journal.outbox || !journal.pending.length) return { blob: null, result: 0 };
    const number = (journal.published?.batch ?? 0) + 1;
    const batch: LogBatch = { format: LOG_FORMAT, team, device, by: memberKey(sodium, me), batch: number, prev: journal.published?.hash ?? null, entries: journal.pending };
    const sealed = sealBatch(sodium, key, gen, batch);
    const name = logFileName(gen, number);
    journal.outbox = { name, bytes: b64(sealed.bytes), sig: signFile(sodium, me, team, device, name, sealed.bytes) };
    journal.published = { batch: number, hash: sealed.hash };
    journal.pending = [];
    return { blob: encode(journal), result: batch.entries.length };
  });
  const outbox = readJournal(vault)?.outbox;
  if (outbox) writeOutbox(vault, outbox, folder);
  return sent;
}

/** Step two: the sealed batch into the folder, signature first, then the outbox emptied. */
function writeOutbox(vault: JournalVault, outbox: NonNullable<JournalTeamPart['outbox']>, folder: string): void {
  fs.mkdirSync(folder, { recursive: true });
  writeWhole(folder, `${outbox.name}.sig`, `${outbox.sig}\n`);
  writeWhole(folder, outbox.name, unb64(outbox.bytes));
  fsyncDir(folder);
  vault.updatePrivate('team_journal', (blob) => {
    const journal = decode(blob);
    if (!journal || journal.outbox?.name !== outbox.name) return { blob: null, result: null };
    journal.outbox = null;
    return { blob: encode(journal), result: null };
  });
}
