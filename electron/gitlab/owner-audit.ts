// Audit of one project or group (issue 22, item 4): every credential GitLab lists for it — access tokens,
// deploy tokens, triggers, runners, cluster agent tokens, webhooks, service accounts' tokens where visible —
// beside the vault's entries for it. Matched by instance + kind + GitLab id, never by secret or by name:
// two kinds may share an id (a deploy token 7 and a trigger 7 are different things), and an entry without
// a GitLab id cannot be matched at all. A list GitLab refuses, an instance too old for a kind, or an answer
// that is not what GitLab sends leaves that kind "not checked" — its vault entries are never reported as
// gone from GitLab on the strength of a list that was not read whole.
import { z } from 'zod';
import type { EntryOverview } from '../vault/types';
import type { GitLabClient } from './client';
import { cleanServerText, GitLabError, isGitLabError } from './errors';
import { kindsOf, listKind, roleFor, type AuditKind, type AuditOwner, type KindList, type ListedCredential } from './owner-lists';
import { addDays, isoDay } from './tokens';
import { learnVersion } from './version';

export type { AuditKind } from './owner-lists';

export type AuditState = 'in_vault' | 'only_on_gitlab' | 'only_in_vault' | 'not_checked';

export const STATE_WORDS: Record<AuditState, string> = {
  in_vault: 'in vault',
  only_on_gitlab: 'only on GitLab',
  only_in_vault: 'only in vault (revoked or deleted on GitLab)',
  not_checked: 'not checked',
};

export const AUDIT_KIND_WORDS: Record<AuditKind, string> = {
  project: 'project access tokens',
  group: 'group access tokens',
  deploy: 'deploy tokens',
  trigger: 'pipeline trigger tokens',
  runner: 'runners',
  agent: 'cluster agent tokens',
  webhook: 'webhooks',
  'service-account': "service accounts' tokens",
};

export interface OwnerAuditRow {
  kind: AuditKind;
  /** GitLab's id of the credential (a runner's or hook's id for those kinds); null for an entry that has none stored. */
  gitlabId: number | null;
  name: string;
  state: AuditState;
  /** GitLab's date when it lists one, else the vault's. */
  expiresAt: string | null;
  expiringSoon: boolean;
  /** GitLab still accepts it, as its list says; null when GitLab's list was not read. */
  liveOnGitLab: boolean | null;
  detail: string | null;
  entryId: string | null;
  entryName: string | null;
  /** Why a row is as it is, in a sentence (not checked: why; in vault but revoked on GitLab). */
  note: string | null;
}

export interface ListOutcome {
  kind: AuditKind;
  status: 'read' | 'refused' | 'too_old' | 'failed';
  /** Credentials GitLab listed (after duplicates were dropped). */
  count: number;
  truncated: boolean;
  /** The sentence for anything but a clean read: the role needed, the version, what was wrong. */
  message: string | null;
}

export interface OwnerAuditReport {
  instance: string;
  owner: { kind: 'project' | 'group'; target: string; id: number | null };
  version: string | null;
  checkedAt: string;
  lists: ListOutcome[];
  rows: OwnerAuditRow[];
  counts: Record<AuditState | 'expiring_soon', number>;
}

/** The soonest an expiry counts as "expiring soon". */
export const SOON_DAYS = 30;

const clean = cleanServerText;

const projectSchema = z.looseObject({ id: z.number().int(), path_with_namespace: z.string() });
const groupSchema = z.looseObject({ id: z.number().int(), full_path: z.string(), parent_id: z.number().int().nullish() });

/** The project or group named (path or id): a project is asked first unless the kind is given. */
export async function resolveOwner(client: GitLabClient, secret: string, ref: string, kind?: 'project' | 'group'): Promise<{ owner: AuditOwner; id: number; topLevel: boolean }> {
  const enc = encodeURIComponent(ref);
  if (kind !== 'group') {
    try {
      const p = (await client.request(secret, { path: `/projects/${enc}`, schema: projectSchema, what: `finding project ${ref}` })).data;
      return { owner: { kind: 'project', target: clean(p.path_with_namespace, 2048) }, id: p.id, topLevel: false };
    } catch (err) {
      if (!(isGitLabError(err) && err.code === 'not_found' && kind === undefined)) throw err;
    }
  }
  try {
    const g = (await client.request(secret, { path: `/groups/${enc}`, schema: groupSchema, what: `finding group ${ref}` })).data;
    return { owner: { kind: 'group', target: clean(g.full_path, 2048) }, id: g.id, topLevel: !g.parent_id };
  } catch (err) {
    if (isGitLabError(err) && err.code === 'not_found')
      throw new GitLabError('not_found', `${client.host} has no ${kind ?? 'project or group'} ${ref.slice(0, 200)} that this token can see.`, { status: 404 });
    throw err;
  }
}

/** Whether a vault entry is one of this project's or group's credentials of this kind. */
function belongs(e: EntryOverview, instance: string, kind: AuditKind, o: AuditOwner, id: number): boolean {
  if (e.instance !== instance || e.kind !== kind) return false;
  const t = e.gitlab.target;
  if (t === null || (t.toLowerCase() !== o.target.toLowerCase() && t !== String(id))) return false;
  // A deploy token, runner or webhook says whose it is; a project's and a group's may share a path.
  if ((kind === 'deploy' || kind === 'runner' || kind === 'webhook') && e.facts?.owner && e.facts.owner !== o.kind) return false;
  return true;
}

