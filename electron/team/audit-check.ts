// Reading the team's audit log back: every device folder's log batches are checked before one
// entry is shown, as team sync checks replicas (replica-check.ts): the folder's owner.json must be
// signed by the key it names and that key be in the member list; each batch must carry that
// owner's signature, open under a team key, name that owner as its author, and follow the batch
// before it by hash and number. What fails is not shown, and a sentence says who and what. A
// removed member's entries dated after their removal are refused the same way; a log that ends
// earlier than this copy saw it end before (pins) is reported as cut short.
import fs from 'node:fs';
import path from 'node:path';
import type { Sodium } from '../vault/sodium';
import type { ActivityRecord } from '../vault/activity-journal';
import { fingerprint } from './identity';
import type { ListBody } from './member-list';
import { nameIn } from './replica-check';
import { fileSignedBy, readOwner } from './team-files';
import { openBatch, parseLogFile } from './audit-log';

export interface LogRow extends ActivityRecord {
  /** The author as the member list names them: whose signature the entry carries. */
  author: string;
  authorKey: string;
  fingerprint: string;
  standing: 'member' | 'removed';
  device: string;
  /** Made on this device and not yet published with a team sync. */
  pending: boolean;
}

export interface Pin {
  batch: number;
  hash: string;
}

export interface DeviceLogInput {
  sodium: Sodium;
  teamId: string;
  head: ListBody;
  keys: ReadonlyMap<number, Uint8Array>;
  folder: string;
  device: string;
  /** "device 3f2a…" or its name: how sentences call the device. */
  label: string;
  pin: Pin | null;
}

