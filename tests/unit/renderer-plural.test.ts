import { describe, expect, it } from 'vitest';
import { describeExpiry } from '../../renderer/src/lib/dates';
import { count, formFor, verb } from '../../renderer/src/lib/plural';

describe('counts in good English', () => {
  it('says "1 token" and "0 tokens", "2 tokens"', () => {
    expect(count(1, 'token')).toBe('1 token');
    expect(count(0, 'token')).toBe('0 tokens');
    expect(count(2, 'token')).toBe('2 tokens');
    expect(count(1.5, 'day')).toBe('1.5 days');
  });

  it('takes irregular forms and agrees the verb', () => {
    expect(count(1, { one: 'entry', other: 'entries' })).toBe('1 entry');
    expect(formFor(3, { one: 'entry', other: 'entries' })).toBe('entries');
    expect(verb(1, 'expires', 'expire')).toBe('expires');
    expect(verb(4, 'expires', 'expire')).toBe('expire');
  });

  it('counts days left in an expiry as well', () => {
    const now = new Date('2027-03-10T12:00:00Z');
    // Calendar days to the cut-off's day, as the calendar counts them (lib/dates.ts daysUntil).
    expect(describeExpiry('2027-03-11', now)).toMatch(/^Expires tomorrow \(/);
    expect(describeExpiry('2027-03-12', now)).toMatch(/^Expires in 2 days \(/);
    expect(describeExpiry('2027-03-20', now)).toMatch(/^Expires in 10 days \(/);
  });
});
