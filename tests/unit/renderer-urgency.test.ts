// One count of "in N days" for the list and the calendar, chips on the calendar's levels, and
// a token made with the 30-day preset not "expiring" on its first day (issue 15, items 4, 5).
import { describe, expect, it } from 'vitest';
import type { Entry } from '../../electron/api';
import { entryStatus, windowForLife } from '../../electron/reminders/status';
import { agendaDays, describeOffset, indexByDay } from '../../renderer/src/calendar/model';
import { daysUntil, describeExpiry, inDays } from '../../renderer/src/lib/dates';
import { chipOf } from '../../renderer/src/lib/entry';

const at = (iso: string) => new Date(iso);

describe('"in N days" is counted once, for the list and the calendar', () => {
  const cases: Array<[string, string]> = [
    ['2027-03-10T12:00:00Z', '2027-03-12'],
    ['2027-03-10T23:30:00Z', '2027-03-11'],
    ['2027-03-10T00:30:00Z', '2027-03-25'],
    ['2027-03-10T18:00:00Z', '2027-06-01'],
  ];
  it.each(cases)('now %s, expiry %s: the list says what the agenda says', (nowIso, day) => {
    const now = at(nowIso);
    const token = { id: 't', name: 't', expiresAt: day, status: 'active' as const, kind: 'personal', instance: null };
    const agenda = agendaDays(indexByDay([token], now), now, 120);
    expect(agenda).toHaveLength(1);
    const offset = agenda[0]!.offset;
    expect(daysUntil(day, now)).toBe(offset);
    expect(describeExpiry(day, now)).toContain(describeOffset(offset));
  });

  it('speaks plainly on both sides of today', () => {
    expect([inDays(0), inDays(1), inDays(2), inDays(-1), inDays(-4)]).toEqual(['today', 'tomorrow', 'in 2 days', 'yesterday', '4 days ago']);
  });
});

describe('urgency', () => {
  const base = { revoked: false, leadDays: null, gitlab: { tokenId: null, userId: null, username: null, target: null, accessLevel: null, active: null, revoked: null } };
  it('a token created with the 30-day preset is active at first and expiring at 7 days', () => {
    const created = at('2027-03-10T09:00:00Z');
    const token = { ...base, expiresAt: '2027-04-09', history: [{ at: created.toISOString(), action: 'created' as const }] };
    expect(windowForLife(token)).toBe(7);
    expect(entryStatus(token, created)).toBe('active');
    expect(entryStatus(token, at('2027-04-03T12:00:00Z'))).toBe('expiring');
    // A 90-day token keeps the usual 30-day window, and an imported one is news: full window.
    expect(windowForLife({ ...token, expiresAt: '2027-06-08' })).toBe(30);
    expect(entryStatus({ ...token, history: [{ at: created.toISOString(), action: 'imported' as const }] }, created)).toBe('expiring');
    // A short-lived token is within 7 days from the start: expiring at once.
    expect(entryStatus({ ...token, expiresAt: '2027-03-15' }, created)).toBe('expiring');
  });

  it('chips use the calendar levels', () => {
    const now = at('2027-03-10T12:00:00Z');
    const chip = (status: Entry['status'], expiresAt: string | null) => chipOf({ status, expiresAt }, now).label;
    expect(chip('expiring', '2027-03-14')).toBe('Within 7 days');
    expect(chip('expiring', '2027-03-30')).toBe('Within 30 days');
    expect(chip('active', '2027-06-30')).toBe('Active');
    expect(chip('expired', '2027-03-01')).toBe('Expired');
    expect(chip('revoked', '2027-06-30')).toBe('Revoked');
  });
});
