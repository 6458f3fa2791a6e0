// One status per entry, shared by the CLI (`list --json` "status"), the calendar colours and
// the notifications, so a token is never "active" in one place and "expiring" in another.
import type { EntryOverview } from '../vault/types';
import { daysLeft, isExpired } from './expiry';

/**
 * 'unknown': no date, and nobody knows whether it has one (stored while GitLab could not be
 * asked, imported without a date) — it needs a date before any reminder can fire. 'never': GitLab
 * (or the person) says it has no expiry date — a risk, as GitLab has stopped issuing such tokens.
 */
export type EntryStatus = 'active' | 'expiring' | 'expired' | 'revoked' | 'unknown' | 'never';
export const ENTRY_STATUSES = ['active', 'expiring', 'expired', 'revoked', 'unknown', 'never'] as const satisfies readonly EntryStatus[];

/** A token is "expiring" within this many days, or within its own largest lead time if longer. */
export const EXPIRING_WITHIN_DAYS = 30;

export function expiringWindowDays(entry: Pick<EntryOverview, 'leadDays'>): number {
  return Math.max(EXPIRING_WITHIN_DAYS, ...(entry.leadDays ?? []));
}

/** The calendar's "within 7 days": a token that close is expiring whatever its life was. */
const CRITICAL_DAYS = 7;

/**
 * The window for a token whose expiry was chosen here (created or rotated in Token Vault):
 * the largest lead time that fits inside its life, and never under 7 days. A token made with
 * the 30-day preset is not "expiring" from its first minute — it becomes so at 7 days. Imported
 * tokens keep the full window: their expiry was news to us.
 */
export function windowForLife(entry: Pick<EntryOverview, 'expiresAt' | 'leadDays'> & Partial<Pick<EntryOverview, 'history'>>): number {
  const full = expiringWindowDays(entry);
  const start = [...(entry.history ?? [])].reverse().find((h) => h.action === 'created' || h.action === 'rotated');
  if (!start || !entry.expiresAt) return full;
  const life = daysLeft(entry.expiresAt, new Date(start.at));
  const leads = [...new Set([full, ...(entry.leadDays ?? [])])].sort((a, b) => b - a);
  return Math.max(CRITICAL_DAYS, leads.find((lead) => lead < life) ?? 0);
}

export function entryStatus(
  entry: Pick<EntryOverview, 'expiresAt' | 'revoked' | 'leadDays' | 'gitlab'> & Partial<Pick<EntryOverview, 'history'>>,
  now: Date,
): EntryStatus {
  // Revoked wins: a revoked token is dead whatever its date says.
  if (entry.revoked || entry.gitlab?.revoked === true) return 'revoked';
  if (!entry.expiresAt) return entry.gitlab?.neverExpires === true ? 'never' : 'unknown';
  if (isExpired(entry.expiresAt, now)) return 'expired';
  return daysLeft(entry.expiresAt, now) <= windowForLife(entry) ? 'expiring' : 'active';
}
