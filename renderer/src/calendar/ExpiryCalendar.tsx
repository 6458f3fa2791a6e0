// The Calendar screen's content: month grid + legend on the left; expired tokens and the
// 90-day agenda on the right. No store: tokens and `now` come in, onOpenEntry goes out.
import { useMemo, useState } from 'react';
import type { Day } from 'date-fns';
import { UrgencyLegend } from './Legend';
import { MonthGrid } from './MonthGrid';
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
  // Re-mounting the grid on "show this day" is the simplest way to jump its focus there.
  const [jump, setJump] = useState<{ to: Date; n: number } | null>(null);

  return (
    <div className="tv-cal">
      <div className="tv-cal-layout">
        <div>
          <UrgencyLegend />
          <MonthGrid
            key={jump?.n ?? 0}
            index={index}
            now={now}
            initialMonth={jump?.to}
            onOpenEntry={onOpenEntry}
            weekStartsOn={weekStartsOn}
          />
        </div>
        <aside>
          <OverdueList overdue={overdue} now={now} onOpenEntry={onOpenEntry} />
          <ExpiryAgenda days={agenda} horizonDays={horizon} onOpenEntry={onOpenEntry} onShowDay={(to) => setJump({ to, n: (jump?.n ?? 0) + 1 })} />
        </aside>
      </div>
    </div>
  );
}
