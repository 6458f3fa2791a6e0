// The vault's expiries as an iCalendar file (RFC 5545), built with the `ics` package.
// - One VEVENT per token with an expiry, at the 00:00 UTC cut-off itself (a timed UTC event,
//   not an all-day one: an all-day "1 March" would be wrong by a day in Honolulu).
// - UID from the entry id, SEQUENCE from its last update: re-importing updates the event
//   instead of adding a copy, and a revoked token's event comes back CANCELLED.
// - A VALARM at each lead time, at the same instant dueReminders() fires (absolute UTC
//   triggers: `ics` writes day durations as "P60DT", which RFC 5545 does not allow).
// - No secret, no description or "used in" notes; instance and scopes only when asked.
import { createEvents, type EventAttributes } from 'ics';
import type { EntryOverview } from '../vault/types';
import { DEFAULT_SETTINGS } from '../vault/types';
import { expiryInstant } from './expiry';
import { leadDaysFor } from './schedule';

export interface IcsOptions {
  /** DTSTAMP of every event; pass the clock so output is reproducible. */
  now: Date;
  defaultLeadDays?: number[];
  includeInstance?: boolean;
  includeScopes?: boolean;
}

export const ICS_UID_DOMAIN = 'tokenvault.local';
export const icsUid = (entryId: string) => `${entryId}@${ICS_UID_DOMAIN}`;

// SEQUENCE must grow when the event changes and fit in 31 bits: seconds since 2024 do both.
const SEQUENCE_EPOCH = Date.UTC(2024, 0, 1);
function sequenceOf(entry: EntryOverview): number {
  const t = Date.parse(entry.updatedAt);
  return Number.isNaN(t) ? 0 : Math.max(0, Math.floor((t - SEQUENCE_EPOCH) / 1000));
}

// `ics` escapes SUMMARY and DESCRIPTION but writes alarm text as given.
const escapeText = (s: string) => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');

const inDays = (n: number) => (n === 0 ? 'today' : n === 1 ? 'in 1 day' : `in ${n} days`);

function toEvent(entry: EntryOverview, opts: IcsOptions): EventAttributes {
  const date = entry.expiresAt as string;
  const cutoff = expiryInstant(date).getTime();
  const revoked = entry.revoked || entry.gitlab?.revoked === true;
  const lines = [`GitLab stops accepting "${entry.name}" (${entry.kind} token) at 00:00 UTC on ${date}.`];
  if (opts.includeInstance && entry.instance) lines.push(`Instance: ${entry.instance}`);
  if (opts.includeScopes && entry.scopes.length) lines.push(`Scopes: ${entry.scopes.join(', ')}`);
  lines.push('Rotate it in Token Vault before then.');
  const event = {
    uid: icsUid(entry.id),
    sequence: sequenceOf(entry),
    timestamp: opts.now.getTime(),
    title: `Token expires: ${entry.name}`,
    description: lines.join('\n'),
    start: cutoff,
    startInputType: 'utc',
    startOutputType: 'utc',
    duration: { minutes: 30 },
    transp: 'TRANSPARENT',
    busyStatus: 'FREE',
    status: revoked ? 'CANCELLED' : 'CONFIRMED',
    categories: ['Token Vault'],
    alarms: revoked
      ? []
      : leadDaysFor(entry, opts.defaultLeadDays ?? DEFAULT_SETTINGS.defaultLeadDays)
          .map((lead) => ({ lead, fireAt: cutoff - lead * 86_400_000 }))
          .map(({ lead, fireAt }) => ({
            action: 'display' as const,
            description: escapeText(`Token "${entry.name}" expires ${inDays(lead)} (00:00 UTC ${date}).`),
            trigger: fireAt,
          })),
  } satisfies EventAttributes & { timestamp: number };
  return event;
}

/** The .ics text, or throws if `ics` rejects an event (it names the field). */
export function expiriesToIcs(entries: EntryOverview[], opts: IcsOptions): string {
  const events = entries
    .filter((e) => e.expiresAt)
    .sort((a, b) => (a.expiresAt as string).localeCompare(b.expiresAt as string) || a.id.localeCompare(b.id))
    .map((e) => toEvent(e, opts));
  const { error, value } = createEvents(events, { productId: '-//Token Vault//Expiry calendar//EN', calName: 'Token Vault expiries', method: 'PUBLISH' });
  if (error || value === null) throw new Error(`The calendar could not be written: ${error?.message ?? 'unknown error'}`);
  return foldContentLines(value);
}

/**
 * RFC 5545 §3.1: lines of at most 75 OCTETS, continued by CRLF + one space. `ics` folds at 75
 * characters, which lets a non-ASCII name run past 75 octets, so unfold and fold again by
 * UTF-8 length, never splitting a character.
 */
export function foldContentLines(text: string): string {
  const unfolded = text.replace(/\r\n[ \t]/g, '').split('\r\n');
  if (unfolded[unfolded.length - 1] === '') unfolded.pop();
  const out: string[] = [];
  for (const line of unfolded) {
    // Most lines are short ASCII: a line of at most 75 UTF-16 units that is all ASCII fits.
    if (line.length <= 75 && !/[^\x00-\x7f]/.test(line)) {
      out.push(line);
      continue;
    }
    let current = '';
    let octets = 0;
    for (const ch of line) {
      const size = utf8Length(ch.codePointAt(0) as number);
      if (octets + size > 75) {
        out.push(current);
        current = ' ';
        octets = 1;
      }
      current += ch;
      octets += size;
    }
    out.push(current);
  }
  return `${out.join('\r\n')}\r\n`;
}

const utf8Length = (codePoint: number) => (codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4);
