// Secrets GitLab never lets expire (trigger and agent tokens, OAuth and webhook secrets, runners and
// deploy tokens made without a date…) get an age instead of a countdown — "created 14 months ago,
// never rotated" — and, when the person sets one (facts.rotateEveryDays), a rotation reminder: due
// that many days after the last rotation (or creation). Pure; the CLI, the calendar and the app's
// detail read it.
import type { EntryOverview } from '../vault/types';

const DAY_MS = 86_400_000;

export interface Staleness {
  /** When the secret last changed: its last rotation, else its creation. */
  since: string;
  rotated: boolean;
  /** "created 14 months ago, never rotated" / "last rotated 3 days ago". */
  words: string;
  /** YYYY-MM-DD the rotation reminder falls on; null when none is set. */
  rotateBy: string | null;
  /** The reminder's day has come. */
  overdue: boolean;
}

/** "3 days", "14 months", "2 years": whole units, rounded down. */
export function ageWords(from: Date, now: Date): string {
  const days = Math.max(0, Math.floor((now.getTime() - from.getTime()) / DAY_MS));
  const months = (now.getUTCFullYear() - from.getUTCFullYear()) * 12 + now.getUTCMonth() - from.getUTCMonth() - (now.getUTCDate() < from.getUTCDate() ? 1 : 0);
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (months < 1) return days === 0 ? 'today' : `${plural(days, 'day')} ago`;
  if (months < 24) return `${plural(months, 'month')} ago`;
  return `${plural(Math.floor(months / 12), 'year')} ago`;
}

/** The age and rotation reminder of a secret without an expiry; null for one that expires, or is revoked. */
export function staleness(entry: EntryOverview, now: Date): Staleness | null {
  if (entry.expiresAt || entry.revoked) return null;
  const rotations = entry.history.filter((e) => e.action === 'rotated');
  const last = rotations.at(-1)?.at ?? entry.createdAt;
  const since = new Date(last);
  const age = ageWords(since, now);
  const words = rotations.length ? `last rotated ${age}` : `created ${age}, never rotated`;
  const every = entry.facts?.rotateEveryDays ?? null;
  const rotateBy = every ? new Date(since.getTime() + every * DAY_MS).toISOString().slice(0, 10) : null;
  return { since: since.toISOString(), rotated: rotations.length > 0, words, rotateBy, overdue: rotateBy !== null && now.toISOString().slice(0, 10) >= rotateBy };
}

export interface RotationDue {
  entry: EntryOverview;
  rotateBy: string;
  overdue: boolean;
  words: string;
}

/** Rotation reminders that fall within `days` days, or have passed; the earliest first. */
export function rotationsDue(entries: EntryOverview[], now: Date, days: number): RotationDue[] {
  const horizon = new Date(now.getTime() + days * DAY_MS).toISOString().slice(0, 10);
  const due: RotationDue[] = [];
  for (const entry of entries) {
    const s = staleness(entry, now);
    if (s?.rotateBy && s.rotateBy <= horizon) due.push({ entry, rotateBy: s.rotateBy, overdue: s.overdue, words: s.words });
  }
  return due.sort((a, b) => a.rotateBy.localeCompare(b.rotateBy) || a.entry.name.localeCompare(b.entry.name));
}