function refusal(err: unknown, kind: AuditKind, o: AuditOwner): ListOutcome {
  if (!isGitLabError(err)) throw err;
  if (err.code === 'too_new') return { kind, status: 'too_old', count: 0, truncated: false, message: err.message };
  if (['not_permitted', 'forbidden', 'unrecognised'].includes(err.code) && (err.details.status === 401 || err.details.status === 403))
    return { kind, status: 'refused', count: 0, truncated: false, message: err.code === 'not_permitted' ? err.message : `GitLab refused listing the ${AUDIT_KIND_WORDS[kind]} of ${o.kind} ${o.target}: that needs ${roleFor(kind, o)}.` };
  // A route this GitLab does not have (a version the client did not know) is a 404 on a project that exists.
  if (err.code === 'not_found') return { kind, status: 'too_old', count: 0, truncated: false, message: `GitLab answered that it has no list of ${AUDIT_KIND_WORDS[kind]} here (404): this version may not have it.` };
  // Connection-wide failures end the whole audit: nothing else would be read either.
  if (['unknown_host', 'refused', 'timeout', 'connection_lost', 'tls', 'proxy', 'rate_limited', 'expired', 'revoked', 'bad_instance', 'login_redirect', 'html_instead_of_json'].includes(err.code)) throw err;
  return { kind, status: 'failed', count: 0, truncated: false, message: `The list of ${AUDIT_KIND_WORDS[kind]} could not be read: ${err.message}` };
}

/** Drops a second row of an id already listed (a hostile or broken answer); says how many. */
function dedupe(list: KindList): { items: ListedCredential[]; dropped: number } {
  const seen = new Set<number>();
  const items = list.items.filter((c) => (seen.has(c.id) ? false : (seen.add(c.id), true)));
  return { items, dropped: list.items.length - items.length };
}

export async function auditOwner(
  client: GitLabClient,
  secret: string,
  entries: EntryOverview[],
  ref: string,
  opts: { now?: Date; soonDays?: number; kind?: 'project' | 'group' } = {},
): Promise<OwnerAuditReport> {
  const now = opts.now ?? new Date();
  const today = isoDay(now);
  const soon = addDays(today, opts.soonDays ?? SOON_DAYS);
  const probe = await learnVersion(client, secret);
  const { owner, id, topLevel } = await resolveOwner(client, secret, ref, opts.kind);
  const lists: ListOutcome[] = [];
  const rows: OwnerAuditRow[] = [];
  const expiring = (d: string | null) => d !== null && d > today && d <= soon;

  for (const kind of kindsOf(owner, topLevel)) {
    const mine = entries.filter((e) => belongs(e, client.instance, kind, owner, id));
    let listed: { items: ListedCredential[]; dropped: number; truncated: boolean } | null = null;
    try {
      const list = await listKind(client, secret, kind, owner, today);
      listed = { ...dedupe(list), truncated: list.truncated };
      const notes = [
        list.truncated ? `GitLab listed more than ${list.items.length} ${AUDIT_KIND_WORDS[kind]}; only the first ${list.items.length} were read, so vault entries beyond them are not checked.` : null,
        listed.dropped ? `GitLab listed ${listed.dropped} of them twice under the same id; each is shown once.` : null,
      ].filter(Boolean);
      lists.push({ kind, status: 'read', count: listed.items.length, truncated: list.truncated, message: notes.length ? notes.join(' ') : null });
    } catch (err) {
      lists.push(refusal(err, kind, owner));
    }
    const outcome = lists.at(-1)!;
    const byId = new Map(mine.filter((e) => e.gitlab.tokenId !== null).map((e) => [e.gitlab.tokenId!, e]));
    const matched = new Set<string>();
    for (const c of listed?.items ?? []) {
      const e = byId.get(c.id);
      if (e) matched.add(e.id);
      // A credential GitLab no longer accepts and nobody stored is history, not something to track.
      if (!e && !c.active) continue;
      const expiresAt = c.expiresAt ?? e?.expiresAt ?? null;
      rows.push({
        kind, gitlabId: c.id, name: clean(c.name, 255), state: e ? 'in_vault' : 'only_on_gitlab', expiresAt, expiringSoon: c.active && expiring(expiresAt),
        liveOnGitLab: c.active, detail: c.detail === null ? null : clean(c.detail, 500), entryId: e?.id ?? null, entryName: e?.name ?? null,
        note: e && !c.active && !e.revoked ? `GitLab says it no longer works (${c.revoked ? 'revoked' : 'expired'}); the vault still holds it as live.` : null,
      });
    }
    for (const e of mine) {
      if (matched.has(e.id) || e.revoked) continue;
      const unread = outcome.status !== 'read' ? outcome.message : listed?.truncated ? 'GitLab\'s list was cut short, so it may be further down.' : null;
      const noId = e.gitlab.tokenId === null ? 'No GitLab id is stored for it, so it cannot be matched: verify it first.' : null;
      rows.push({
        kind, gitlabId: e.gitlab.tokenId, name: e.name, state: unread || noId ? 'not_checked' : 'only_in_vault', expiresAt: e.expiresAt, expiringSoon: expiring(e.expiresAt),
        liveOnGitLab: null, detail: null, entryId: e.id, entryName: e.name, note: unread ?? noId,
      });
    }
  }
  const counts: OwnerAuditReport['counts'] = { in_vault: 0, only_on_gitlab: 0, only_in_vault: 0, not_checked: 0, expiring_soon: 0 };
  for (const r of rows) {
    counts[r.state] += 1;
    if (r.expiringSoon) counts.expiring_soon += 1;
  }
  return { instance: client.instance, owner: { ...owner, id }, version: probe.version ?? client.version ?? null, checkedAt: now.toISOString(), lists, rows, counts };
}
