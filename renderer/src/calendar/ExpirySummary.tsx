// The home screen's one line: "3 tokens expire this month". Names no token; a click opens
// the calendar.
import { useMemo } from 'react';
import { plural, summaryCounts, type CalendarToken, type Urgency } from './model';
import './calendar.css';

export interface ExpirySummaryProps {
  tokens: CalendarToken[];
  now: Date;
  onOpenCalendar?(): void;
}

export function ExpirySummary({ tokens, now, onOpenCalendar }: ExpirySummaryProps) {
  const minute = Math.floor(now.getTime() / 60_000);
  // Recount once a minute, not per render.
  const counts = useMemo(() => summaryCounts(tokens, now), [tokens, minute]);
  const urgency: Urgency = counts.expired ? 'expired' : counts.thisWeek ? 'critical' : counts.thisMonth ? 'soon' : 'later';
  const headline = counts.thisMonth
    ? `${plural(counts.thisMonth, 'token')} ${counts.thisMonth === 1 ? 'expires' : 'expire'} this month`
    : 'No token expires this month';
  const details = [counts.thisWeek ? `${counts.thisWeek} in the next 7 days` : '', counts.expired ? `${plural(counts.expired, 'token')} already expired` : '']
    .filter(Boolean)
    .join(' · ');
  return (
    <div className="tv-cal">
      <button type="button" className={`tv-cal-summary u-${urgency}`} onClick={onOpenCalendar} aria-label={`${headline}${details ? `; ${details}` : ''}. Open the calendar.`}>
        <span>
          <p className="tv-cal-summary-text">
            <strong>{headline}</strong>
          </p>
          {details && <p className="tv-cal-summary-sub">{details}</p>}
        </span>
      </button>
    </div>
  );
}
