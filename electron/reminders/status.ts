// One status per entry, shared by the CLI (`list --json` "status"), the calendar colours and
// the notifications, so a token is never "active" in one place and "expiring" in another.
import type { EntryOverview } from '../vault/types';
import { daysLeft, isExpired } from './expiry';

export type EntryStatus = 'active' | 'expiring' | 'expired' | 'revoked' | 'unknown';

/** A token is "expiring" within this many days, or within its own largest lead time if longer. */
export const EXPIRING_WITHIN_DAYS = 30;

export function expiringWindowDays(entry: Pick<EntryOverview, 'leadDays'>): number {
  return Math.max(EXPIRING_WITHIN_DAYS, ...(entry.leadDays ?? []));
}

export function entryStatus(
  entry: Pick<EntryOverview, 'expiresAt' | 'revoked' | 'leadDays' | 'gitlab'>,
  now: Date,
): EntryStatus {
  // Revoked wins: a revoked token is dead whatever its date says.
  if (entry.revoked || entry.gitlab?.revoked === true) return 'revoked';
  if (!entry.expiresAt) return 'unknown';
  if (isExpired(entry.expiresAt, now)) return 'expired';
  return daysLeft(entry.expiresAt, now) <= expiringWindowDays(entry) ? 'expiring' : 'active';
}
