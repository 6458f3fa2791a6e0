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

export type ChipTone = 'active' | 'soon' | 'critical' | 'expired' | 'revoked' | 'unknown' | 'never';

/** The chip for a token, on the calendar's urgency levels. */
export function chipOf(e: Pick<Entry, 'status' | 'expiresAt'>, now: Date): { label: string; tone: ChipTone } {
  switch (e.status) {
    case 'revoked':
      return { label: 'Revoked', tone: 'revoked' };
    case 'expired':
      return { label: 'Expired', tone: 'expired' };
    // Not known is not "never": amber, and it asks for the date, because no reminder can fire without one.
    case 'unknown':
      return { label: 'Expiry unknown', tone: 'unknown' };
    case 'never':
      return { label: 'Never expires', tone: 'never' };
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
  if (e.status === 'unknown') return 'Expiry unknown — set it so you are reminded before it stops working';
  if (e.status === 'never') return 'Never expires — a risk: GitLab no longer issues tokens like this; replace it with one that expires';
  return describeExpiry(e.expiresAt, now);
}

/** The list row's short "when": the date itself is in the detail (and the row's tooltip). */
export function rowExpiry(e: Pick<Entry, 'status' | 'expiresAt'>, now: Date): string {
  if (e.status === 'revoked') return 'No longer works';
  // Short: the chip beside it already says which (the row's width goes to the name).
  if (!e.expiresAt) return e.status === 'never' ? 'No end date' : 'Date unknown';
  const d = daysUntil(e.expiresAt, now);
  if (cutoffOf(e.expiresAt).getTime() <= now.getTime()) return `Expired ${inDays(Math.min(d, 0))}`;
  return d > 60 ? `Expires ${formatDay(e.expiresAt)}` : `Expires ${inDays(d)}`;
}

/** What deleting a token means for it, said to fit: a dead token does not "keep working". */
export function deleteWords(e: Pick<Entry, 'status' | 'instance' | 'kind'>): string {
  const trash = 'It stays in the Trash for 30 days, where you can restore it, then it is deleted for good.';
  if (e.status === 'revoked') return `It was revoked and no longer works. ${trash}`;
  if (e.status === 'expired') return `It has expired and no longer works. ${trash}`;
  if (isGitLabManaged(e as Entry)) return `This changes nothing on GitLab: the token keeps working there until it expires or is revoked (Revoke… stops it first). ${trash}`;
  return `This changes nothing where it was issued: it keeps working there until it expires or is revoked. ${trash}`;
}
