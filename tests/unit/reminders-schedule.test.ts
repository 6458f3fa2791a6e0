import { describe, expect, it } from 'vitest';
import {
  buildLockedSchedule,
  dueLockedReminders,
  lockedReminderText,
  parseLockedSchedule,
} from '../../electron/reminders/locked-schedule';
import { monthGrid } from '../../electron/reminders/month-grid';
import { dueReminders, dueRotations, expirySummary, leadDaysFor, nextReminderAfter, remindersFor } from '../../electron/reminders/schedule';
import { overdueExpiries, upcomingExpiries } from '../../electron/reminders/upcoming';
import { entry } from './reminders-fixtures';

const DEFAULT = [60, 30, 7, 1];

describe('rotation reminders', () => {
  const trigger = (over: Partial<ReturnType<typeof entry>> = {}) =>
    entry({ id: 't', kind: 'trigger', expiresAt: null, createdAt: '2026-01-01T10:00:00Z', facts: { rotateEveryDays: 90 } as never, ...over });

  it('falls due once, at 00:00 UTC of the rotate-by day, within the checked window only', () => {
    // 2026-01-01T10:00Z + 90 days = 2026-04-01 (rotateBy), fired at 2026-04-01T00:00Z.
    const due = dueRotations([trigger()], new Date('2026-03-31T23:59:00Z'), new Date('2026-04-01T00:00:00Z'));
    expect(due).toEqual([{ entryId: 't', rotateBy: '2026-04-01', fireAt: new Date('2026-04-01T00:00:00Z') }]);
    expect(dueRotations([trigger()], new Date('2026-04-01T00:00:00Z'), new Date('2026-04-01T00:01:00Z'))).toEqual([]);
    expect(dueRotations([trigger()], new Date('2026-03-30T00:00:00Z'), new Date('2026-03-31T23:59:59Z'))).toEqual([]);
  });

  it('moves on after a rotation, and stays silent with no rotate-every, an expiry date, or when revoked', () => {
    const rotated = trigger({ history: [{ at: '2026-03-01T00:00:00Z', action: 'rotated' }] as never });
    const window = [new Date('2026-03-31T00:00:00Z'), new Date('2026-05-31T00:00:00Z')] as const;
    expect(dueRotations([rotated], ...window).map((r) => r.rotateBy)).toEqual(['2026-05-30']);
    expect(dueRotations([trigger({ facts: null })], ...window)).toEqual([]);
    expect(dueRotations([trigger({ expiresAt: '2026-04-01' })], ...window)).toEqual([]);
    expect(dueRotations([trigger({ revoked: true })], ...window)).toEqual([]);
  });
});

describe('lead times', () => {
  it("uses the entry's own lead times, else the vault default, longest first", () => {
    expect(leadDaysFor(entry({ leadDays: [1, 14, 14] }), DEFAULT)).toEqual([14, 1]);
    expect(leadDaysFor(entry({ leadDays: null }), [7, 90])).toEqual([90, 7]);
    expect(leadDaysFor(entry())).toEqual([60, 30, 7, 1]);
  });

  it('fires each reminder exactly N days before the 00:00 UTC cut-off, leap day included', () => {
    const fired = remindersFor(entry({ id: 'a', expiresAt: '2028-03-01' }), DEFAULT).map((r) => [r.leadDays, r.fireAt.toISOString()]);
    expect(fired).toEqual([
      [60, '2028-01-01T00:00:00.000Z'],
      [30, '2028-01-31T00:00:00.000Z'],
      [7, '2028-02-23T00:00:00.000Z'],
      [1, '2028-02-29T00:00:00.000Z'],
    ]);
  });

  it('has no reminders for tokens without expiry or already revoked', () => {
    expect(remindersFor(entry({ expiresAt: null }), DEFAULT)).toEqual([]);
    expect(remindersFor(entry({ expiresAt: '2030-01-01', revoked: true }), DEFAULT)).toEqual([]);
  });
});

