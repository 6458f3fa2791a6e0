// Display maths for the calendar screen, in the renderer's own (the system's) time zone.
// The authoritative status comes from the main side (reminders/status.ts) with each token;
// here we only place tokens on days and grade urgency for colour. Everything is indexed
// once per token list, so a 10,000-token vault costs one pass, not one per cell.
import {
  addDays,
  addWeeks,
  eachDayOfInterval,
  endOfWeek,
  format,
  startOfWeek,
  type Day,
} from 'date-fns';
import { inDays } from '../lib/dates';
import { count, verb } from '../lib/plural';

export type TokenStatus = 'active' | 'expiring' | 'expired' | 'revoked' | 'unknown' | 'never';

/** The little the calendar needs of an entry; the UI engineer maps api.ts's Entry onto it. */
export interface CalendarToken {
  id: string;
  name: string;
  /** YYYY-MM-DD; GitLab stops the token at 00:00 UTC that day. */
  expiresAt: string | null;
  status: TokenStatus;
  kind: string;
  instance: string | null;
  /** YYYY-MM-DD a never-expiring token's rotate-every reminder falls due (lib/kinds.ts ageOf); placed as "rotate <name>". */
  rotateBy?: string | null;
}

/** Colour classes, most urgent first; the legend shows them in this order. */
export const URGENCIES = ['expired', 'critical', 'soon', 'later', 'revoked'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const URGENCY_LABELS: Record<Urgency, string> = {
  expired: 'Expired',
  critical: 'Within 7 days',
  soon: 'Within 30 days',
  later: 'Later',
  revoked: 'Revoked',
};

const DAY_MS = 86_400_000;

/** The instant the token stops working. */
export function cutoffOf(expiresAt: string): Date {
  return new Date(`${expiresAt}T00:00:00Z`);
}

/** The local calendar day (yyyy-MM-dd) on which the cut-off falls. */
export function localDayOf(expiresAt: string): string {
  return dayKey(cutoffOf(expiresAt));
}

export const dayKey = (d: Date) => format(d, 'yyyy-MM-dd');

export function urgencyOf(token: CalendarToken, now: Date): Urgency {
  if (token.status === 'revoked') return 'revoked';
  const left = token.expiresAt ? cutoffOf(token.expiresAt).getTime() - now.getTime() : Infinity;
  if (left <= 0 || token.status === 'expired') return 'expired';
  if (left <= 7 * DAY_MS) return 'critical';
  if (left <= 30 * DAY_MS) return 'soon';
  return 'later';
}

export interface PlacedToken {
  token: CalendarToken;
  urgency: Urgency;
  /** The cut-off as the user's clock shows it, e.g. "14:00"; '' for a rotation. */
  localTime: string;
  /** A rotation reminder, not an expiry: nothing stops working that day. */
  rotation?: boolean;
}

/** The chip's and row's words: a rotation reads "rotate <name>", so it is never taken for an expiry. */
export const placedLabel = (p: PlacedToken) => (p.rotation ? `rotate ${p.token.name}` : p.token.name);

/** Rotation reminders graded like expiries by how near their day is; one already due stays critical, never "expired". */
function rotationUrgency(rotateBy: string, now: Date): Urgency {
  const left = new Date(`${rotateBy}T23:59:59`).getTime() - now.getTime();
  return left <= 7 * DAY_MS ? 'critical' : left <= 30 * DAY_MS ? 'soon' : 'later';
}

export type DayIndex = Map<string, PlacedToken[]>;

/** Tokens by local day, each day's list most urgent first, then by name. */
export function indexByDay(tokens: CalendarToken[], now: Date): DayIndex {
  const index: DayIndex = new Map();
  // Many tokens share a date; format each date once (format() dominates the cost at 10,000).
  const placed = new Map<string, { key: string; localTime: string }>();
  for (const token of tokens) {
    // The rotate-by day is a calendar day, not an instant: it goes on that same local day.
    if (!token.expiresAt && token.rotateBy && token.status !== 'revoked') {
      const list = index.get(token.rotateBy) ?? [];
      list.push({ token, urgency: rotationUrgency(token.rotateBy, now), localTime: '', rotation: true });
      index.set(token.rotateBy, list);
      continue;
    }
    if (!token.expiresAt) continue;
    let where = placed.get(token.expiresAt);
    if (!where) {
      const cutoff = cutoffOf(token.expiresAt);
      where = { key: dayKey(cutoff), localTime: format(cutoff, 'HH:mm') };
      placed.set(token.expiresAt, where);
    }
    const list = index.get(where.key) ?? [];
    list.push({ token, urgency: urgencyOf(token, now), localTime: where.localTime });
    index.set(where.key, list);
  }
  const rank = (u: Urgency) => URGENCIES.indexOf(u);
  for (const list of index.values()) list.sort((a, b) => rank(a.urgency) - rank(b.urgency) || a.token.name.localeCompare(b.token.name));
  return index;
}

/** `count` whole weeks, the first being the week that holds `first`. */
export function weekRows(first: Date, count: number, weekStartsOn: Day = 1): Date[][] {
  const start = startOfWeek(first, { weekStartsOn });
  const days = eachDayOfInterval({ start, end: endOfWeek(addWeeks(start, count - 1), { weekStartsOn }) });
  const weeks: Date[][] = [];
  for (let i = 0; i < days.length; i += 7) weeks.push(days.slice(i, i + 7));
  return weeks;
}

export interface DayCounts {
  total: number;
  /** The worst urgency that day, for the cell's accent. */
  worst: Urgency | null;
}

export function countsOf(list: PlacedToken[] | undefined): DayCounts {
  return { total: list?.length ?? 0, worst: list?.[0]?.urgency ?? null };
}

export interface AgendaDay {
  day: string;
  date: Date;
  /** Days from today (0 = today). */
  offset: number;
  tokens: PlacedToken[];
}

/** The next `days` days that have expiries, today first; already-expired tokens excluded. */
export function agendaDays(index: DayIndex, now: Date, days = 90): AgendaDay[] {
  const out: AgendaDay[] = [];
  for (let offset = 0; offset <= days; offset++) {
    const date = addDays(now, offset);
    const list = index.get(dayKey(date))?.filter((p) => p.urgency !== 'expired' && p.urgency !== 'revoked');
    if (list?.length) out.push({ day: dayKey(date), date, offset, tokens: list });
  }
  return out;
}

/** Expired and not revoked, oldest first (broken the longest). */
export function overdueTokens(tokens: CalendarToken[], now: Date): PlacedToken[] {
  return tokens
    .filter((t) => t.expiresAt && urgencyOf(t, now) === 'expired')
    .sort((a, b) => (a.expiresAt as string).localeCompare(b.expiresAt as string) || a.name.localeCompare(b.name))
    .map((token) => ({ token, urgency: 'expired' as const, localTime: format(cutoffOf(token.expiresAt as string), 'HH:mm') }));
}

export interface SummaryCounts {
  /** Live tokens whose cut-off falls within the next `horizonDays` days. */
  upcoming: number;
  thisWeek: number;
  expired: number;
  horizonDays: number;
}

/** The summary's window: 30 days, or the user's largest reminder lead time when that is longer. */
export function summaryHorizon(leadDays: readonly number[] | null | undefined): number {
  return Math.max(30, ...(leadDays ?? []));
}

/**
 * Still-live tokens whose cut-off falls within the next `horizonDays` days / 7 days, and the
 * expired. A rolling window, never the calendar month: on the 30th, a token due in 19 days is
 * still "soon".
 */
export function summaryCounts(tokens: CalendarToken[], now: Date, horizonDays = 30): SummaryCounts {
  let upcoming = 0;
  let thisWeek = 0;
  let expired = 0;
  for (const t of tokens) {
    if (!t.expiresAt) continue;
    const u = urgencyOf(t, now);
    if (u === 'revoked') continue;
    if (u === 'expired') {
      expired += 1;
      continue;
    }
    if (cutoffOf(t.expiresAt).getTime() - now.getTime() <= horizonDays * DAY_MS) upcoming += 1;
    if (u === 'critical') thisWeek += 1;
  }
  return { upcoming, thisWeek, expired, horizonDays };
}

/**
 * The summary's words. Leads with the most useful count: the next N days, else the overdue;
 * the rest goes on the second line.
 */
export function summaryWords(counts: SummaryCounts): { headline: string; details: string[] } {
  const window = `in the next ${count(counts.horizonDays, 'day')}`;
  const expired = counts.expired ? `${plural(counts.expired, 'token')} already expired` : '';
  if (counts.upcoming) {
    const headline = `${plural(counts.upcoming, 'token')} ${verb(counts.upcoming, 'expires', 'expire')} ${window}`;
    const week = counts.thisWeek && counts.horizonDays > 7 ? `${counts.thisWeek} in the next 7 days` : '';
    return { headline, details: [week, expired].filter(Boolean) };
  }
  if (counts.expired) return { headline: expired.charAt(0).toUpperCase() + expired.slice(1), details: [`nothing else expires ${window}`] };
  return { headline: `No token expires ${window}`, details: [] };
}

export const plural = (n: number, one: string, many = `${one}s`) => count(n, { one, other: many });

/** The agenda's "today / tomorrow / in N days": the same words and count as the token list. */
export const describeOffset = inDays;

