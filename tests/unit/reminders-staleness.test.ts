// Secrets that never expire get an age and, when set, a rotation reminder (issue 22); secrets of the
// other kinds that do expire (a deploy token's date) are in the expiry lists like access tokens.
import { describe, expect, it } from 'vitest';
import { expiriesToIcs } from '../../electron/reminders/ics-export';
import { ageWords, rotationsDue, staleness } from '../../electron/reminders/staleness';
import { upcomingExpiries } from '../../electron/reminders/upcoming';
import type { EntryOverview } from '../../electron/vault/types';

const NOW = new Date('2027-03-15T12:00:00Z');
function entry(over: Partial<EntryOverview>): EntryOverview {
  return {
    id: over.name ?? 'x', name: 'x', kind: 'trigger', instance: 'https://gitlab.example.com', scopes: [], expiresAt: null, description: '', usedIn: [], leadDays: null,
    createdAt: '2026-01-10T09:00:00.000Z', updatedAt: '2026-01-10T09:00:00.000Z', lastVerifiedAt: null, lastUsedAt: null, revoked: false,
    gitlab: { tokenId: 1, userId: null, username: null, target: 'acme/app', accessLevel: null, active: true, revoked: false }, pendingRotation: null, followUp: null, history: [], ...over,
  };
}

describe('age of a secret that never expires', () => {
  it('says "created 14 months ago, never rotated"', () => {
    expect(staleness(entry({}), NOW)?.words).toBe('created 14 months ago, never rotated');
  });

  it('counts from the last rotation once there is one', () => {
    const rotated = entry({ history: [{ at: '2027-03-12T08:00:00.000Z', action: 'rotated' }] });
    expect(staleness(rotated, NOW)).toMatchObject({ rotated: true, words: 'last rotated 3 days ago' });
  });

  it('whole units: days under a month, months under two years, then years', () => {
    expect(ageWords(new Date('2027-03-15T00:00:00Z'), NOW)).toBe('today');
    expect(ageWords(new Date('2027-02-16T00:00:00Z'), NOW)).toBe('27 days ago');
    expect(ageWords(new Date('2027-02-15T00:00:00Z'), NOW)).toBe('1 month ago');
    expect(ageWords(new Date('2025-03-15T00:00:00Z'), NOW)).toBe('2 years ago');
  });

  it('has none for a token that expires (it has a countdown) or is revoked', () => {
    expect(staleness(entry({ expiresAt: '2027-06-01' }), NOW)).toBeNull();
    expect(staleness(entry({ revoked: true }), NOW)).toBeNull();
  });
});

describe('rotation reminders', () => {
  it('falls rotateEveryDays after the last change, and is due on that day', () => {
    const e = entry({ facts: { rotateEveryDays: 90 }, history: [{ at: '2026-12-20T00:00:00.000Z', action: 'rotated' }] });
    expect(staleness(e, NOW)).toMatchObject({ rotateBy: '2027-03-20', overdue: false });
    expect(staleness(e, new Date('2027-03-20T00:00:00Z'))?.overdue).toBe(true);
  });

  it('the calendar lists those within the window and those passed, earliest first; none without a reminder', () => {
    const due = rotationsDue([
      entry({ name: 'soon', facts: { rotateEveryDays: 430 } }),
      entry({ name: 'late', facts: { rotateEveryDays: 30 } }),
      entry({ name: 'far', facts: { rotateEveryDays: 800 } }),
      entry({ name: 'unset' }),
    ], NOW, 30);
    expect(due.map((d) => [d.entry.name, d.rotateBy, d.overdue])).toEqual([['late', '2026-02-09', true], ['soon', '2027-03-16', false]]);
  });
});

describe('kinds that expire are in the expiry lists', () => {
  it('a deploy token and a runner token with a date are upcoming and in the .ics like any token', () => {
    const deploy = entry({ name: 'pull', kind: 'deploy', expiresAt: '2027-04-01' });
    const runner = entry({ name: 'host', kind: 'runner', expiresAt: '2027-03-30' });
    expect(upcomingExpiries([deploy, runner], NOW, 30).map((i) => i.entry.name)).toEqual(['host', 'pull']);
    const ics = expiriesToIcs([deploy, runner], { now: NOW, defaultLeadDays: [7] });
    expect(ics).toContain('pull');
    expect(ics).toContain('host');
  });
});
