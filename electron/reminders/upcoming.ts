// The lists a person acts on: what expires soon (soonest first) and what has already
// expired and is still in the vault (the oldest failure first, it has been broken longest).
import type { EntryOverview } from '../vault/types';
import { daysLeft, expiryInstant, isExpired } from './expiry';
import { entryStatus, type EntryStatus } from './status';

export interface ExpiryItem {
  entry: EntryOverview;
  /** The 00:00 UTC cut-off. */
  expiresAt: Date;
  /** Fractional days left; negative when overdue. */
  daysLeft: number;
  status: EntryStatus;
}

function toItem(entry: EntryOverview, now: Date): ExpiryItem {
  const date = entry.expiresAt as string;
  return { entry, expiresAt: expiryInstant(date), daysLeft: daysLeft(date, now), status: entryStatus(entry, now) };
}

const byCutoff = (a: ExpiryItem, b: ExpiryItem) =>
  a.expiresAt.getTime() - b.expiresAt.getTime() || a.entry.name.localeCompare(b.entry.name);

/** Live (not revoked) tokens whose cut-off falls after `now` and within `days` days. */
export function upcomingExpiries(entries: EntryOverview[], now: Date, days: number): ExpiryItem[] {
  const horizon = now.getTime() + days * 86_400_000;
  return entries
    .filter((e) => e.expiresAt && !e.revoked && e.gitlab?.revoked !== true && !isExpired(e.expiresAt, now))
    .map((e) => toItem(e, now))
    .filter((i) => i.expiresAt.getTime() <= horizon)
    .sort(byCutoff);
}

/** Tokens past their cut-off and not revoked: still stored, surely still referenced somewhere. */
export function overdueExpiries(entries: EntryOverview[], now: Date): ExpiryItem[] {
  return entries
    .filter((e) => e.expiresAt && entryStatus(e, now) === 'expired')
    .map((e) => toItem(e, now))
    .sort(byCutoff);
}
