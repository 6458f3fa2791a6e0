// A token's state as a chip, on the calendar's levels: Expired / Within 7 days / Within 30
// days / Active (later), plus Revoked and No expiry. "Within N days" appears only once main
// calls the token expiring (its own lead times; a 30-day token is not alarming on day one).
import type { Entry } from '../../../electron/api';
import { chipOf } from '../lib/entry';

export function StatusChip({ entry, now }: { entry: Pick<Entry, 'status' | 'expiresAt'>; now: Date }) {
  const chip = chipOf(entry, now);
  return <span className={`chip chip-${chip.tone}`}>{chip.label}</span>;
}

export function UnverifiedChip() {
  return <span className="chip chip-unverified" title="GitLab has not confirmed this token yet">Unverified</span>;
}
