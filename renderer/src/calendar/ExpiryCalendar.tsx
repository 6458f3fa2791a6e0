// The Calendar screen's content. The agenda first (expired tokens, then the next 90 days): it
// answers "what needs me?" without reading a grid. Then the legend and the grid, from this
// week. Side by side when the calendar's own box is wide enough for both (a container query
// in calendar.css, so a side panel or a narrow window both count), else stacked.
// No store: tokens and `now` come in, onOpenEntry goes out.
import { useMemo, useState } from 'react';
import type { Day } from 'date-fns';
import { UrgencyLegend } from './Legend';
import { WeeksGrid } from './WeeksGrid';
import { ExpiryAgenda } from './ExpiryAgenda';
import { OverdueList } from './OverdueList';
import { agendaDays, indexByDay, overdueTokens, type CalendarToken } from './model';
import './calendar.css';

export interface ExpiryCalendarProps {
  tokens: CalendarToken[];
  /** Pass a value that changes once a minute at most; everything is indexed per change. */
  now: Date;
  onOpenEntry(id: string): void;
  weekStartsOn?: Day;
  agendaDays?: number;
}

export function ExpiryCalendar({ tokens, now, onOpenEntry, weekStartsOn = 1, agendaDays: horizon = 90 }: ExpiryCalendarProps) {
  const minute = Math.floor(now.getTime() / 60_000);
  // Keyed on the minute, not on `now` itself: a fresh Date per render must not re-index.
  const index = useMemo(() => indexByDay(tokens, now), [tokens, minute]);
  const overdue = useMemo(() => overdueTokens(tokens, now), [tokens, minute]);
  const agenda = useMemo(() => agendaDays(index, now, horizon), [index, minute, horizon]);
  // Re-mounting the grid on "show this day" is the simplest way to move its view and focus there.
  const [jump, setJump] = useState<{ to: Date; n: number } | null>(null);

  return (
    <div className="tv-cal">
      <div className="tv-cal-layout">
        <section className="tv-cal-agenda" aria-label="Agenda">
          <OverdueList overdue={overdue} now={now} onOpenEntry={onOpenEntry} />
          <ExpiryAgenda days={agenda} horizonDays={horizon} onOpenEntry={onOpenEntry} onShowDay={(to) => setJump({ to, n: (jump?.n ?? 0) + 1 })} />
        </section>
        <div className="tv-cal-main">
          <UrgencyLegend />
          <WeeksGrid
            key={jump?.n ?? 0}
            index={index}
            now={now}
            initialDay={jump?.to}
            autoFocus={jump !== null}
            onOpenEntry={onOpenEntry}
            weekStartsOn={weekStartsOn}
          />
        </div>
      </div>
    </div>
  );
}
