// How entries look on the command line: the JSON fields of cli.md, and a compact text table.
import { staleness } from '../reminders/staleness';
import { entryStatus } from '../reminders/status';
import { pendingPlaces } from '../vault/pending-places';
import { kindExtras, kindFields } from '../vault/kind-fields';
import type { EntryOverview } from '../vault/types';

export function entryJson(entry: EntryOverview, now = new Date()) {
  return {
    id: entry.id,
    name: entry.name,
    kind: entry.kind,
    instance: entry.instance,
    scopes: entry.scopes,
    expiresAt: entry.expiresAt,
    /** "date" · "never" (known to have no expiry date) · "unknown" (no date, none known: set one). */
    expiry: expiryKind(entry),
    status: entryStatus(entry, now),
    description: entry.description,
    createdAt: entry.createdAt,
    updatedAt: entry.updatedAt,
    lastVerifiedAt: entry.lastVerifiedAt,
    lastUsedAt: entry.lastUsedAt,
    gitlabTokenId: entry.gitlab.tokenId,
    usedIn: entry.usedIn,
    revoked: entry.revoked,
    pendingRotation: entry.pendingRotation,
    /** Places still holding the old token since the last rotation (ticked off in the app). */
    pendingPlaces: pendingPlaces(entry),
    /** The kind's own fields by name: a deploy token's username, a runner's id and tags… ({} for access tokens). */
    fields: kindFields(entry),
    ...kindExtras(entry),
    /** For a secret without expiry: its age and the rotation reminder, when set (null when it expires). */
    staleness: staleness(entry, now),
  };
}

/** Whether a token's end is a date, known not to exist, or not known: scripts need not read status for it. */
export function expiryKind(entry: Pick<EntryOverview, 'expiresAt' | 'gitlab'>): 'date' | 'never' | 'unknown' {
  if (entry.expiresAt) return 'date';
  return entry.gitlab.neverExpires === true ? 'never' : 'unknown';
}

/** The EXPIRES column and show's line: a date, "never", or "unknown". */
const expiryText = (entry: EntryOverview): string => entry.expiresAt ?? expiryKind(entry);

export function entryTable(entries: EntryOverview[], now = new Date()): string {
  if (entries.length === 0) return 'No tokens.';
  const rows = entries.map((e) => [e.name, e.kind, expiryText(e), entryStatus(e, now), e.instance ?? '', e.id.slice(0, 8)]);
  const header = ['NAME', 'KIND', 'EXPIRES', 'STATUS', 'INSTANCE', 'ID'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

export function entryDetails(entry: EntryOverview, now = new Date()): string {
  const json = entryJson(entry, now);
  const lines: [string, string][] = [
    ['Name', json.name],
    ['Id', json.id],
    ['Kind', json.kind],
    ['Instance', json.instance ?? '—'],
    ['Scopes', json.scopes.join(', ') || '—'],
    ['Expires', json.expiry === 'date' ? (json.expiresAt as string) : json.expiry === 'never' ? 'never (GitLab no longer issues tokens without an expiry date: rotate it to one that has)' : `unknown (set it: tokenvault edit ${entry.id.slice(0, 8)} --expires YYYY-MM-DD)`],
    ['Status', json.status],
    ['Description', json.description || '—'],
    ['Used in', json.usedIn.join('; ') || '—'],
    ['GitLab id', json.gitlabTokenId === null ? '—' : String(json.gitlabTokenId)],
    ['Last verified', json.lastVerifiedAt ?? 'never'],
    ['Last used', json.lastUsedAt ?? 'unknown'],
    ['Created', json.createdAt],
    ['Updated', json.updatedAt],
  ];
  for (const [key, value] of Object.entries(json.fields)) lines.push([fieldLabel(key), value === null ? '—' : Array.isArray(value) ? value.join(', ') || '—' : String(value)]);
  if (json.managedBy) lines.push(['Managed by', json.managedBy]);
  if (json.staleness) lines.push(['Age', json.staleness.words]);
  if (json.rotateEveryDays) lines.push(['Rotate every', `${json.rotateEveryDays} days${json.staleness?.rotateBy ? ` (next by ${json.staleness.rotateBy}${json.staleness.overdue ? ', due now' : ''})` : ''}`]);
  if (json.pendingPlaces.length) lines.push(['To update', `${json.pendingPlaces.join('; ')} (still holding the old token)`]);
  if (entry.pendingRotation) lines.push(['Rotation', `${entry.pendingRotation.state} since ${entry.pendingRotation.startedAt}`]);
  const width = Math.max(...lines.map(([k]) => k.length));
  return lines.map(([k, v]) => `${`${k}:`.padEnd(width + 2)}${v}`).join('\n');
}

/** "deployTokenId" → "Deploy token id". */
const fieldLabel = (key: string): string => {
  const words = key.replace(/([A-Z])/g, ' $1').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/**
 * A token's last use in words. GitLab writes last_used_at at most every 10 minutes (once a day on
 * older versions; last_used_service.rb), and Token Vault's own calls count as use: a token GitLab
 * has just answered for is never "never used", only "not recorded yet".
 */
export function lastUseWords(lastUsedAt: string | null, verified: boolean): string {
  if (lastUsedAt) return lastUsedAt;
  return verified ? 'not recorded yet (GitLab records use at most every 10 minutes, once a day on older versions; this check counts)' : 'unknown';
}
