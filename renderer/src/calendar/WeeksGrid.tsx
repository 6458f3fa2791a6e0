// The grid: five weeks from the week that holds today (not from the 1st of the month, so the
// weeks ahead are always in view), tokens on the local day their 00:00 UTC cut-off falls,
// coloured by urgency. One tab stop for the whole grid (aria-activedescendant): arrows move
// the focused day (the grid scrolls a week when it leaves the view), PageUp/PageDown page four
// weeks (the last week stays as the first; with Shift: a year), Home/End go to the week's ends,
// T = today, Enter moves into the focused day's list of tokens.
// Cells show at most a few names and "+N more"; the focused day's full list sits below.
import { addDays, addWeeks, differenceInCalendarWeeks, endOfWeek, isBefore, isSameDay, startOfDay, startOfWeek, type Day } from 'date-fns';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { formatLocalSpan, formatLongLocalDay, formatShortLocalDay, formatWeekday } from '../lib/dates';
import { DayTokenList } from './DayTokenList';
import { dayKey, placedLabel, weekRows, type DayIndex } from './model';

/** Weeks in view, and how far a page moves (one week of overlap keeps the reader's place). */
export const WEEKS_SHOWN = 5;
const PAGE_WEEKS = WEEKS_SHOWN - 1;

export interface WeeksGridProps {
  index: DayIndex;
  now: Date;
  onOpenEntry(id: string): void;
  /** The day focused at first (default today); the view starts at its week. */
  initialDay?: Date;
  /** Take keyboard focus when mounted (after "+N more on …" in the agenda). */
  autoFocus?: boolean;
  weekStartsOn?: Day;
  /** Names shown in a cell before "+N more". */
  namesPerDay?: number;
}

function scrollPaneTo(el: HTMLElement) {
  let pane = el.parentElement;
  while (pane && !/(auto|scroll)/.test(getComputedStyle(pane).overflowY)) pane = pane.parentElement;
  if (pane) pane.scrollTop += el.getBoundingClientRect().top - pane.getBoundingClientRect().top - 8;
}

/** "Nov 30, 2026 – Jan 3, 2027", "Mar 1 – 28, 2027": the span of days in view. */
const spanTitle = (first: Date, last: Date): string => formatLocalSpan(first, last);

