// Dates as people read them. Expiry is a YYYY-MM-DD day on which the token stops at 00:00 UTC.
import { count } from './plural';

const DAY_MS = 86_400_000;

export function daysUntil(day: string, now = new Date()): number {
  return Math.floor((Date.parse(`${day}T00:00:00Z`) - now.getTime()) / DAY_MS);
}

export function describeExpiry(day: string | null, now = new Date()): string {
  if (!day) return 'No expiry date';
  const d = daysUntil(day, now);
  if (d < 0) return `Expired ${formatDay(day)}`;
  if (d === 0) return 'Expires within a day';
  return `Expires in ${count(d, 'day')} (${formatDay(day)})`;
}

const dayFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
const instantFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export const formatDay = (day: string) => dayFormat.format(new Date(`${day}T00:00:00Z`));
export const formatInstant = (iso: string) => instantFormat.format(new Date(iso));

export function addDays(days: number, now = new Date()): string {
  return new Date(now.getTime() + days * DAY_MS).toISOString().slice(0, 10);
}
