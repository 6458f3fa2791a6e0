// The month grid: tokens on the local day their 00:00 UTC cut-off falls, coloured by urgency.
// One tab stop for the whole grid (aria-activedescendant), arrows move the focused day,
// PageUp/PageDown change month (with Shift: year), Home/End go to the week's ends, T = today,
// Enter moves into the focused day's list of tokens.
// Cells show at most a few names and "+N more"; the focused day's full list sits below.
import { addDays, addMonths, addYears, endOfWeek, format, isSameDay, isSameMonth, startOfMonth, startOfWeek, type Day } from 'date-fns';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { DayTokenList } from './DayTokenList';
import { dayKey, monthWeeks, type DayIndex } from './model';

export interface MonthGridProps {
  index: DayIndex;
  now: Date;
  onOpenEntry(id: string): void;
  /** Called when the shown month changes (first day of that month). */
  onMonthChange?(month: Date): void;
  initialMonth?: Date;
  weekStartsOn?: Day;
  /** Names shown in a cell before "+N more". */
  namesPerDay?: number;
}

export function MonthGrid({ index, now, onOpenEntry, onMonthChange, initialMonth, weekStartsOn = 1, namesPerDay = 3 }: MonthGridProps) {
  const [focused, setFocused] = useState<Date>(() => initialMonth ?? now);
  const month = startOfMonth(focused);
  const monthKey = dayKey(month);
  const weeks = useMemo(() => monthWeeks(new Date(`${monthKey}T00:00:00`), weekStartsOn), [monthKey, weekStartsOn]);
  const gridId = useId();
  const dayListRef = useRef<HTMLElement>(null);
  const cellId = (d: Date) => `${gridId}-${dayKey(d)}`;

  // Report month changes only: an inline callback from the parent must not re-fire it.
  const onMonthChangeRef = useRef(onMonthChange);
  onMonthChangeRef.current = onMonthChange;
  useEffect(() => {
    onMonthChangeRef.current?.(new Date(`${monthKey}T00:00:00`));
  }, [monthKey]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Enter' || e.key === ' ') {
      const first = dayListRef.current?.querySelector('button');
      if (first) {
        e.preventDefault();
        first.focus();
      }
      return;
    }
    const moves: Record<string, () => Date> = {
      ArrowLeft: () => addDays(focused, -1),
      ArrowRight: () => addDays(focused, 1),
      ArrowUp: () => addDays(focused, -7),
      ArrowDown: () => addDays(focused, 7),
      PageUp: () => (e.shiftKey ? addYears(focused, -1) : addMonths(focused, -1)),
      PageDown: () => (e.shiftKey ? addYears(focused, 1) : addMonths(focused, 1)),
      Home: () => startOfWeek(focused, { weekStartsOn }),
      End: () => endOfWeek(focused, { weekStartsOn }),
      t: () => now,
      T: () => now,
    };
    const move = moves[e.key];
    if (!move) return;
    e.preventDefault();
    setFocused(move());
  };

  const focusedList = index.get(dayKey(focused)) ?? [];
  const weekdayNames = weeks[0]?.map((d) => format(d, 'EEE')) ?? [];

  return (
    <div className="tv-cal-month">
      <div className="tv-cal-toolbar">
        <h2 className="tv-cal-title" aria-live="polite">
          {format(month, 'MMMM yyyy')}
        </h2>
        <button type="button" className="tv-cal-navbtn" onClick={() => setFocused(addMonths(focused, -1))} aria-label="Previous month">
          ‹
        </button>
        <button type="button" className="tv-cal-navbtn" onClick={() => setFocused(now)}>
          Today
        </button>
        <button type="button" className="tv-cal-navbtn" onClick={() => setFocused(addMonths(focused, 1))} aria-label="Next month">
          ›
        </button>
      </div>
      <div
        className="tv-cal-grid"
        role="grid"
        tabIndex={0}
        aria-label={`Token expiries, ${format(month, 'MMMM yyyy')}. Arrow keys move between days, Page Up and Page Down change month, T goes to today, Enter lists the day's tokens.`}
        aria-activedescendant={cellId(focused)}
        onKeyDown={onKeyDown}
      >
        <div role="row">
          {weekdayNames.map((name) => (
            <div key={name} role="columnheader" className="tv-cal-weekday">
              {name}
            </div>
          ))}
        </div>
        {weeks.map((week) => (
          <div role="row" key={dayKey(week[0] as Date)}>
            {week.map((day) => {
              const list = index.get(dayKey(day)) ?? [];
              const shown = list.slice(0, namesPerDay);
              const classes = ['tv-cal-day', isSameMonth(day, month) ? '' : 'is-outside', isSameDay(day, now) ? 'is-today' : '', isSameDay(day, focused) ? 'is-focused' : '']
                .filter(Boolean)
                .join(' ');
              return (
                <div
                  key={dayKey(day)}
                  id={cellId(day)}
                  role="gridcell"
                  aria-selected={isSameDay(day, focused)}
                  aria-label={`${format(day, 'EEEE d MMMM yyyy')}: ${list.length === 0 ? 'no expiries' : `${list.length} expir${list.length === 1 ? 'y' : 'ies'}`}`}
                  className={classes}
                  onClick={() => setFocused(day)}
                >
                  <span className="tv-cal-daynum" aria-hidden="true">
                    {format(day, 'd')}
                  </span>
                  {shown.map(({ token, urgency }) => (
                    <button
                      key={token.id}
                      type="button"
                      tabIndex={-1}
                      className={`tv-cal-chip u-${urgency}`}
                      title={`${token.name} — ${urgency}`}
                      onClick={(e) => {
                        e.stopPropagation();
                        onOpenEntry(token.id);
                      }}
                    >
                      {token.name}
                    </button>
                  ))}
                  {list.length > shown.length && (
                    <button type="button" tabIndex={-1} className="tv-cal-more" onClick={() => setFocused(day)}>
                      +{list.length - shown.length} more
                    </button>
                  )}
                </div>
              );
            })}
          </div>
        ))}
      </div>
      <DayTokenList ref={dayListRef} key={dayKey(focused)} day={focused} now={now} tokens={focusedList} onOpenEntry={onOpenEntry} />
    </div>
  );
}
