import { useState } from 'react';
import { formatShortLocalDay, formatWeekdayShortDay } from '../lib/dates';
import { ShowMore } from './ShowMore';
import { TokenRow, stopsAt } from './TokenRow';
import { describeOffset, plural, type AgendaDay } from './model';

// The agenda sits above (or beside) the grid: a first page short enough that the grid stays
// near, the rest a click away.
const FIRST_DAYS = 8;
const MORE_DAYS = 30;

interface ExpiryAgendaProps {
  days: AgendaDay[];
  /** How far ahead the agenda looks, for its heading. */
  horizonDays: number;
  onOpenEntry(id: string): void;
  /** Rows shown per day before "+N more" (the grid lists the rest). */
  perDay?: number;
  onShowDay?(date: Date): void;
}

/** The next N days' expiries, grouped by day; a busy day shows a few and a count. */
export function ExpiryAgenda({ days, horizonDays, onOpenEntry, perDay = 3, onShowDay }: ExpiryAgendaProps) {
  const [limit, setLimit] = useState(FIRST_DAYS);
  const total = days.reduce((n, d) => n + d.tokens.length, 0);
  return (
    <section className="tv-cal-section" aria-label={`Next ${horizonDays} days`}>
      <h3>
        Next {horizonDays} days · {plural(total, 'token')}
      </h3>
      {days.length === 0 && <p className="tv-cal-empty">Nothing expires in the next {horizonDays} days.</p>}
      {days.slice(0, limit).map((d) => (
        <div key={d.day}>
          <div className="tv-cal-agenda-day">
            {formatWeekdayShortDay(d.date)} · {describeOffset(d.offset)}
          </div>
          <ul className="tv-cal-list">
            {d.tokens.slice(0, perDay).map((p) => (
              <TokenRow key={p.token.id} placed={p} when={p.rotation ? 'rotation due' : stopsAt(p.localTime)} onOpenEntry={onOpenEntry} />
            ))}
          </ul>
          {d.tokens.length > perDay && (
            <button type="button" className="tv-cal-more" onClick={() => onShowDay?.(d.date)}>
              +{d.tokens.length - perDay} more on {formatShortLocalDay(d.date)}
            </button>
          )}
        </div>
      ))}
      <ShowMore hidden={days.length - limit} page={MORE_DAYS} unit="day" onMore={() => setLimit(limit + MORE_DAYS)} />
    </section>
  );
}
