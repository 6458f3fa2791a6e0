// A token whose expiry is unknown (no date, and not known to have none) can never be reminded
// of: it would just stop working one day. So it gets nudges of its own, asking for the date: a
// day after it was stored, then every 30 days while the date is still unknown. Like expiry
// reminders they are instants, asked for in windows (from, to], so none fires twice.
import { entryStatus } from './status';
import type { EntryOverview } from '../vault/types';

const DAY_MS = 86_400_000;
export const FIRST_NUDGE_DAYS = 1;
export const NUDGE_EVERY_DAYS = 30;

export interface ExpiryNudge {
  entryId: string;
  fireAt: Date;
}

/** The nudge of `entry` falling in (from, to], if any (the latest one, so a long sleep shows one, not a pile). */
export function dueExpiryNudge(entry: EntryOverview, from: Date, to: Date): ExpiryNudge | null {
  if (entryStatus(entry, to) !== 'unknown') return null;
  const first = Date.parse(entry.createdAt) + FIRST_NUDGE_DAYS * DAY_MS;
  if (!Number.isFinite(first) || to.getTime() < first) return null;
  const every = NUDGE_EVERY_DAYS * DAY_MS;
  const latest = first + Math.floor((to.getTime() - first) / every) * every;
  return latest > from.getTime() ? { entryId: entry.id, fireAt: new Date(latest) } : null;
}

export function dueExpiryNudges(entries: EntryOverview[], from: Date, to: Date): ExpiryNudge[] {
  return entries.flatMap((e) => dueExpiryNudge(e, from, to) ?? []);
}
