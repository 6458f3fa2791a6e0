// The renderer's calendar maths (renderer/src/calendar/model.ts) runs in the system time
// zone, as the renderer does; these tests switch the process's TZ to place themselves.
import { afterAll, describe, expect, it } from 'vitest';
import {
  agendaDays,
  indexByDay,
  localDayOf,
  weekRows,
  overdueTokens,
  summaryCounts,
  summaryHorizon,
  summaryWords,
  urgencyOf,
  type CalendarToken,
} from '../../renderer/src/calendar/model';

const originalTz = process.env.TZ;
afterAll(() => {
  process.env.TZ = originalTz;
});
function inZone(tz: string) {
  process.env.TZ = tz;
}

let n = 0;
const token = (expiresAt: string | null, over: Partial<CalendarToken> = {}): CalendarToken => ({
  id: `t${++n}`,
  name: `token ${n}`,
  expiresAt,
  status: 'active',
  kind: 'personal',
  instance: null,
  ...over,
});

describe('calendar model', () => {
  it('puts a 2027-03-01 token on 28 February in Honolulu and on 1 March in Kiritimati', () => {
    inZone('Pacific/Honolulu');
    expect(localDayOf('2027-03-01')).toBe('2027-02-28');
    const t = token('2027-03-01');
    expect(indexByDay([t], new Date('2027-01-01T00:00:00Z')).get('2027-02-28')?.[0]).toMatchObject({ localTime: '14:00' });
    inZone('Pacific/Kiritimati');
    expect(localDayOf('2027-03-01')).toBe('2027-03-01');
    expect(indexByDay([t], new Date('2027-01-01T00:00:00Z')).get('2027-03-01')?.[0]).toMatchObject({ localTime: '14:00' });
  });

  it('grades urgency from the cut-off instant and the main-side status', () => {
    inZone('UTC');
    const now = new Date('2027-03-01T12:00:00Z');
    expect(urgencyOf(token('2027-03-01'), now)).toBe('expired');
    expect(urgencyOf(token('2027-03-08'), now)).toBe('critical');
    expect(urgencyOf(token('2027-03-20'), now)).toBe('soon');
    expect(urgencyOf(token('2027-06-01'), now)).toBe('later');
    expect(urgencyOf(token('2027-06-01', { status: 'revoked' }), now)).toBe('revoked');
  });

  it('lists a day most urgent first, then by name, and leaves out tokens without expiry', () => {
    inZone('UTC');
    const now = new Date('2027-03-01T12:00:00Z');
    const day = [token('2027-03-05', { name: 'b' }), token('2027-03-05', { name: 'a', status: 'revoked' }), token('2027-03-05', { name: 'a' }), token(null)];
    const index = indexByDay(day, now);
    expect([...index.keys()]).toEqual(['2027-03-05']);
    expect(index.get('2027-03-05')?.map((p) => [p.token.name, p.urgency])).toEqual([
      ['a', 'critical'],
      ['b', 'critical'],
      ['a', 'revoked'],
    ]);
  });

  it('builds whole weeks from the week that holds the given day, consecutive and unique across a DST change', () => {
    inZone('Europe/Berlin');
    // Wednesday 24 March 2027; the clocks go forward on Sunday 28 March.
    const weeks = weekRows(new Date(2027, 2, 24, 15), 5, 1);
    const days = weeks.flat();
    expect(weeks).toHaveLength(5);
    expect(weeks.every((w) => w.length === 7)).toBe(true);
    expect(days[0]).toEqual(new Date(2027, 2, 22));
    expect(days.at(-1)).toEqual(new Date(2027, 3, 25));
    for (let i = 1; i < days.length; i++) {
      expect(days[i]!.getDate()).not.toBe(days[i - 1]!.getDate());
      expect(Math.round((days[i]!.getTime() - days[i - 1]!.getTime()) / 3_600_000)).toBeGreaterThanOrEqual(23);
    }
  });

  it('starts on the week start asked for, and crosses 29 February 2028', () => {
    inZone('UTC');
    const sundayFirst = weekRows(new Date(2028, 1, 23), 2, 0).flat();
    expect(sundayFirst[0]).toEqual(new Date(2028, 1, 20));
    expect(sundayFirst.map((d) => d.getDate())).toEqual([20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 1, 2, 3, 4]);
  });

  it('builds the agenda from today, skipping the expired, and lists the overdue oldest first', () => {
    inZone('UTC');
    const now = new Date('2027-03-01T12:00:00Z');
    const tokens = [token('2027-03-03', { name: 'soon' }), token('2027-07-01', { name: 'beyond' }), token('2027-03-01', { name: 'today-gone' }), token('2027-02-01', { name: 'older' })];
    const agenda = agendaDays(indexByDay(tokens, now), now, 90);
    expect(agenda.map((d) => [d.day, d.offset, d.tokens.map((p) => p.token.name)])).toEqual([['2027-03-03', 2, ['soon']]]);
    expect(overdueTokens(tokens, now).map((p) => p.token.name)).toEqual(['older', 'today-gone']);
  });

  it('counts the next 30 days (a rolling window), this week and the overdue for the home summary', () => {
    inZone('UTC');
    const now = new Date('2027-03-10T12:00:00Z');
    const tokens = [token('2027-03-12'), token('2027-03-30'), token('2027-04-02'), token('2027-04-30'), token('2027-03-01'), token('2027-03-20', { status: 'revoked' }), token(null)];
    expect(summaryCounts(tokens, now)).toEqual({ upcoming: 3, thisWeek: 1, expired: 1, horizonDays: 30 });
    expect(summaryCounts(tokens, now, 60).upcoming).toBe(4);
  });

  it('on the 30th of a month, a token 19 days away still counts (not "this month")', () => {
    inZone('UTC');
    const now = new Date('2027-03-30T09:00:00Z');
    expect(summaryCounts([token('2027-04-18')], now)).toMatchObject({ upcoming: 1 });
    expect(summaryWords(summaryCounts([token('2027-04-18')], now)).headline).toBe('1 token expires in the next 30 days');
  });

  it('looks as far ahead as the largest lead time, never less than 30 days', () => {
    expect(summaryHorizon([60, 30, 7, 1])).toBe(60);
    expect(summaryHorizon([7, 1])).toBe(30);
    expect(summaryHorizon([])).toBe(30);
  });
});

describe('summary words', () => {
  it('leads with the next N days, else the overdue; never speaks of the calendar month', () => {
    expect(summaryWords({ upcoming: 3, thisWeek: 1, expired: 2, horizonDays: 30 })).toEqual({
      headline: '3 tokens expire in the next 30 days',
      details: ['1 in the next 7 days', '2 tokens already expired'],
    });
    expect(summaryWords({ upcoming: 1, thisWeek: 1, expired: 0, horizonDays: 60 })).toEqual({ headline: '1 token expires in the next 60 days', details: ['1 in the next 7 days'] });
    expect(summaryWords({ upcoming: 0, thisWeek: 0, expired: 1, horizonDays: 30 })).toEqual({ headline: '1 token already expired', details: ['nothing else expires in the next 30 days'] });
    expect(summaryWords({ upcoming: 0, thisWeek: 0, expired: 0, horizonDays: 30 })).toEqual({ headline: 'No token expires in the next 30 days', details: [] });
  });
});
