// The audit's table: how its rows sort, and what each row may offer. A token GitLab lists but
// the vault lacks may be stored (if someone still has it) or revoked; a live one the vault
// holds may be revoked too. Revoked and expired tokens offer nothing: they no longer work.
import type { AuditRow } from '../../../electron/api';

export type AuditSortKey = 'name' | 'expires' | 'lastUsed' | 'state' | 'vault';
export interface AuditSort {
  key: AuditSortKey;
  dir: 'asc' | 'desc';
}

export const isLive = (row: AuditRow): boolean => row.active && !row.revoked;
export const canStore = (row: AuditRow): boolean => row.entryId === null && isLive(row);
export const canRevoke = (row: AuditRow): boolean => isLive(row);

export function stateOf(row: AuditRow): 'Active' | 'Expired' | 'Revoked' {
  if (row.revoked) return 'Revoked';
  if (!row.active) return 'Expired';
  return 'Active';
}

/** Not in the vault first when sorting by entry: those are what the audit is for. */
const vaultRank = (row: AuditRow): number => (row.entryId === null ? (isLive(row) ? 0 : 1) : row.matchedBy === 'name' ? 2 : 3);
const STATE_RANK = { Active: 0, Expired: 1, Revoked: 2 } as const;

function compare(a: AuditRow, b: AuditRow, key: AuditSortKey): number {
  switch (key) {
    case 'name':
      return a.name.localeCompare(b.name);
    // "Never" sorts after every date: a token that never expires is the one to look at last… or first, descending.
    case 'expires':
      return (a.expiresAt ?? '9999-12-31').localeCompare(b.expiresAt ?? '9999-12-31');
    // Never used sorts first: the likeliest to be forgotten.
    case 'lastUsed':
      return (a.lastUsedAt ?? '').localeCompare(b.lastUsedAt ?? '');
    case 'state':
      return STATE_RANK[stateOf(a)] - STATE_RANK[stateOf(b)];
    case 'vault':
      return vaultRank(a) - vaultRank(b);
  }
}

/** The rows in the asked order; ties keep name order, so the table never shuffles. */
export function sortAuditRows(rows: readonly AuditRow[], sort: AuditSort): AuditRow[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => sign * compare(a, b, sort.key) || a.name.localeCompare(b.name) || a.tokenId - b.tokenId);
}
