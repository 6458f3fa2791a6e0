import { differenceInCalendarDays } from 'date-fns';
import { useState } from 'react';
import { ShowMore } from './ShowMore';
import { TokenRow } from './TokenRow';
import { inDays } from '../lib/dates';
import { cutoffOf, plural, type PlacedToken } from './model';

// A long overdue list must not push the agenda out of sight; more on request.
const FIRST_PAGE = 10;
const PAGE = 50;

interface OverdueListProps {
  overdue: PlacedToken[];
  now: Date;
  onOpenEntry(id: string): void;
}

/** Expired but still in the vault (and not revoked): whatever uses them is broken now. */
export function OverdueList({ overdue, now, onOpenEntry }: OverdueListProps) {
  const [limit, setLimit] = useState(FIRST_PAGE);
  if (overdue.length === 0) return null;
  const shown = overdue.slice(0, limit);
  return (
    <section className="tv-cal-section" aria-label="Expired tokens">
      <h3>Expired · {plural(overdue.length, 'token')}</h3>
      <ul className="tv-cal-list">
        {shown.map((p) => {
          const ago = differenceInCalendarDays(now, cutoffOf(p.token.expiresAt as string)); // the list's daysUntil, negated
          return <TokenRow key={p.token.id} placed={p} when={inDays(-ago)} onOpenEntry={onOpenEntry} />;
        })}
      </ul>
      <ShowMore hidden={overdue.length - shown.length} page={PAGE} onMore={() => setLimit(limit + PAGE)} />
    </section>
  );
}
