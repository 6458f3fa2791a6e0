// Which reminders fall due when. A reminder "N days before" fires exactly N×24 h before the
// 00:00 UTC cut-off: the same instant the .ics VALARM uses, the same in every time zone,
// untouched by DST (UTC has none), so the desktop notification and the calendar app agree.
import type { EntryOverview } from '../vault/types';
import { DEFAULT_SETTINGS } from '../vault/types';
import { expiryInstant, isExpired } from './expiry';
import { staleness } from './staleness';
import { localDate, type IsoDate } from './time-zone';
import { overdueExpiries } from './upcoming';

const DAY_MS = 86_400_000;

export interface DueReminder {
  entryId: string;
  leadDays: number;
  fireAt: Date;
}

/** The entry's own lead times, else the vault default; sorted longest first, no repeats. */
export function leadDaysFor(
  entry: Pick<EntryOverview, 'leadDays'>,
  defaultLeadDays: number[] = DEFAULT_SETTINGS.defaultLeadDays,
): number[] {
  return [...new Set(entry.leadDays ?? defaultLeadDays)].sort((a, b) => b - a);
}

function isLive(entry: EntryOverview): boolean {
  return Boolean(entry.expiresAt) && !entry.revoked && entry.gitlab?.revoked !== true;
}

/** Every reminder of one entry, earliest first. */
export function remindersFor(entry: EntryOverview, defaultLeadDays: number[] = DEFAULT_SETTINGS.defaultLeadDays): DueReminder[] {
  if (!isLive(entry)) return [];
  const cutoff = expiryInstant(entry.expiresAt as string).getTime();
  return leadDaysFor(entry, defaultLeadDays).map((lead) => ({ entryId: entry.id, leadDays: lead, fireAt: new Date(cutoff - lead * DAY_MS) }));
}

/**
 * Reminders with `from < fireAt <= to`. The scheduler passes the instant it last checked as
 * `from`, so a reminder is never shown twice and none is lost across a sleep.
 */
export function dueReminders(entries: EntryOverview[], defaultLeadDays: number[], from: Date, to: Date): DueReminder[] {
  const lo = from.getTime();
  const hi = to.getTime();
  const due: DueReminder[] = [];
  for (const entry of entries) {
    for (const r of remindersFor(entry, defaultLeadDays)) {
      const t = r.fireAt.getTime();
      if (t > lo && t <= hi) due.push(r);
    }
  }
  return due.sort((a, b) => a.fireAt.getTime() - b.fireAt.getTime() || a.entryId.localeCompare(b.entryId));
}

/** The first reminder after `after`, so the scheduler can sleep until then (null: none left). */
export function nextReminderAfter(entries: EntryOverview[], defaultLeadDays: number[], after: Date): DueReminder | null {
  let next: DueReminder | null = null;
  for (const entry of entries) {
    for (const r of remindersFor(entry, defaultLeadDays)) {
      if (r.fireAt.getTime() > after.getTime() && (!next || r.fireAt.getTime() < next.fireAt.getTime())) next = r;
    }
  }
  return next;
}

export interface DueRotation {
  entryId: string;
  /** YYYY-MM-DD, reminders/staleness.ts's rotateBy. */
  rotateBy: string;
  fireAt: Date;
}

/**
 * Rotation reminders (a never-expiring secret's rotate-every) with `from < fireAt <= to`: one
 * each, at 00:00 UTC of the day staleness() says it is due, the same window rule as dueReminders
 * so a sleep neither loses nor repeats one. Once rotated, rotateBy moves on and the next fires.
 */
export function dueRotations(entries: EntryOverview[], from: Date, to: Date): DueRotation[] {
  const due: DueRotation[] = [];
  for (const entry of entries) {
    const rotateBy = staleness(entry, to)?.rotateBy;
    if (!rotateBy || entry.gitlab?.revoked === true) continue;
    const fireAt = expiryInstant(rotateBy);
    if (fireAt.getTime() > from.getTime() && fireAt.getTime() <= to.getTime()) due.push({ entryId: entry.id, rotateBy, fireAt });
  }
  return due.sort((a, b) => a.fireAt.getTime() - b.fireAt.getTime() || a.entryId.localeCompare(b.entryId));
}

export interface ExpirySummary {
  /** Live tokens whose cut-off is still ahead and falls in the current local month. */
  expiringThisMonth: number;
  /** Live tokens whose cut-off is within the next 7 days. */
  expiringThisWeek: number;
  /** Past their cut-off and not revoked. */
  expired: number;
  /** One sentence for the unlock notification and the home screen; names none. */
  text: string;
}

const tokens = (n: number) => `${n} token${n === 1 ? '' : 's'}`;

export function expirySummary(entries: EntryOverview[], now: Date, timeZone: string): ExpirySummary {
  const month: IsoDate = localDate(now, timeZone).slice(0, 7);
  let expiringThisMonth = 0;
  let expiringThisWeek = 0;
  const monthOf = new Map<IsoDate, string>(); // one Intl call per distinct date, not per token
  for (const e of entries) {
    if (!isLive(e) || isExpired(e.expiresAt as string, now)) continue;
    const cutoff = expiryInstant(e.expiresAt as string);
    let cutoffMonth = monthOf.get(e.expiresAt as string);
    if (cutoffMonth === undefined) {
      cutoffMonth = localDate(cutoff, timeZone).slice(0, 7);
      monthOf.set(e.expiresAt as string, cutoffMonth);
    }
    if (cutoffMonth === month) expiringThisMonth += 1;
    if (cutoff.getTime() - now.getTime() <= 7 * DAY_MS) expiringThisWeek += 1;
  }
  const expired = overdueExpiries(entries, now).length;
  const parts: string[] = [];
  if (expiringThisMonth > 0) parts.push(`${tokens(expiringThisMonth)} ${expiringThisMonth === 1 ? 'expires' : 'expire'} this month`);
  if (expiringThisWeek > 0) parts.push(`${expiringThisWeek} within 7 days`);
  if (expired > 0) parts.push(`${tokens(expired)} already expired`);
  const text = parts.length ? `${parts.join('; ')}.` : 'No token expires this month.';
  return { expiringThisMonth, expiringThisWeek, expired, text: text.charAt(0).toUpperCase() + text.slice(1) };
}
