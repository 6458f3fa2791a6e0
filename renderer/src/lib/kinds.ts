// Each credential kind in words and its own fields for the detail (issue 22). The renderer knows only
// the API's types, so the words are kept here beside the main side's (vault/token-kinds.ts KIND_WORDS).
import type { Entry } from '../../../electron/api';

export const KIND_LABELS: Record<Entry['kind'], string> = {
  personal: 'Personal access token',
  project: 'Project access token',
  group: 'Group access token',
  deploy: 'Deploy token',
  trigger: 'Pipeline trigger token',
  runner: 'Runner authentication token',
  agent: 'Cluster agent token',
  'service-account': "Service account's token",
  'oauth-app': 'OAuth application secret',
  webhook: 'Webhook secret token',
  feed: 'Feed token',
  'incoming-email': 'Incoming email token',
  other: 'Other secret',
};

/** What the kind is, for a line under its name; GitLab's API limits said where they matter. */
export const KIND_NOTES: Partial<Record<Entry['kind'], string>> = {
  deploy: 'Pulls images or clones with its username and token; GitLab cannot rotate it, so rotating makes a new one, updates the CI/CD variables, then revokes the old.',
  trigger: 'Starts pipelines from another project or a script. GitLab gives it no expiry: rotate it on a schedule you set.',
  runner: 'Lives in the runner host’s config.toml. Rotating resets it on GitLab at once: give the host the new one.',
  agent: 'Connects a Kubernetes cluster’s agent. An agent may hold two tokens at once, so rotating swaps without a gap.',
  'service-account': 'A personal access token of a service account user: verified, rotated and revoked like any personal token.',
  'oauth-app': 'The secret of an instance OAuth application. GitLab never shows it again; renewing it needs GitLab 16.11.',
  webhook: 'GitLab sends it with each delivery (X-Gitlab-Token); the receiver must expect the same. Never shown again by GitLab.',
  feed: 'Reads your RSS and calendar feeds. GitLab resets it on your Access tokens page, not through its API.',
  'incoming-email': 'Part of your address for creating issues by email. GitLab resets it from a project’s issue list.',
};

/** The kind's own fields, as label and value, in the order people read them; empty for access tokens. */
export function kindFacts(entry: Entry): Array<[string, string]> {
  const g = entry.gitlab;
  const f = entry.facts ?? {};
  const id = (n: number | null) => (n === null ? '—' : String(n));
  const owner = f.owner === 'instance' ? 'the whole instance' : g.target ? `${f.owner ?? 'project'} ${g.target}` : '—';
  switch (entry.kind) {
    case 'deploy':
      return [['Deploy token id', id(g.tokenId)], ['Username', g.username ?? '—'], ['Belongs to', owner]];
    case 'trigger':
      return [['Trigger id', id(g.tokenId)], ['Project', g.target ?? '—']];
    case 'runner':
      return [['Runner id', id(g.tokenId)], ['Runner type', f.owner ? `${f.owner} runner` : '—'], ['Belongs to', owner], ['Tags', f.tags?.length ? f.tags.join(', ') : 'none (runs untagged jobs)'], ['Paused', f.paused === undefined ? '—' : f.paused ? 'yes' : 'no']];
    case 'agent':
      return [['Agent', f.agentId === undefined ? '—' : `${f.agentName ?? 'agent'} (id ${f.agentId})`], ['Agent token id', id(g.tokenId)], ['Project', g.target ?? '—']];
    case 'service-account':
      return [['Service account', g.username ? `${g.username} (user ${id(g.userId)})` : '—'], ['Belongs to', owner], ['Token id', id(g.tokenId)]];
    case 'oauth-app':
      return [['Application id', id(g.tokenId)], ['Client id', f.clientId ?? '—']];
    case 'webhook':
      return [['Hook id', id(g.tokenId)], ['Belongs to', owner], ['Sends to', f.hookUrl ?? '—']];
    default:
      return [];
  }
}

const DAY_MS = 86_400_000;

/** "created 14 months ago, never rotated" — for a secret without an expiry (reminders/staleness.ts says the same main-side). */
export function ageOf(entry: Entry, now: Date): { words: string; rotateBy: string | null; overdue: boolean } | null {
  if (entry.expiresAt || entry.revoked) return null;
  const rotations = entry.history.filter((e) => e.action === 'rotated');
  const since = new Date(rotations.at(-1)?.at ?? entry.createdAt);
  const days = Math.max(0, Math.floor((now.getTime() - since.getTime()) / DAY_MS));
  const months = (now.getUTCFullYear() - since.getUTCFullYear()) * 12 + now.getUTCMonth() - since.getUTCMonth() - (now.getUTCDate() < since.getUTCDate() ? 1 : 0);
  const n = (k: number, unit: string) => `${k} ${unit}${k === 1 ? '' : 's'}`;
  const age = months < 1 ? (days === 0 ? 'today' : `${n(days, 'day')} ago`) : months < 24 ? `${n(months, 'month')} ago` : `${n(Math.floor(months / 12), 'year')} ago`;
  const every = entry.facts?.rotateEveryDays ?? null;
  const rotateBy = every ? new Date(since.getTime() + every * DAY_MS).toISOString().slice(0, 10) : null;
  return { words: rotations.length ? `last rotated ${age}` : `created ${age}, never rotated`, rotateBy, overdue: rotateBy !== null && now.toISOString().slice(0, 10) >= rotateBy };
}

/** A deploy, trigger or agent token swap left half-way: the new one stored, the old one (this id) still live. */
export const halfWaySwapOld = (entry: Entry): number | null =>
  entry.pendingRotation && entry.pendingRotation.oldTokenId !== null && entry.pendingRotation.oldTokenId !== entry.gitlab.tokenId ? entry.pendingRotation.oldTokenId : null;
