// Audit: an account's personal access tokens on one instance, side by side with what the
// vault holds for that instance, and what deserves attention in each.
import type { EntryOverview } from '../vault/types';
import type { GitLabClient } from './client';
import { tokenSchema, type GitLabToken } from './schemas';
import { addDays, isoDay, listPersonalTokens } from './tokens';

export type AuditFinding =
  | 'not_in_vault'
  | 'missing_on_gitlab'
  | 'revoked'
  | 'expired'
  | 'over_privileged'
  | 'never_used'
  | 'expiring_soon';

export const FINDING_TEXT: Record<AuditFinding, string> = {
  not_in_vault: 'on GitLab but not in the vault',
  missing_on_gitlab: 'in the vault but not on GitLab',
  revoked: 'revoked',
  expired: 'expired',
  over_privileged: 'broad scopes (api, write_*, sudo or admin_mode)',
  never_used: 'never used',
  expiring_soon: 'expires within 30 days',
};

export interface AuditRow {
  tokenId: number | null;
  name: string;
  scopes: string[];
  expiresAt: string | null;
  lastUsedAt: string | null;
  active: boolean;
  revoked: boolean;
  /** The vault entry this token is stored as, if any. */
  entryId: string | null;
  entryName: string | null;
  findings: AuditFinding[];
}

export interface AuditReport {
  instance: string;
  userId: number;
  checkedAt: string;
  rows: AuditRow[];
  counts: Record<AuditFinding, number>;
}

export const isOverPrivileged = (scopes: string[]) =>
  scopes.some((s) => s === 'api' || s === 'sudo' || s === 'admin_mode' || s.startsWith('write_'));

export async function auditAccount(
  client: GitLabClient,
  secret: string,
  entries: EntryOverview[],
  opts: { now?: Date; soonDays?: number } = {},
): Promise<AuditReport> {
  const now = opts.now ?? new Date();
  const today = isoDay(now);
  const soon = addDays(today, opts.soonDays ?? 30);
  const self = await client.request(secret, { path: '/personal_access_tokens/self', schema: tokenSchema, what: 'checking the audit token', since: '15.5' });
  const userId = self.data.user_id;
  const tokens = await listPersonalTokens(client, secret, userId === undefined ? {} : { userId });

  // Only personal tokens of this instance (and this user, when known) can be compared.
  const mine = entries.filter(
    (e) => e.instance === client.instance && (e.kind === 'personal' || e.kind === 'other') && (e.gitlab.userId === null || e.gitlab.userId === userId),
  );
  const byTokenId = new Map(mine.filter((e) => e.gitlab.tokenId !== null).map((e) => [e.gitlab.tokenId, e]));
  const unlinkedByName = new Map<string, EntryOverview[]>();
  for (const e of mine.filter((x) => x.gitlab.tokenId === null)) {
    const key = e.name.toLowerCase();
    unlinkedByName.set(key, [...(unlinkedByName.get(key) ?? []), e]);
  }
  const liveNames = new Map<string, number>();
  for (const t of tokens) if (!t.revoked) liveNames.set(t.name.toLowerCase(), (liveNames.get(t.name.toLowerCase()) ?? 0) + 1);
  const matched = new Set<string>();
  const rows: AuditRow[] = tokens.map((t) => {
    let entry = byTokenId.get(t.id);
    if (!entry && t.active !== false && !t.revoked) {
      // Unlinked entries match by name only when the name is unambiguous on both sides.
      const candidates = unlinkedByName.get(t.name.toLowerCase()) ?? [];
      if (candidates.length === 1 && liveNames.get(t.name.toLowerCase()) === 1) entry = candidates[0];
    }
    if (entry) matched.add(entry.id);
    return rowFor(t, entry ?? null, today, soon);
  });
  for (const e of mine) {
    if (matched.has(e.id) || e.revoked) continue;
    rows.push({
      tokenId: e.gitlab.tokenId,
      name: e.name,
      scopes: e.scopes,
      expiresAt: e.expiresAt,
      lastUsedAt: e.lastUsedAt,
      active: false,
      revoked: false,
      entryId: e.id,
      entryName: e.name,
      findings: ['missing_on_gitlab'],
    });
  }
  const counts = Object.fromEntries(Object.keys(FINDING_TEXT).map((k) => [k, 0])) as Record<AuditFinding, number>;
  for (const r of rows) for (const f of r.findings) counts[f] += 1;
  return { instance: client.instance, userId: userId ?? self.data.id, checkedAt: now.toISOString(), rows, counts };
}

function rowFor(t: GitLabToken, entry: EntryOverview | null, today: string, soon: string): AuditRow {
  const expired = t.expires_at !== null && t.expires_at <= today;
  const active = t.active ?? (!t.revoked && !expired);
  const findings: AuditFinding[] = [];
  if (!entry && active) findings.push('not_in_vault');
  if (t.revoked) findings.push('revoked');
  else if (expired) findings.push('expired');
  if (active) {
    if (isOverPrivileged(t.scopes)) findings.push('over_privileged');
    if (!t.last_used_at) findings.push('never_used');
    if (t.expires_at !== null && t.expires_at <= soon) findings.push('expiring_soon');
  }
  return {
    tokenId: t.id,
    name: t.name,
    scopes: t.scopes,
    expiresAt: t.expires_at,
    lastUsedAt: t.last_used_at ?? null,
    active,
    revoked: t.revoked,
    entryId: entry?.id ?? null,
    entryName: entry?.name ?? null,
    findings,
  };
}
