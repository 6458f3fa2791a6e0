import { useState, type Ref } from 'react';
import { formatLongLocalDay } from '../lib/dates';
import { ShowMore } from './ShowMore';
import { TokenRow, stopsAt } from './TokenRow';
import { cutoffOf, type PlacedToken } from './model';

const PAGE = 100;

interface DayTokenListProps {
  day: Date;
  now: Date;
  tokens: PlacedToken[];
  onOpenEntry(id: string): void;
  ref?: Ref<HTMLElement>;
}

/** Every token of the focused day, a page at a time (a day can hold thousands in a big vault). */
export function DayTokenList({ day, now, tokens, onOpenEntry, ref }: DayTokenListProps) {
  const [limit, setLimit] = useState(PAGE);
  const shown = tokens.slice(0, limit);
  return (
    <section ref={ref} className="tv-cal-section tv-cal-daylist" aria-live="polite" aria-label={`Expiries on ${formatLongLocalDay(day)}`}>
      <h3>{formatLongLocalDay(day)}</h3>
      {tokens.length === 0 ? (
        <p className="tv-cal-empty">No token expires on this day.</p>
      ) : (
        <ul className="tv-cal-list">
          {shown.map((p) => (
            <TokenRow key={p.token.id} placed={p} onOpenEntry={onOpenEntry} when={p.rotation ? 'rotation due' : cutoffOf(p.token.expiresAt as string) <= now ? 'expired' : stopsAt(p.localTime)} />
          ))}
        </ul>
      )}
      <ShowMore hidden={tokens.length - shown.length} page={PAGE} onMore={() => setLimit(limit + PAGE)} />
    </section>
  );
}
