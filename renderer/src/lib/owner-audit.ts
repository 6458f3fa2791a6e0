// The project/group audit's words and order, for the renderer (gitlab/owner-audit.ts says the same main-side;
// the renderer may import only the contract's types). Rows needing a look come first: only on GitLab,
// only in the vault, not checked, then the ones in order; within a state by kind, then name.
import type { Entry, OwnerAudit, OwnerAuditRow } from '../../../electron/api';

export const AUDIT_KIND_LABEL: Record<OwnerAuditRow['kind'], string> = {
  project: 'Project access token',
  group: 'Group access token',
  deploy: 'Deploy token',
  trigger: 'Pipeline trigger token',
  runner: 'Runner',
  agent: 'Cluster agent token',
  webhook: 'Webhook',
  'service-account': 'Service account token',
};

export const AUDIT_LIST_LABEL: Record<OwnerAuditRow['kind'], string> = {
  project: 'Project access tokens',
  group: 'Group access tokens',
  deploy: 'Deploy tokens',
  trigger: 'Pipeline trigger tokens',
  runner: 'Runners',
  agent: 'Cluster agent tokens',
  webhook: 'Webhooks',
  'service-account': "Service accounts' tokens",
};

export const STATE_LABEL: Record<OwnerAuditRow['state'], string> = {
  in_vault: 'In vault',
  only_on_gitlab: 'Only on GitLab',
  only_in_vault: 'Only in vault',
  not_checked: 'Not checked',
};

const STATE_ORDER: OwnerAuditRow['state'][] = ['only_on_gitlab', 'only_in_vault', 'not_checked', 'in_vault'];
const KIND_ORDER = Object.keys(AUDIT_KIND_LABEL);

export function sortOwnerRows(rows: OwnerAuditRow[]): OwnerAuditRow[] {
  return [...rows].sort(
    (a, b) => STATE_ORDER.indexOf(a.state) - STATE_ORDER.indexOf(b.state) || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.name.localeCompare(b.name),
  );
}

/** Whose credentials a token's page can audit: its project or group, when it names one. */
export function auditTarget(entry: Entry): string | null {
  return entry.instance && entry.gitlab.target && entry.kind !== 'personal' && entry.kind !== 'oauth-app' && entry.facts?.owner !== 'instance' ? entry.gitlab.target : null;
}

/** The stored tokens that may ask GitLab: a person's or a service account's live token on that instance with api or read_api. */
export function auditors(entries: Entry[], instance: string | null): Entry[] {
  return entries.filter((e) => e.instance === instance && (e.kind === 'personal' || e.kind === 'service-account') && !e.revoked && e.status !== 'expired' && (e.scopes.includes('api') || e.scopes.includes('read_api')));
}

export const countsLine = (c: OwnerAudit['counts']): string =>
  [`${c.in_vault} in vault`, `${c.only_on_gitlab} only on GitLab`, `${c.only_in_vault} only in vault`, `${c.not_checked} not checked`, `${c.expiring_soon} expiring within 30 days`].join(' · ');

/** What a state means, under it, where the label alone would not say. */
export const STATE_HINT: Partial<Record<OwnerAuditRow['state'], string>> = {
  only_in_vault: 'revoked or deleted on GitLab',
};

/** A row's note, unless it only repeats why its whole list was not read (said once, above the table). */
export function rowNote(row: OwnerAuditRow, report: OwnerAudit): string | null {
  if (!row.note) return null;
  return report.lists.some((l) => l.kind === row.kind && l.message === row.note) ? 'Its list was not read: see above.' : row.note;
}
