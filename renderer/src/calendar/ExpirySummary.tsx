// The home screen's one line: "3 tokens expire in the next 30 days" (or the user's largest
// lead time). Names no token; a click opens the calendar.
import { useMemo } from 'react';
import { summaryCounts, summaryWords, type CalendarToken, type Urgency } from './model';
import './calendar.css';

export interface ExpirySummaryProps {
  tokens: CalendarToken[];
  now: Date;
  /** Days ahead the headline speaks of; see summaryHorizon. */
  horizonDays?: number;
  onOpenCalendar?(): void;
}

export function ExpirySummary({ tokens, now, horizonDays = 30, onOpenCalendar }: ExpirySummaryProps) {
  const minute = Math.floor(now.getTime() / 60_000);
  // Recount once a minute, not per render.
  const counts = useMemo(() => summaryCounts(tokens, now, horizonDays), [tokens, minute, horizonDays]);
  const urgency: Urgency = counts.expired ? 'expired' : counts.thisWeek ? 'critical' : counts.upcoming ? 'soon' : 'later';
  const { headline, details } = summaryWords(counts);
  const detailText = details.filter(Boolean).join(' · ');
  return (
    <div className="tv-cal">
      <button type="button" className={`tv-cal-summary u-${urgency}`} onClick={onOpenCalendar} aria-label={`${headline}${detailText ? `; ${detailText}` : ''}. Open the calendar.`}>
        <span>
          <strong className="tv-cal-summary-text">{headline}</strong>
          {detailText && <span className="tv-cal-summary-sub">{detailText}</span>}
        </span>
      </button>
    </div>
  );
}
