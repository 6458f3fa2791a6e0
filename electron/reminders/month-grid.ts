// A month as weeks × days, each day holding the tokens whose cut-off falls on it as the
// user's clock sees it (a 2027-03-01 token sits on 28 February in Honolulu). Entries are
// bucketed once per call, so a month of a 10,000-token vault costs one pass, not 42.
import type { EntryOverview } from '../vault/types';
import { expiryInstant } from './expiry';
import { entryStatus, type EntryStatus } from './status';
import { addDays, localDate, weekday, type IsoDate } from './time-zone';

export interface GridToken {
  id: string;
  name: string;
  status: EntryStatus;
}

export interface GridDay {
  date: IsoDate;
  inMonth: boolean;
  isToday: boolean;
  tokens: GridToken[];
}

export interface MonthGrid {
  /** YYYY-MM */
  month: string;
  weeks: GridDay[][];
}

export interface MonthGridOptions {
  timeZone: string;
  now: Date;
  /** 0 = Sunday, 1 = Monday (default). */
  weekStartsOn?: number;
}

/** The local day each token's cut-off falls on. */
export function tokensByLocalDay(entries: EntryOverview[], now: Date, timeZone: string): Map<IsoDate, GridToken[]> {
  const byDay = new Map<IsoDate, GridToken[]>();
  // Intl formatting dominates at 10,000 tokens; tokens share dates, so format each date once.
  const dayOf = new Map<IsoDate, IsoDate>();
  for (const e of entries) {
    if (!e.expiresAt) continue;
    let day = dayOf.get(e.expiresAt);
    if (day === undefined) {
      day = localDate(expiryInstant(e.expiresAt), timeZone);
      dayOf.set(e.expiresAt, day);
    }
    const list = byDay.get(day) ?? [];
    list.push({ id: e.id, name: e.name, status: entryStatus(e, now) });
    byDay.set(day, list);
  }
  for (const list of byDay.values()) list.sort((a, b) => a.name.localeCompare(b.name));
  return byDay;
}

/** `month` is YYYY-MM; any month, past or future. Always whole weeks (4–6 rows). */
export function monthGrid(entries: EntryOverview[], month: string, opts: MonthGridOptions): MonthGrid {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new RangeError(`"${month}" is not a month; write it YYYY-MM.`);
  const weekStartsOn = opts.weekStartsOn ?? 1;
  const byDay = tokensByLocalDay(entries, opts.now, opts.timeZone);
  const today = localDate(opts.now, opts.timeZone);
  const first = `${month}-01`;
  let day = addDays(first, -((weekday(first) - weekStartsOn + 7) % 7));
  const weeks: GridDay[][] = [];
  do {
    const week: GridDay[] = [];
    for (let i = 0; i < 7; i++) {
      week.push({ date: day, inMonth: day.startsWith(month), isToday: day === today, tokens: byDay.get(day) ?? [] });
      day = addDays(day, 1);
    }
    weeks.push(week);
  } while (day.startsWith(month));
  return { month, weeks };
}
