// Audit: an account's personal access tokens on one instance, side by side with what the
// vault holds for that instance, and what deserves attention in each. Entries are matched by
// GitLab token id; an entry never verified (no id yet) is matched by its exact name when that
// name points at one token only, and is reported as "in vault, not yet verified": stored, not
// forgotten, but not yet proven to be that token. An administrator's list also holds the
// user's impersonation tokens, unmarked; they are asked for separately and shown as such.
import type { EntryOverview } from '../vault/types';
import { z } from 'zod';
import type { GitLabClient } from './client';
import { isGitLabError } from './errors';
import { tokenSchema, type GitLabToken } from './schemas';
import { addDays, isoDay, listAccessTokens, listPersonalTokens } from './tokens';

export type AuditFinding =
  | 'not_in_vault'
  | 'missing_on_gitlab'
  | 'revoked'
  | 'expired'
  | 'over_privileged'
  | 'never_used'
  | 'expiring_soon'
  | 'not_verified'
  | 'impersonation';

export const FINDING_TEXT: Record<AuditFinding, string> = {
  not_in_vault: 'on GitLab but not in the vault',
  missing_on_gitlab: 'in the vault but not on GitLab',
  revoked: 'revoked',
  expired: 'expired',
  over_privileged: 'broad scopes (api, write_*, sudo or admin_mode)',
  never_used: 'never used',
  expiring_soon: 'expires within 30 days',
  not_verified: 'in vault, not yet verified',
  impersonation: 'impersonation token (made by an administrator; not kept in the vault)',
};

export interface AuditRow {
  tokenId: number | null;
  name: string;
  scopes: string[];
  expiresAt: string | null;
  lastUsedAt: string | null;
  active: boolean;
  revoked: boolean;
  /** An impersonation token: GitLab lists it to administrators beside the personal ones. */
  impersonation: boolean;
  /** The vault entry this token is stored as, if any. */
  entryId: string | null;
  entryName: string | null;
  /** How the entry was found: by GitLab token id, or (never verified) by name; null without one. */
  matchedBy: 'tokenId' | 'name' | null;
  findings: AuditFinding[];
}

export interface AuditReport {
  instance: string;
  /** The audited account; null for a project's or group's tokens. */
  userId: number | null;
  owner?: { kind: 'project' | 'group'; target: string };
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
  opts: { now?: Date; soonDays?: number; owner?: { kind: 'project' | 'group'; target: string } } = {},
): Promise<AuditReport> {
  const now = opts.now ?? new Date();
  const today = isoDay(now);
  const soon = addDays(today, opts.soonDays ?? 30);
  let userId: number | undefined;
  let tokens: GitLabToken[];
  let mine: EntryOverview[];
  let impersonation = new Set<number>();
  if (opts.owner) {
    // A project's or group's tokens, beside the vault's entries for that project or group.
    const owner = opts.owner;
    tokens = await listAccessTokens(client, secret, owner);
    mine = entries.filter((e) => e.instance === client.instance && e.kind === owner.kind && e.gitlab.target === owner.target);
  } else {
    const self = await client.request(secret, { path: '/personal_access_tokens/self', schema: tokenSchema, what: 'checking the audit token', since: '15.5' });
    userId = self.data.user_id;
    tokens = await listPersonalTokens(client, secret, userId === undefined ? {} : { userId });
    impersonation = userId === undefined ? new Set() : await impersonationTokenIds(client, secret, userId);
    // Only personal tokens of this instance (and this user, when known) can be compared.
    mine = entries.filter(
      (e) => e.instance === client.instance && (e.kind === 'personal' || e.kind === 'other') && (e.gitlab.userId === null || e.gitlab.userId === userId),
    );
  }
  const byTokenId = new Map(mine.filter((e) => e.gitlab.tokenId !== null).map((e) => [e.gitlab.tokenId, e]));
  const byName = nameMatches(mine.filter((e) => e.gitlab.tokenId === null), tokens.filter((t) => !byTokenId.has(t.id)));
  const matched = new Set<string>();
  const rows: AuditRow[] = tokens.map((t) => {
    const linked = byTokenId.get(t.id);
    const entry = linked ?? byName.get(t.id) ?? null;
    if (entry) matched.add(entry.id);
    return rowFor(t, entry, linked ? 'tokenId' : entry ? 'name' : null, today, soon, impersonation.has(t.id));
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
      impersonation: false,
      entryId: e.id,
      entryName: e.name,
      matchedBy: null,
      findings: ['missing_on_gitlab'],
    });
  }
  const counts = Object.fromEntries(Object.keys(FINDING_TEXT).map((k) => [k, 0])) as Record<AuditFinding, number>;
  for (const r of rows) for (const f of r.findings) counts[f] += 1;
  return { instance: client.instance, userId: userId ?? null, checkedAt: now.toISOString(), rows, counts, ...(opts.owner ? { owner: opts.owner } : {}) };
}

/**
 * Never-verified entries to the token each one names, by exact name. A name shared by several
 * tokens (an old one kept beside its replacement) still points at one when only one of them
 * is active; otherwise it is left unmatched rather than guessed, and so is a name two entries share.
 */
function nameMatches(unlinked: EntryOverview[], tokens: GitLabToken[]): Map<number, EntryOverview> {
  const entriesByName = new Map<string, EntryOverview[]>();
  for (const e of unlinked) entriesByName.set(e.name, [...(entriesByName.get(e.name) ?? []), e]);
  const tokensByName = new Map<string, GitLabToken[]>();
  for (const t of tokens) tokensByName.set(t.name, [...(tokensByName.get(t.name) ?? []), t]);
  const out = new Map<number, EntryOverview>();
  for (const [name, entries] of entriesByName) {
    const named = tokensByName.get(name) ?? [];
    const live = named.filter((t) => t.active !== false && !t.revoked);
    const token = named.length === 1 ? named[0] : live.length === 1 ? live[0] : undefined;
    if (entries.length === 1 && token) out.set(token.id, entries[0]!);
  }
  return out;
}

/**
 * Ids of the user's impersonation tokens. users.rb lists them to administrators only; anyone
 * else is refused (403) and never sees them in the token list either (`impersonation: false`).
 */
async function impersonationTokenIds(client: GitLabClient, secret: string, userId: number): Promise<Set<number>> {
  try {
    const list = await client.paginate(secret, {
      path: `/users/${userId}/impersonation_tokens`,
      schema: z.array(z.looseObject({ id: z.number().int() })),
      what: 'listing impersonation tokens',
    });
    return new Set(list.map((t) => t.id));
  } catch (err) {
    if (isGitLabError(err) && err.details.status === 403) return new Set();
    throw err;
  }
}

function rowFor(t: GitLabToken, entry: EntryOverview | null, matchedBy: AuditRow['matchedBy'], today: string, soon: string, impersonation: boolean): AuditRow {
  const expired = t.expires_at !== null && t.expires_at <= today;
  const active = t.active ?? (!t.revoked && !expired);
  const findings: AuditFinding[] = [];
  if (impersonation) findings.push('impersonation');
  else if (!entry && active) findings.push('not_in_vault');
  if (matchedBy === 'name') findings.push('not_verified');
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
    impersonation,
    entryId: entry?.id ?? null,
    entryName: entry?.name ?? null,
    matchedBy,
    findings,
  };
}
