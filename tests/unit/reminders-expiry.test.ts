import { describe, expect, it } from 'vitest';
import { daysLeft, describeTimeLeft, expiryInstant, isExpired, localExpiry } from '../../electron/reminders/expiry';
import { entryStatus } from '../../electron/reminders/status';
import { addDays, daysBetween, localDate } from '../../electron/reminders/time-zone';
import { entry } from './reminders-fixtures';

describe('the 00:00 UTC cut-off seen from local time', () => {
  it('is the afternoon before in Honolulu (UTC−10)', () => {
    expect(localExpiry('2027-03-01', 'Pacific/Honolulu')).toEqual({ date: '2027-02-28', time: '14:00' });
  });

  it('is the afternoon of the same day in Kiritimati (UTC+14)', () => {
    expect(localExpiry('2027-03-01', 'Pacific/Kiritimati')).toEqual({ date: '2027-03-01', time: '14:00' });
  });

  it('is the same instant everywhere: days left do not depend on the time zone', () => {
    const now = new Date('2027-02-28T13:00:00Z');
    expect(daysLeft('2027-03-01', now)).toBeCloseTo(11 / 24, 10);
    // 13:00 UTC is 03:00 on the 28th in Honolulu and 03:00 on 1 March in Kiritimati.
    expect(localDate(now, 'Pacific/Honolulu')).toBe('2027-02-28');
    expect(localDate(now, 'Pacific/Kiritimati')).toBe('2027-03-01');
  });

  it('counts a token as expired from the cut-off instant, not from local midnight', () => {
    expect(isExpired('2027-03-01', new Date('2027-02-28T23:59:59Z'))).toBe(false);
    expect(isExpired('2027-03-01', new Date('2027-03-01T00:00:00Z'))).toBe(true);
  });
});

describe('DST changes', () => {
  it('keeps the cut-off hour right on both sides of the US spring change (2027-03-14)', () => {
    expect(localExpiry('2027-03-14', 'America/New_York')).toEqual({ date: '2027-03-13', time: '19:00' });
    expect(localExpiry('2027-03-15', 'America/New_York')).toEqual({ date: '2027-03-14', time: '20:00' });
  });

  it('keeps the cut-off hour right on both sides of the EU autumn change (2027-10-31)', () => {
    expect(localExpiry('2027-10-31', 'Europe/Berlin')).toEqual({ date: '2027-10-31', time: '02:00' });
    expect(localExpiry('2027-11-01', 'Europe/Berlin')).toEqual({ date: '2027-11-01', time: '01:00' });
  });

  it('counts a week across a DST change as exactly seven days', () => {
    expect(daysLeft('2027-04-01', new Date('2027-03-25T00:00:00Z'))).toBe(7);
    expect(daysBetween('2027-03-25', '2027-04-01')).toBe(7);
  });
});

describe('leap days', () => {
  it('handles a token expiring on 29 February', () => {
    expect(expiryInstant('2028-02-29').toISOString()).toBe('2028-02-29T00:00:00.000Z');
    expect(daysLeft('2028-02-29', new Date('2028-02-28T00:00:00Z'))).toBe(1);
    expect(localExpiry('2028-02-29', 'Pacific/Honolulu').date).toBe('2028-02-28');
  });

  it('steps through 29 February in leap years only', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(daysBetween('2028-02-01', '2028-03-01')).toBe(29);
  });
});

describe('entryStatus', () => {
  const now = new Date('2027-01-01T12:00:00Z');

  it('is unknown without an expiry date', () => {
    expect(entryStatus(entry({ expiresAt: null }), now)).toBe('unknown');
  });

  it('is expired once the cut-off has passed', () => {
    expect(entryStatus(entry({ expiresAt: '2026-12-31' }), now)).toBe('expired');
    expect(entryStatus(entry({ expiresAt: '2027-01-01' }), now)).toBe('expired');
  });

  it('is expiring within 30 days and active beyond', () => {
    expect(entryStatus(entry({ expiresAt: '2027-01-31' }), now)).toBe('expiring');
    expect(entryStatus(entry({ expiresAt: '2027-02-01' }), now)).toBe('active');
  });

  it("is expiring within the entry's own largest lead time when that is longer than 30 days", () => {
    expect(entryStatus(entry({ expiresAt: '2027-02-10', leadDays: [45, 7] }), now)).toBe('expiring');
    expect(entryStatus(entry({ expiresAt: '2027-02-10', leadDays: [7] }), now)).toBe('active');
  });

  it('is revoked whatever the date says, whether the user or GitLab revoked it', () => {
    expect(entryStatus(entry({ expiresAt: '2026-01-01', revoked: true }), now)).toBe('revoked');
    const gitlab = { ...entry().gitlab, revoked: true };
    expect(entryStatus(entry({ expiresAt: '2030-01-01', gitlab }), now)).toBe('revoked');
  });
});

describe('describeTimeLeft', () => {
  it('speaks in days, hours, or past tense', () => {
    expect(describeTimeLeft('2027-03-01', new Date('2027-02-26T00:00:00Z'))).toBe('in 3 days');
    expect(describeTimeLeft('2027-03-01', new Date('2027-02-28T19:00:00Z'))).toBe('in 5 hours');
    expect(describeTimeLeft('2027-03-01', new Date('2027-03-03T01:00:00Z'))).toBe('2 days ago');
  });
});