export function WeeksGrid({ index, now, onOpenEntry, initialDay, autoFocus = false, weekStartsOn = 1, namesPerDay = 3 }: WeeksGridProps) {
  const [focused, setFocused] = useState<Date>(() => initialDay ?? now);
  const [start, setStart] = useState<Date>(() => startOfWeek(initialDay ?? now, { weekStartsOn }));
  const startKey = dayKey(start);
  const weeks = useMemo(() => weekRows(new Date(`${startKey}T00:00:00`), WEEKS_SHOWN, weekStartsOn), [startKey, weekStartsOn]);
  const first = weeks[0]?.[0] as Date;
  const last = weeks.at(-1)?.[6] as Date;
  const gridId = useId();
  const gridRef = useRef<HTMLDivElement>(null);
  const dayListRef = useRef<HTMLElement>(null);
  const cellId = (d: Date) => `${gridId}-${dayKey(d)}`;
  const today = startOfDay(now);

  const blockRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!autoFocus) return;
    // Show the span title and weekdays too, not just the grid's first cells. Only the nearest
    // scrolling pane moves: scrollIntoView would also shift overflow-hidden ancestors (the
    // app's frame) and push its top bar out of sight.
    gridRef.current?.focus({ preventScroll: true });
    if (blockRef.current) scrollPaneTo(blockRef.current);
  }, [autoFocus]);

  /** Focus a day; when it is out of view, scroll the view by whole weeks just enough to show it. */
  const focusDay = (day: Date) => {
    setFocused(day);
    const week = startOfWeek(day, { weekStartsOn });
    const ahead = differenceInCalendarWeeks(week, start, { weekStartsOn });
    if (ahead < 0) setStart(week);
    else if (ahead >= WEEKS_SHOWN) setStart(addWeeks(week, -(WEEKS_SHOWN - 1)));
  };
  /** Page the view (and the focused day with it). */
  const page = (weeksBy: number) => {
    setStart(addWeeks(start, weeksBy));
    setFocused(addWeeks(focused, weeksBy));
  };
  const goToday = () => {
    setStart(startOfWeek(now, { weekStartsOn }));
    setFocused(now);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Enter' || e.key === ' ') {
      const firstToken = dayListRef.current?.querySelector('button');
      if (firstToken) {
        e.preventDefault();
        firstToken.focus();
      }
      return;
    }
    const moves: Record<string, () => void> = {
      ArrowLeft: () => focusDay(addDays(focused, -1)),
      ArrowRight: () => focusDay(addDays(focused, 1)),
      ArrowUp: () => focusDay(addDays(focused, -7)),
      ArrowDown: () => focusDay(addDays(focused, 7)),
      PageUp: () => page(e.shiftKey ? -52 : -PAGE_WEEKS),
      PageDown: () => page(e.shiftKey ? 52 : PAGE_WEEKS),
      Home: () => focusDay(startOfWeek(focused, { weekStartsOn })),
      End: () => focusDay(endOfWeek(focused, { weekStartsOn })),
      t: goToday,
      T: goToday,
    };
    const move = moves[e.key];
    if (!move) return;
    e.preventDefault();
    move();
  };

  const focusedList = index.get(dayKey(focused)) ?? [];
  const weekdayNames = weeks[0]?.map((d) => formatWeekday(d)) ?? [];
  const title = spanTitle(first, last);

  return (
    <div className="tv-cal-month" ref={blockRef}>
      <div className="tv-cal-toolbar">
        <h2 className="tv-cal-title" aria-live="polite">
          {title}
        </h2>
        <button type="button" className="tv-cal-navbtn" onClick={() => page(-PAGE_WEEKS)} aria-label="Previous weeks" title="Previous weeks (Page Up)">
          ‹
        </button>
        <button type="button" className="tv-cal-navbtn" onClick={goToday} title="This week (T)">
          Today
        </button>
        <button type="button" className="tv-cal-navbtn" onClick={() => page(PAGE_WEEKS)} aria-label="Next weeks" title="Next weeks (Page Down)">
          ›
        </button>
      </div>
      <div
        ref={gridRef}
        className="tv-cal-grid"
        role="grid"
        tabIndex={0}
        aria-label={`Token expiries, ${title}. Arrow keys move between days, Page Up and Page Down move four weeks, T goes to today, Enter lists the day's tokens.`}
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
              // The month's name where a month starts (and on the first cell), as the rows cross months.
              const label = day.getDate() === 1 || isSameDay(day, first) ? formatShortLocalDay(day) : String(day.getDate());
              const classes = [
                'tv-cal-day',
                day.getMonth() % 2 ? 'is-odd-month' : '',
                isBefore(day, today) ? 'is-past' : '',
                isSameDay(day, now) ? 'is-today' : '',
                isSameDay(day, focused) ? 'is-focused' : '',
              ]
                .filter(Boolean)
                .join(' ');
              return (
                <div
                  key={dayKey(day)}
                  id={cellId(day)}
                  role="gridcell"
                  aria-selected={isSameDay(day, focused)}
                  aria-label={`${formatLongLocalDay(day)}: ${list.length === 0 ? 'no expiries' : `${list.length} expir${list.length === 1 ? 'y' : 'ies'}`}`}
                  className={classes}
                  onClick={() => setFocused(day)}
                >
                  <span className="tv-cal-daynum" aria-hidden="true">
                    {label}
                  </span>
                  {shown.map((placed) => (
                    <button
                      key={placed.token.id}
                      type="button"
                      tabIndex={-1}
                      className={`tv-cal-chip u-${placed.urgency}${placed.rotation ? ' is-rotation' : ''}`}
                      title={`${placed.token.name} — ${placed.rotation ? 'rotation due' : placed.urgency}`}
                      onClick={(e) => {
                        e.stopPropagation();
                        onOpenEntry(placed.token.id);
                      }}
                    >
                      {placedLabel(placed)}
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
