// Dates as people read them. Expiry is a YYYY-MM-DD day on which the token stops at 00:00 UTC.
// "In N days" is counted ONE way everywhere (list, detail, calendar agenda, overdue list):
// calendar days on this computer's clock from today to the day the cut-off falls on.
import { differenceInCalendarDays } from 'date-fns';
import { count } from './plural';

const DAY_MS = 86_400_000;

/** The instant the token stops working. */
export const cutoffOf = (day: string): Date => new Date(`${day}T00:00:00Z`);

/** Calendar days from today to the local day of the cut-off: 0 today, 1 tomorrow, negative once past. */
export function daysUntil(day: string, now = new Date()): number {
  return differenceInCalendarDays(cutoffOf(day), now);
}

/** "today", "tomorrow", "in 5 days", "yesterday", "3 days ago": the words for daysUntil's number. */
export function inDays(n: number): string {
  if (n === 0) return 'today';
  if (n === 1) return 'tomorrow';
  if (n === -1) return 'yesterday';
  return n > 1 ? `in ${count(n, 'day')}` : `${count(-n, 'day')} ago`;
}

export function describeExpiry(day: string | null, now = new Date()): string {
  if (!day) return 'No expiry date';
  const d = daysUntil(day, now);
  if (cutoffOf(day).getTime() <= now.getTime()) return `Expired ${inDays(Math.min(d, 0))} (${formatDay(day)})`;
  return `Expires ${inDays(d)} (${formatDay(day)})`;
}

const dayFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
const instantFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export const formatDay = (day: string) => dayFormat.format(new Date(`${day}T00:00:00Z`));

// The calendar's cells are this computer's days (Date objects at local midnight): the same
// style as formatDay, read in local time.
const localShortDayFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const localLongDayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full' });
/** "Dec 6, 2026" in en-US: a local day in the one day style. */
export const formatLocalDay = (d: Date) => localDayFormat.format(d);
const weekdayDayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', month: 'short', day: 'numeric' });
const weekdayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short' });
/** "Sun, Dec 6": an agenda's day. */
export const formatWeekdayShortDay = (d: Date) => weekdayDayFormat.format(d);
/** "Sun": a column of the calendar's grid. */
export const formatWeekday = (d: Date) => weekdayFormat.format(d);
/** "Dec 6": a local day whose year the context says. */
export const formatShortLocalDay = (d: Date) => localShortDayFormat.format(d);
/** "Sunday, December 6, 2026": a local day said in full, for screen readers and headings. */
export const formatLongLocalDay = (d: Date) => localLongDayFormat.format(d);
/** "Nov 30, 2026 – Jan 3, 2027", "Mar 1 – 28, 2027": a span of local days, each side only as long as needed. */
export const formatLocalSpan = (first: Date, last: Date) => localDayFormat.formatRange(first, last);
export const formatInstant = (iso: string) => instantFormat.format(new Date(iso));

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/**
 * When a token with this expiry date stops, on this computer's clock, in one date style: GitLab
 * ends it at the start of that day in UTC, which here may be the evening before ("Mar 3, 2027 at
 * 19:00"); where UTC is local time, just the day ("at the start of Mar 4, 2027").
 */
export function stopsWhen(day: string): string {
  const cutoff = cutoffOf(day);
  const local = timeFormat.format(cutoff);
  const sameDay = cutoff.getFullYear() === cutoff.getUTCFullYear() && cutoff.getMonth() === cutoff.getUTCMonth() && cutoff.getDate() === cutoff.getUTCDate();
  if (sameDay && cutoff.getHours() === 0 && cutoff.getMinutes() === 0) return `at the start of ${formatDay(day)}`;
  return `on ${localDayFormat.format(cutoff)} at ${local}`;
}

const localDayFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

export function addDays(days: number, now = new Date()): string {
  return new Date(now.getTime() + days * DAY_MS).toISOString().slice(0, 10);
}
