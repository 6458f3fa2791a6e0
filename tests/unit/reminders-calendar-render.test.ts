// The calendar components rendered to HTML (no browser needed): what a cell shows, how a big
// vault is bounded, and what the home summary says. Keyboard and mouse are covered in real
// Chromium by tests/e2e/calendar.spec.ts and scripts/calendar-screens.ts.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatLocalSpan, formatLongLocalDay } from '../../renderer/src/lib/dates';
import { ExpiryCalendar } from '../../renderer/src/calendar/ExpiryCalendar';
import { ExpirySummary } from '../../renderer/src/calendar/ExpirySummary';
import { ShowMore } from '../../renderer/src/calendar/ShowMore';
import type { CalendarToken } from '../../renderer/src/calendar/model';

const originalTz = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'UTC';
});
afterAll(() => {
  process.env.TZ = originalTz;
});

const now = new Date('2027-03-10T12:00:00Z');
const token = (i: number, expiresAt: string | null, over: Partial<CalendarToken> = {}): CalendarToken => ({
  id: `id-${i}`,
  name: `token-${String(i).padStart(5, '0')}`,
  expiresAt,
  status: 'active',
  kind: 'project',
  instance: 'https://gitlab.example.com',
  ...over,
});
const count = (html: string, re: RegExp) => html.match(new RegExp(re.source, 'g'))?.length ?? 0;
const render = (tokens: CalendarToken[]) => renderToStaticMarkup(createElement(ExpiryCalendar, { tokens, now, onOpenEntry: () => {} }));

describe('ShowMore', () => {
  it('offers the next page of hidden tokens, and nothing when none are hidden', () => {
    const html = (hidden: number) => renderToStaticMarkup(createElement(ShowMore, { hidden, page: 50, onMore: () => {} }));
    expect(html(120)).toBe('<button type="button" class="tv-cal-navbtn">Show 50 more of 120</button>');
    expect(html(7)).toContain('>Show 7 more<');
    expect(html(0)).toBe('');
    const days = (hidden: number) => renderToStaticMarkup(createElement(ShowMore, { hidden, page: 30, unit: 'day', onMore: () => {} }));
    expect(days(45)).toContain('>Show 30 more of 45 days<');
    expect(days(1)).toContain('>Show 1 more day<');
  });
});

describe('ExpiryCalendar markup', () => {
  it('shows a few names per day and "+N more" for the rest', () => {
    const html = render(Array.from({ length: 5 }, (_, i) => token(i, '2027-03-20')));
    // The view starts with this week (Monday 8 March), not on the 1st, and spans five weeks.
    expect(html).toContain(`>${formatLocalSpan(new Date(2027, 2, 8), new Date(2027, 3, 11))}</h2>`);
    expect(count(html, /class="tv-cal-chip u-soon"/)).toBe(3);
    expect(html).toContain('+2 more');
    expect(html).toContain(`aria-label="${formatLongLocalDay(new Date(2027, 2, 20))}: 5 expiries"`);
  });

  it('stays bounded with 10,000 tokens: at most 3 chips per cell and a short agenda', () => {
    const tokens = Array.from({ length: 10_000 }, (_, i) => token(i, new Date(Date.UTC(2027, 2, 1 + (i % 120))).toISOString().slice(0, 10)));
    const html = render(tokens);
    expect(count(html, /class="tv-cal-chip /)).toBeLessThanOrEqual(5 * 7 * 3);
    // 10 expired, 8 agenda days of at most 3 each, and the focused day's first 100.
    expect(count(html, /class="tv-cal-row /)).toBeLessThanOrEqual(10 + 8 * 3 + 100);
    // Residues 0–9 of i % 120 are 1–10 March, all past: 10 × 84 tokens.
    expect(html).toContain('Expired · 840 tokens');
  });

  it('marks urgency by class, legend included, and never lists tokens without expiry', () => {
    const html = render([token(1, '2027-03-09'), token(2, '2027-03-12'), token(3, '2027-03-25'), token(4, '2027-06-01'), token(5, '2027-03-15', { status: 'revoked' }), token(6, null, { name: 'no-expiry' })]);
    for (const u of ['expired', 'critical', 'soon', 'revoked']) expect(html).toContain(`tv-cal-chip u-${u}`);
    expect(html).toContain('aria-label="Colour legend"');
    expect(html).not.toContain('no-expiry');
  });
});

describe('ExpirySummary markup', () => {
  it('says how many expire in the next 30 days without naming any', () => {
    const tokens = [token(1, '2027-03-12', { name: 'secret-prod' }), token(2, '2027-03-25'), token(3, '2027-03-01')];
    const html = renderToStaticMarkup(createElement(ExpirySummary, { tokens, now }));
    expect(html).toContain('2 tokens expire in the next 30 days');
    expect(html).toContain('1 in the next 7 days · 1 token already expired');
    expect(html).not.toContain('secret-prod');
  });
});
