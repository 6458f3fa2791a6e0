// When a token stops working. GitLab ends a token at 00:00 UTC on its expires_at date
// (gitlab-api.md), so "expires 2027-03-01" is an instant, and in Honolulu that instant is
// still the afternoon of 28 February. Everything here works from that instant, and shows
// it in the user's time zone only at the edge.
import type { EntryOverview } from '../vault/types';
import { localDateTime, type IsoDate, type LocalDateTime } from './time-zone';

const DAY_MS = 86_400_000;

/** The instant the token stops working: 00:00 UTC on its expiry date. */
export function expiryInstant(expiresAt: IsoDate): Date {
  return new Date(`${expiresAt}T00:00:00Z`);
}

export function entryExpiryInstant(entry: Pick<EntryOverview, 'expiresAt'>): Date | null {
  return entry.expiresAt ? expiryInstant(entry.expiresAt) : null;
}

/** The cut-off as the user's wall clock shows it, e.g. 2027-02-28 14:00 in Pacific/Honolulu. */
export function localExpiry(expiresAt: IsoDate, timeZone: string): LocalDateTime {
  return localDateTime(expiryInstant(expiresAt), timeZone);
}

/**
 * Time left before the cut-off, in days (fractional; negative once expired). Counting in
 * instants rather than calendar dates keeps it the same in every time zone.
 */
export function daysLeft(expiresAt: IsoDate, now: Date): number {
  return (expiryInstant(expiresAt).getTime() - now.getTime()) / DAY_MS;
}

export function isExpired(expiresAt: IsoDate, now: Date): boolean {
  return now.getTime() >= expiryInstant(expiresAt).getTime();
}

/** "in 3 days", "in 5 hours", "2 days ago": the wording the CLI and notifications share. */
export function describeTimeLeft(expiresAt: IsoDate, now: Date): string {
  const ms = expiryInstant(expiresAt).getTime() - now.getTime();
  const abs = Math.abs(ms);
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const amount = abs >= DAY_MS ? unit(Math.floor(abs / DAY_MS), 'day') : abs >= 3_600_000 ? unit(Math.floor(abs / 3_600_000), 'hour') : unit(Math.max(1, Math.floor(abs / 60_000)), 'minute');
  return ms > 0 ? `in ${amount}` : `${amount} ago`;
}
