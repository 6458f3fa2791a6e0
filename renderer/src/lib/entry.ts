// Facts about an entry the screens share.
import type { Entry } from '../../../electron/api';
import { cutoffOf, daysUntil, describeExpiry, formatDay, inDays } from './dates';

/** Whether GitLab can be asked about this token (verify, rotate, revoke). */
/** Kinds Token Vault can verify, rotate and revoke on GitLab (feed and incoming email tokens it cannot). */
const MANAGED_KINDS = new Set<Entry['kind']>(['personal', 'project', 'group', 'deploy', 'trigger', 'runner', 'agent', 'service-account', 'oauth-app', 'webhook']);
export const isGitLabManaged = (e: Entry): boolean => e.instance !== null && MANAGED_KINDS.has(e.kind);

/** "Unverified" matters only for tokens GitLab could have confirmed. */
export const showUnverified = (e: Entry): boolean => isGitLabManaged(e) && e.lastVerifiedAt === null && e.status !== 'revoked' && e.status !== 'expired';

/** Revoked or expired: it no longer works, whatever else is true of it. */
export const isDead = (e: Pick<Entry, 'status'>): boolean => e.status === 'revoked' || e.status === 'expired';

export type ChipTone = 'active' | 'soon' | 'critical' | 'expired' | 'revoked' | 'unknown';

/** The chip for a token, on the calendar's urgency levels. */
export function chipOf(e: Pick<Entry, 'status' | 'expiresAt'>, now: Date): { label: string; tone: ChipTone } {
  switch (e.status) {
    case 'revoked':
      return { label: 'Revoked', tone: 'revoked' };
    case 'expired':
      return { label: 'Expired', tone: 'expired' };
    case 'unknown':
      return { label: 'No expiry', tone: 'unknown' };
    case 'active':
      return { label: 'Active', tone: 'active' };
    case 'expiring': {
      const d = e.expiresAt ? daysUntil(e.expiresAt, now) : Infinity;
      if (d <= 7) return { label: 'Within 7 days', tone: 'critical' };
      if (d <= 30) return { label: 'Within 30 days', tone: 'soon' };
      return { label: 'Expiring soon', tone: 'soon' };
    }
  }
}

/** The line under a token's name: what it means now, not a countdown for a dead token. */
export function stateLine(e: Pick<Entry, 'status' | 'expiresAt'>, now: Date): string {
  if (e.status === 'revoked') return 'Revoked: no longer works';
  return describeExpiry(e.expiresAt, now);
}

/** The list row's short "when": the date itself is in the detail (and the row's tooltip). */
export function rowExpiry(e: Pick<Entry, 'status' | 'expiresAt'>, now: Date): string {
  if (e.status === 'revoked') return 'No longer works';
  if (!e.expiresAt) return 'No expiry date';
  const d = daysUntil(e.expiresAt, now);
  if (cutoffOf(e.expiresAt).getTime() <= now.getTime()) return `Expired ${inDays(Math.min(d, 0))}`;
  return d > 60 ? `Expires ${formatDay(e.expiresAt)}` : `Expires ${inDays(d)}`;
}
