// `tokenvault gitlab audit PROJECT|GROUP`: the report as a table a person reads in a terminal. One row per
// credential (kind, GitLab id, name, expiry, state), then each list that was not read cleanly with its sentence
// (the role GitLab wants, the version it lacks, what was wrong with its answer), then the totals.
import type { OwnerAuditReport } from '../gitlab/owner-audit';
import { cleanServerText } from '../gitlab/errors';
import { AUDIT_KIND_WORDS, STATE_WORDS } from '../gitlab/owner-audit';

const KIND_ONE: Record<keyof typeof AUDIT_KIND_WORDS, string> = {
  project: 'project access token', group: 'group access token', deploy: 'deploy token', trigger: 'trigger token',
  runner: 'runner', agent: 'agent token', webhook: 'webhook', 'service-account': 'service account token',
};

export function ownerAuditText(report: OwnerAuditReport): string {
  const rows = report.rows.map((r) => {
    const state = r.state === 'in_vault' && r.entryName !== r.name ? `in vault as "${r.entryName}"` : STATE_WORDS[r.state];
    const flags = [r.expiringSoon ? 'expiring soon' : null, r.note].filter(Boolean).join('; ');
    return `${KIND_ONE[r.kind].padEnd(21)} ${(r.gitlabId === null ? '-' : String(r.gitlabId)).padStart(8)}  ${r.name.slice(0, 32).padEnd(32)}  ${(r.expiresAt ?? 'never').padEnd(10)}  ${state}${flags ? `  [${flags}]` : ''}`;
  });
  const lists = report.lists.filter((l) => l.message).map((l) => `${AUDIT_KIND_WORDS[l.kind]}: ${l.status === 'read' ? '' : `${l.status === 'too_old' ? 'not on this version' : l.status === 'refused' ? 'refused' : 'not understood'}: `}${cleanServerText(l.message ?? '')}`);
  const c = report.counts;
  const where = `${report.owner.kind} ${report.owner.target} on ${report.instance}${report.version ? ` (GitLab ${report.version})` : ''}`;
  return [
    `${'KIND'.padEnd(21)} ${'ID'.padStart(8)}  ${'NAME'.padEnd(32)}  ${'EXPIRES'.padEnd(10)}  STATE`,
    ...rows,
    ...(lists.length ? ['', ...lists] : []),
    '',
    `${report.rows.length} credential${report.rows.length === 1 ? '' : 's'} of ${where}: ${c.in_vault} in vault, ${c.only_on_gitlab} only on GitLab, ${c.only_in_vault} only in vault, ${c.not_checked} not checked; ${c.expiring_soon} expiring within 30 days.`,
  ].join('\n');
}