describe('dueReminders', () => {
  const a = entry({ id: 'a', expiresAt: '2027-03-01' });
  const b = entry({ id: 'b', expiresAt: '2027-03-08', leadDays: [7] });
  const none = entry({ id: 'n', expiresAt: null });

  it('returns the reminders with from < fireAt <= to, earliest first', () => {
    const due = dueReminders([b, a, none], DEFAULT, new Date('2027-02-21T00:00:00Z'), new Date('2027-03-01T00:00:00Z'));
    expect(due.map((r) => [r.entryId, r.leadDays, r.fireAt.toISOString()])).toEqual([
      ['a', 7, '2027-02-22T00:00:00.000Z'],
      ['a', 1, '2027-02-28T00:00:00.000Z'],
      ['b', 7, '2027-03-01T00:00:00.000Z'],
    ]);
  });

  it('never repeats a reminder in consecutive windows', () => {
    const t0 = new Date('2027-02-22T00:00:00Z');
    const first = dueReminders([a], DEFAULT, new Date(t0.getTime() - 1), t0);
    const second = dueReminders([a], DEFAULT, t0, new Date(t0.getTime() + 60_000));
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(0);
  });

  it('names the next reminder so the scheduler can sleep until then', () => {
    expect(nextReminderAfter([a, b], DEFAULT, new Date('2027-02-22T00:00:00Z'))).toMatchObject({ entryId: 'a', leadDays: 1 });
    expect(nextReminderAfter([a], DEFAULT, new Date('2027-03-01T00:00:00Z'))).toBeNull();
  });
});

describe('upcoming and overdue lists', () => {
  const now = new Date('2027-02-01T00:00:00Z');
  const soon = entry({ name: 'soon', expiresAt: '2027-02-10' });
  const later = entry({ name: 'later', expiresAt: '2027-05-01' });
  const gone = entry({ name: 'gone', expiresAt: '2027-01-05' });
  const older = entry({ name: 'older', expiresAt: '2026-12-01' });
  const revoked = entry({ name: 'revoked', expiresAt: '2027-01-01', revoked: true });
  const never = entry({ name: 'never', expiresAt: null });
  const all = [later, never, gone, revoked, soon, older];

  it('lists live tokens expiring within N days, soonest first', () => {
    expect(upcomingExpiries(all, now, 30).map((i) => i.entry.name)).toEqual(['soon']);
    expect(upcomingExpiries(all, now, 120).map((i) => i.entry.name)).toEqual(['soon', 'later']);
  });

  it('lists expired, unrevoked tokens, longest broken first', () => {
    const overdue = overdueExpiries(all, now);
    expect(overdue.map((i) => i.entry.name)).toEqual(['older', 'gone']);
    expect(overdue.every((i) => i.status === 'expired' && i.daysLeft < 0)).toBe(true);
  });
});

describe('expirySummary', () => {
  it('counts this local month, this week and the overdue, without names', () => {
    const now = new Date('2027-03-10T12:00:00Z');
    const entries = [
      entry({ name: 'secret-project-a', expiresAt: '2027-03-12' }),
      entry({ expiresAt: '2027-03-25' }),
      entry({ expiresAt: '2027-03-31' }),
      entry({ expiresAt: '2027-04-02' }),
      entry({ expiresAt: '2027-03-01' }),
      entry({ expiresAt: '2027-03-20', revoked: true }),
    ];
    const s = expirySummary(entries, now, 'UTC');
    expect(s).toMatchObject({ expiringThisMonth: 3, expiringThisWeek: 1, expired: 1 });
    expect(s.text).toBe('3 tokens expire this month; 1 within 7 days; 1 token already expired.');
    expect(s.text).not.toContain('secret-project-a');
  });

  it("uses the user's month: a 1 April cut-off is still March in Honolulu", () => {
    const now = new Date('2027-03-10T12:00:00Z');
    const entries = [entry({ expiresAt: '2027-04-01' })];
    expect(expirySummary(entries, now, 'Pacific/Honolulu').expiringThisMonth).toBe(1);
    expect(expirySummary(entries, now, 'Pacific/Kiritimati').expiringThisMonth).toBe(0);
  });

  it('says so when nothing is due', () => {
    expect(expirySummary([entry({ expiresAt: null })], new Date('2027-03-10T00:00:00Z'), 'UTC').text).toBe('No token expires this month.');
  });
});

