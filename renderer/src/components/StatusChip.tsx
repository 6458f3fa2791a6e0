import type { Entry } from '../../../electron/api';

const LABELS: Record<Entry['status'], string> = {
  active: 'Active',
  expiring: 'Expiring soon',
  expired: 'Expired',
  revoked: 'Revoked',
  unknown: 'No expiry',
};

export function StatusChip({ status }: { status: Entry['status'] }) {
  return <span className={`chip chip-${status}`}>{LABELS[status]}</span>;
}

export function UnverifiedChip() {
  return <span className="chip chip-unverified" title="GitLab has not confirmed this token yet">Unverified</span>;
}