export interface DeviceLog {
  rows: LogRow[];
  problems: string[];
  /** The last batch read whole from the first one on: the next pin. */
  pin: Pin | null;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const day = (iso: string) => iso.slice(0, 10);

function readSigs(file: string): string[] | null {
  try {
    return fs.readFileSync(`${file}.sig`, 'utf8').split('\n').filter(Boolean);
  } catch {
    return null;
  }
}

export function checkDeviceLog(input: DeviceLogInput): DeviceLog {
  const { sodium, teamId, head, keys, folder, device, label, pin } = input;
  const names = fs.existsSync(folder) ? fs.readdirSync(folder).filter((n) => parseLogFile(n)) : [];
  const out: DeviceLog = { rows: [], problems: [], pin: null };
  const owner = readOwner(sodium, folder, teamId, device);
  if (!names.length) {
    // Everything gone: name whose log it was, when the folder still says so.
    const known = owner && owner !== 'invalid' && [...head.members, ...head.removed].some((m) => m.key === owner.key) ? `${nameIn(head, owner.key)}'s log on ${label}` : null;
    if (pin) out.problems.push(`${known ?? `The log of ${label}`} in the place ends at batch 0, but this copy read it up to batch ${pin.batch} before: its batches were deleted, or an older copy of the folder was put back.`);
    return out;
  }
  if (owner === null) return { ...out, problems: [`The log of ${label} was refused whole (${plural(names.length, 'batch', 'batches')}): the folder has no signed owner, so nobody in the team wrote it.`] };
  if (owner === 'invalid') return { ...out, problems: [`The log of ${label} was refused whole: the folder's owner file is not signed by the key it names (forged or altered).`] };
  const member = head.members.find((m) => m.key === owner.key);
  const removed = head.removed.find((r) => r.key === owner.key);
  if (!member && !removed) return { ...out, problems: [`The log of ${label} was refused whole: its owner, calling themselves ${owner.name} (fingerprint ${fingerprint(sodium, owner)}), is not a member of this team.`] };
  const who = nameIn(head, owner.key);
  const whose = `${who}'s log on ${label}`;
  const print = fingerprint(sodium, owner);

  const byNumber = new Map<number, string[]>();
  for (const name of names) {
    const { batch } = parseLogFile(name)!;
    byNumber.set(batch, [...(byNumber.get(batch) ?? []), name]);
  }
  const numbers = [...byNumber.keys()].sort((a, b) => a - b);
  let prev = null as Pin | null;
  let chainWhole = true;
  let lastN = 0;
  let afterRemoval = 0;
  for (const number of numbers) {
    const files = byNumber.get(number)!;
    if (files.length > 1) {
      out.problems.push(`${whose} holds ${files.length} different batches numbered ${number} (${files.join(', ')}): a batch was replayed or forged; none of them is shown.`);
      chainWhole = false;
      continue;
    }
    const name = files[0]!;
    const expected: number = (prev?.batch ?? 0) + 1;
    if (number !== expected) {
      out.problems.push(`${whose} is missing ${number - expected === 1 ? `batch ${expected}` : `batches ${expected} to ${number - 1}`}: deleted from the place, so some of ${who}'s entries${prev ? ` after batch ${prev.batch}` : ''} are not shown.`);
      chainWhole = false;
    }
    const file = path.join(folder, name);
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(fs.readFileSync(file));
    } catch {
      continue;
    }
    const sigs = readSigs(file);
    if (!sigs) {
      // A sync engine may carry a file before its signature: the last one is simply not here yet.
      if (number !== numbers.at(-1)) out.problems.push(`Batch ${number} of ${whose} has no signature file: it is not shown.`);
      chainWhole = false;
      continue;
    }
    if (!sigs.some((sig) => fileSignedBy(sodium, owner.signPk, teamId, device, name, bytes, sig))) {
      out.problems.push(`Batch ${number} of ${whose} does not carry ${who}'s signature (forged in ${who}'s name, or altered): it was refused.`);
      chainWhole = false;
      continue;
    }
    const { gen } = parseLogFile(name)!;
    const key = keys.get(gen);
    const opened = key ? openBatch(sodium, key, teamId, device, gen, number, bytes) : null;
    if (!opened) {
      out.problems.push(key ? `Batch ${number} of ${whose} does not open with the team key (cut short, altered, or moved from another folder): it was refused.` : `Batch ${number} of ${whose} is sealed under a team key this copy does not hold (generation ${gen}): it is not shown.`);
      chainWhole = false;
      continue;
    }
    const { batch, hash } = opened;
    if (batch.team !== teamId || batch.device !== device || batch.batch !== number) {
      out.problems.push(`Batch ${number} of ${whose} names another team, device or number inside (replayed from elsewhere): it was refused.`);
      chainWhole = false;
      continue;
    }
    if (batch.by !== owner.key) {
      out.problems.push(`Batch ${number} of ${whose} says it was written by ${nameIn(head, batch.by)}, but it is signed by ${who} (fingerprint ${print}): an entry in someone else's name, refused.`);
      chainWhole = false;
      continue;
    }
    if (prev && number === prev.batch + 1 && batch.prev !== prev.hash) {
      out.problems.push(`Batch ${number} of ${whose} does not follow batch ${prev.batch} (it names another one before it): the log was reordered or a batch replaced; its entries are shown, but the order of ${who}'s log cannot be trusted.`);
      chainWhole = false;
    } else if (!prev && number === 1 && batch.prev !== null) {
      out.problems.push(`Batch 1 of ${whose} names a batch before it: the log was replaced.`);
      chainWhole = false;
    }
    const first = batch.entries[0]?.n;
    if (first !== undefined && lastN && first !== lastN + 1 && chainWhole) out.problems.push(`${whose} skips from entry ${lastN} to entry ${first}: entries were left out.`);
    for (const entry of batch.entries) {
      lastN = Math.max(lastN, entry.n);
      if (removed && entry.at > removed.at) {
        afterRemoval++;
        continue;
      }
      out.rows.push({ ...entry, author: who, authorKey: owner.key, fingerprint: print, standing: member ? 'member' : 'removed', device, pending: false });
    }
    prev = { batch: number, hash };
    if (chainWhole) out.pin = prev;
    if (pin && pin.batch === number && pin.hash !== hash) out.problems.push(`Batch ${number} of ${whose} is not the one this copy read before: it was rewritten.`);
  }
  if (removed && afterRemoval)
    out.problems.push(`${who} was removed from the team on ${day(removed.at)} by ${nameIn(head, removed.by)}: ${whose} carries ${plural(afterRemoval, 'entry', 'entries')} dated after that, which ${afterRemoval === 1 ? 'was' : 'were'} refused.`);
  const reached = prev?.batch ?? 0;
  if (pin && reached < pin.batch) out.problems.push(`${whose} in the place ends at batch ${reached}, but this copy read it up to batch ${pin.batch} before: the later batches were deleted, or an older copy of the folder was put back.`);
  return out;
}
