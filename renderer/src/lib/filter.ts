// Search, filters and sort for the token list. Pure and fast: with 10,000 entries each
// keystroke filters a precomputed lower-case text per entry, well inside one frame.
import Fuse from 'fuse.js';
import type { Entry } from '../../../electron/api';

export type StatusFilter = 'all' | Entry['status'] | 'unverified';
export interface ListFilters {
  query: string;
  instance: string | 'all';
  kind: Entry['kind'] | 'all';
  status: StatusFilter;
  sort: 'name' | 'expiry';
  /** Leave out revoked and expired tokens (they no longer work). */
  hideDead: boolean;
}

const haystacks = new WeakMap<Entry, string>();

function haystackOf(e: Entry): string {
  let h = haystacks.get(e);
  if (h === undefined) {
    h = [e.name, e.instance ?? '', e.kind, e.description, e.scopes.join(' '), e.usedIn.join(' '), e.gitlab.target ?? ''].join('\n').toLowerCase();
    haystacks.set(e, h);
  }
  return h;
}

/** Builds the search text of every entry ahead of the first keystroke (called when the list loads). */
export function warmSearchIndex(entries: readonly Entry[]): void {
  for (const e of entries) haystackOf(e);
}

/** Expiry soonest first; tokens without an expiry last; ties by name. */
const byExpiry = (a: Entry, b: Entry) =>
  (a.expiresAt ?? '9999-99-99').localeCompare(b.expiresAt ?? '9999-99-99') || a.name.localeCompare(b.name);

const isDeadEntry = (e: Entry) => e.status === 'revoked' || e.status === 'expired';

/** The filters other than the search words. */
function passesFilters(e: Entry, f: ListFilters): boolean {
  if (f.instance !== 'all' && e.instance !== f.instance) return false;
  if (f.kind !== 'all' && e.kind !== f.kind) return false;
  if (f.hideDead && isDeadEntry(e)) return false;
  if (f.status === 'unverified' ? e.lastVerifiedAt !== null : f.status !== 'all' && e.status !== f.status) return false;
  return true;
}

/**
 * What the list shows. Tokens that still work come first and revoked or expired ones after them
 * (unless the user filters by status), so a dead token never sits between two live ones; the
 * order within each part is the chosen sort.
 */
export function filterEntries(entries: readonly Entry[], f: ListFilters): Entry[] {
  const words = f.query.toLowerCase().split(/\s+/).filter(Boolean);
  const candidates = entries.filter((e) => passesFilters(e, f));
  let out = words.length === 0 ? candidates : candidates.filter((e) => words.every((w) => haystackOf(e).includes(w)));
  // No exact match: a typo ("terafrom") still finds its token. Only then, so a query that
  // matches stays a plain, predictable substring search.
  if (out.length === 0 && words.length > 0) out = fuzzyMatches(candidates, f.query);
  // The vault lists by name already; only expiry needs a sort. Array.sort is stable.
  if (f.sort === 'expiry') out.sort(byExpiry);
  return f.status === 'all' ? [...out.filter((e) => !isDeadEntry(e)), ...out.filter(isDeadEntry)] : out;
}

/**
 * Typo-tolerant matches, best first, through fuse.js (Bitap with a distance score). Only the
 * fields a person types from memory are searched; a threshold of 0.4 accepts two slips in a
 * nine-letter word and rejects unrelated names.
 */
function fuzzyMatches(candidates: Entry[], query: string): Entry[] {
  const fuse = new Fuse(candidates, {
    keys: [{ name: 'name', weight: 3 }, 'description', 'usedIn', { name: 'instance', weight: 0.5 }],
    threshold: 0.4,
    ignoreLocation: true,
    minMatchCharLength: 3,
  });
  return fuse.search(query.trim()).map((r) => r.item);
}

export function instancesOf(entries: readonly Entry[]): string[] {
  return [...new Set(entries.map((e) => e.instance).filter((i): i is string => i !== null))].sort();
}
