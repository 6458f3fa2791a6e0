// History in words and local dates, not GitLab's internal ids and ISO strings (issue 15, item 7).
import { describe, expect, it } from 'vitest';
import { actionWords, noteWords } from '../../renderer/src/lib/history';
import { formatDay } from '../../renderer/src/lib/dates';

describe('history in words', () => {
  it('names actions in words', () => {
    expect(actionWords('rotation-unconfirmed')).toBe('Rotation not confirmed');
    expect(actionWords('verified')).toBe('Checked with GitLab');
  });

  it('drops internal token ids and shows dates as local dates', () => {
    const note = noteWords('GitLab revoked token 41 and issued token 42, expiring 2027-03-01.');
    expect(note).toBe(`GitLab replaced the old token with a new one, expiring ${formatDay('2027-03-01')}.`);
    expect(note).not.toMatch(/\d{4}-\d{2}-\d{2}|token \d+/);
    expect(noteWords('Asked GitLab for a new token expiring 2027-05-20.')).not.toContain('2027-05-20');
    expect(noteWords('Seen at 2027-05-20T10:11:12.000Z')).not.toContain('T10:11');
  });
});