describe('monthGrid', () => {
  const now = new Date('2027-02-15T00:00:00Z');
  const t = entry({ id: 't', name: 'deploy', expiresAt: '2027-03-01' });

  it('puts a token on the day its cut-off falls in the user time zone', () => {
    const day = (tz: string, month: string, date: string) =>
      monthGrid([t], month, { timeZone: tz, now }).weeks.flat().find((d) => d.date === date && d.inMonth);
    expect(day('Pacific/Honolulu', '2027-02', '2027-02-28')?.tokens.map((x) => x.id)).toEqual(['t']);
    expect(day('Pacific/Honolulu', '2027-03', '2027-03-01')?.tokens).toEqual([]);
    expect(day('Pacific/Kiritimati', '2027-03', '2027-03-01')?.tokens).toEqual([{ id: 't', name: 'deploy', status: 'expiring' }]);
  });

  it('covers whole weeks from the chosen first weekday with consecutive, unique days across DST', () => {
    const grid = monthGrid([], '2027-03', { timeZone: 'Europe/Berlin', now });
    const days = grid.weeks.flat();
    expect(grid.weeks.every((w) => w.length === 7)).toBe(true);
    expect(days[0]?.date).toBe('2027-03-01'); // a Monday
    expect(days.filter((d) => d.inMonth)).toHaveLength(31);
    expect(new Set(days.map((d) => d.date)).size).toBe(days.length);
    const sunday = monthGrid([], '2027-03', { timeZone: 'UTC', now, weekStartsOn: 0 });
    expect(sunday.weeks[0]?.[0]?.date).toBe('2027-02-28');
  });

  it('has 29 days in February of a leap year and marks today', () => {
    const grid = monthGrid([], '2028-02', { timeZone: 'UTC', now: new Date('2028-02-29T08:00:00Z') });
    const inMonth = grid.weeks.flat().filter((d) => d.inMonth);
    expect(inMonth).toHaveLength(29);
    expect(inMonth.filter((d) => d.isToday).map((d) => d.date)).toEqual(['2028-02-29']);
  });

  it('refuses a month that is not YYYY-MM', () => {
    expect(() => monthGrid([], '2027-13', { timeZone: 'UTC', now })).toThrow(RangeError);
  });
});

describe('locked-vault schedule', () => {
  const now = new Date('2027-02-01T00:00:00Z');
  const entries = [
    entry({ id: 'id-1', name: 'prod-deploy', instance: 'https://gitlab.corp.example', scopes: ['api'], expiresAt: '2027-03-01' }),
    entry({ id: 'id-2', name: 'old', expiresAt: '2027-01-01' }),
  ];

  it('holds ids, lead times and instants only — no name, instance or scope', () => {
    const schedule = buildLockedSchedule(entries, DEFAULT, now);
    const text = JSON.stringify(schedule);
    expect(text).not.toMatch(/prod-deploy|corp\.example|"api"|"old"/);
    expect(schedule.items.map((i) => [i.entryId, i.leadDays])).toEqual([
      ['id-1', 7],
      ['id-1', 1],
    ]);
    expect(Object.keys(schedule.items[0] ?? {}).sort()).toEqual(['entryId', 'fireAt', 'leadDays']);
  });

  it('round-trips through text and rejects anything with extra fields', () => {
    const schedule = buildLockedSchedule(entries, DEFAULT, now);
    expect(parseLockedSchedule(JSON.stringify(schedule))).toEqual(schedule);
    const tampered = { ...schedule, items: [{ ...schedule.items[0], name: 'leak' }] };
    expect(parseLockedSchedule(JSON.stringify(tampered))).toBeNull();
    expect(parseLockedSchedule('not json')).toBeNull();
  });

  it('says which reminders are due while locked, in words that name no token', () => {
    const schedule = buildLockedSchedule(entries, DEFAULT, now);
    const due = dueLockedReminders(schedule, new Date('2027-02-21T00:00:00Z'), new Date('2027-02-23T00:00:00Z'));
    expect(due).toEqual([{ entryId: 'id-1', leadDays: 7, fireAt: '2027-02-22T00:00:00.000Z' }]);
    expect(lockedReminderText(7)).toBe('A token expires in 7 days. Unlock Token Vault to see which.');
  });
});
