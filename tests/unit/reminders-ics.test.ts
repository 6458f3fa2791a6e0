// The .ics file is read back by a real iCalendar parser (ical.js), as a calendar app would.
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { expiriesToIcs, foldContentLines, icsUid } from '../../electron/reminders/ics-export';
import { entry } from './reminders-fixtures';

const now = new Date('2026-11-25T12:00:00Z');

function parse(text: string) {
  const vcalendar = new ICAL.Component(ICAL.parse(text));
  return vcalendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      summary: event.summary,
      description: event.description,
      start: event.startDate.toJSDate().toISOString(),
      status: vevent.getFirstPropertyValue('status'),
      sequence: event.sequence,
      alarms: vevent.getAllSubcomponents('valarm').map((valarm) => ({
        action: valarm.getFirstPropertyValue('action'),
        trigger: (valarm.getFirstPropertyValue('trigger') as ICAL.Time).toJSDate().toISOString(),
        description: valarm.getFirstPropertyValue('description'),
      })),
    };
  });
}

describe('expiriesToIcs', () => {
  const ci = entry({
    id: 'a1b2',
    name: 'CI deploy, prod; "main"',
    kind: 'project',
    instance: 'https://gitlab.corp.example',
    scopes: ['api', 'write_registry'],
    expiresAt: '2027-03-01',
    description: 'lives in the runner; glpat-notreallyasecret',
    usedIn: ['group/app CI variable DEPLOY_TOKEN'],
  });
  const custom = entry({ id: 'c3', name: 'registry', expiresAt: '2028-02-29', leadDays: [14, 0] });
  const noExpiry = entry({ id: 'n0', name: 'forever', expiresAt: null });

  it('writes one event per expiring token at the 00:00 UTC cut-off, with an alarm per lead time', () => {
    const events = parse(expiriesToIcs([custom, noExpiry, ci], { now }));
    expect(events.map((e) => e.uid)).toEqual([icsUid('a1b2'), icsUid('c3')]);
    const [first, second] = events;
    expect(first?.summary).toBe('Token expires: CI deploy, prod; "main"');
    expect(first?.start).toBe('2027-03-01T00:00:00.000Z');
    expect(first?.status).toBe('CONFIRMED');
    expect(first?.alarms.map((a) => [a.action, a.trigger])).toEqual([
      ['DISPLAY', '2026-12-31T00:00:00.000Z'],
      ['DISPLAY', '2027-01-30T00:00:00.000Z'],
      ['DISPLAY', '2027-02-22T00:00:00.000Z'],
      ['DISPLAY', '2027-02-28T00:00:00.000Z'],
    ]);
    expect(first?.alarms[2]?.description).toBe('Token "CI deploy, prod; "main"" expires in 7 days (00:00 UTC 2027-03-01).');
    expect(second?.start).toBe('2028-02-29T00:00:00.000Z');
    expect(second?.alarms.map((a) => a.trigger)).toEqual(['2028-02-15T00:00:00.000Z', '2028-02-29T00:00:00.000Z']);
  });

  it('keeps UIDs stable and raises SEQUENCE when the entry changes, so a re-import updates', () => {
    const before = parse(expiriesToIcs([ci], { now }))[0];
    const edited = { ...ci, expiresAt: '2027-06-01', updatedAt: '2026-12-01T10:00:00.000Z' };
    const after = parse(expiriesToIcs([edited], { now: new Date('2026-12-01T10:00:01Z') }))[0];
    expect(after?.uid).toBe(before?.uid);
    expect(after?.sequence).toBeGreaterThan(before?.sequence ?? Infinity);
    expect(after?.start).toBe('2027-06-01T00:00:00.000Z');
  });

  it('cancels the event of a revoked token and drops its alarms', () => {
    const [event] = parse(expiriesToIcs([{ ...ci, revoked: true }], { now }));
    expect(event?.status).toBe('CANCELLED');
    expect(event?.alarms).toEqual([]);
  });

  it('leaves out description, "used in", instance and scopes unless asked', () => {
    const plain = expiriesToIcs([ci], { now });
    expect(plain).not.toMatch(/glpat-|runner|DEPLOY_TOKEN|corp\.example|write_registry/);
    const detailed = parse(expiriesToIcs([ci], { now, includeInstance: true, includeScopes: true }))[0];
    expect(detailed?.description).toContain('Instance: https://gitlab.corp.example');
    expect(detailed?.description).toContain('Scopes: api, write_registry');
    expect(detailed?.description).not.toContain('glpat-');
  });

  it('ends every line with CRLF and folds at 75 octets without splitting a character', () => {
    const long = entry({ id: 'u1', name: `Déploiement ${'é'.repeat(60)} 🚀 fin`, expiresAt: '2027-03-01' });
    const text = expiriesToIcs([long], { now });
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = text.split('\r\n').slice(0, -1);
    for (const line of lines) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    expect(lines.some((l) => l.startsWith(' '))).toBe(true);
    expect(parse(text)[0]?.summary).toBe(`Token expires: Déploiement ${'é'.repeat(60)} 🚀 fin`);
  });

  it('writes an empty but valid calendar when no token has an expiry', () => {
    const text = expiriesToIcs([noExpiry], { now });
    expect(parse(text)).toEqual([]);
    expect(text).toContain('BEGIN:VCALENDAR\r\n');
  });
});

describe('foldContentLines', () => {
  it('unfolds and refolds to the same content', () => {
    const line = `DESCRIPTION:${'x'.repeat(200)}`;
    const folded = foldContentLines(`${line}\r\n`);
    expect(folded.split('\r\n').map((l) => l.length)).toEqual([75, 75, 64, 0]);
    expect(folded.replace(/\r\n /g, '')).toBe(`${line}\r\n`);
  });
});
