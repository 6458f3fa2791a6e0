// How each stored field of a token syncs. A person's fields keep a concurrent loser in the
// history; bookkeeping fields (last verified, GitLab's facts) simply take the latest; the
// secret never loses (view.ts keeps a concurrent rotation's secret as a token of its own).
import { createHash } from 'node:crypto';
import type { EntryOverview, HistoryEvent } from './vault-port';

export const PERSON_FIELDS = ['name', 'kind', 'instance', 'scopes', 'expiresAt', 'description', 'usedIn', 'leadDays'] as const;
// facts (a kind's own fields, issue 22) are GitLab's facts plus the rotation reminder: the latest write wins.
/** trashedAt: moved to the Trash (absent: live); the latest of a trash and a restore wins, like any bookkeeping. */
export const BOOKKEEPING_FIELDS = ['createdAt', 'updatedAt', 'lastVerifiedAt', 'lastUsedAt', 'revoked', 'gitlab', 'pendingRotation', 'facts', 'trashedAt'] as const;
/** Every overview field sync carries besides history, followUp and the secret. */
export const PLAIN_FIELDS = [...PERSON_FIELDS, ...BOOKKEEPING_FIELDS] as const;
export type PlainField = (typeof PLAIN_FIELDS)[number];

export const PERSON_FIELD_WORDS: Record<(typeof PERSON_FIELDS)[number], string> = {
  name: 'name',
  kind: 'kind',
  instance: 'instance',
  scopes: 'scopes',
  expiresAt: 'expiry date',
  description: 'description',
  usedIn: 'places it is used in',
  leadDays: 'reminder days',
};

export const shortHash = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 20);

/** A history event's identity: the same event recorded on two devices is one event. */
export const eventKey = (event: HistoryEvent): string => `ev:${shortHash(`${event.at}|${event.action}|${event.note ?? ''}`)}`;

/** A deterministic id (UUID-shaped) for a token every device derives alike, e.g. a kept rotation. */
export function derivedId(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('|')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Equal as data, whatever order an object's keys were written in. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  // Usually written in the same key order: the cheap comparison settles it; else compare sorted.
  return JSON.stringify(a) === JSON.stringify(b) || canonical(a) === canonical(b);
}

export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/** The follow-up as sync stores it: a finished list stays (all done) so a concurrent tick is not mistaken for a new rotation. */
export interface StoredFollowUp {
  rotatedAt: string;
  places: { place: string; done: boolean }[];
}

/** The vault's follow-up, with `before` (what sync last wrote) naming the rotation a cleared list belonged to. */
export function storedFollowUp(now: EntryOverview['followUp'], before: StoredFollowUp | null): StoredFollowUp | null {
  if (now) return now;
  if (!before) return null;
  return { rotatedAt: before.rotatedAt, places: before.places.map((p) => ({ ...p, done: true })) };
}

/** As the vault shows it: null once every place is done. */
export const shownFollowUp = (stored: StoredFollowUp | null): EntryOverview['followUp'] => (stored && !stored.places.every((p) => p.done) ? stored : null);

/** The newest rotation's list, a place done when any device ticked it (a tick beats a concurrent untick). */
export function mergeFollowUps(values: unknown[]): StoredFollowUp | null {
  const lists = values.filter((v): v is StoredFollowUp => v !== null && typeof v === 'object');
  if (!lists.length) return null;
  const newest = lists.map((l) => l.rotatedAt).sort().at(-1)!;
  const same = lists.filter((l) => l.rotatedAt === newest);
  const places = new Map<string, boolean>();
  for (const list of same) for (const p of list.places) places.set(p.place, (places.get(p.place) ?? false) || p.done);
  const merged = [...places].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([place, done]) => ({ place, done }));
  // Order as the first list had it, so the app's checklist does not jump around.
  const order = same[0]!.places.map((p) => p.place);
  merged.sort((a, b) => rank(order, a.place) - rank(order, b.place));
  return { rotatedAt: newest, places: merged };
}

const rank = (order: string[], place: string) => {
  const at = order.indexOf(place);
  return at === -1 ? order.length : at;
};
