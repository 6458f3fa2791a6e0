// Search, filters and sort for the token list. Pure and fast: with 10,000 entries each
// keystroke filters a precomputed lower-case text per entry, well inside one frame.
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

export function filterEntries(entries: readonly Entry[], f: ListFilters): Entry[] {
  const words = f.query.toLowerCase().split(/\s+/).filter(Boolean);
  const out = entries.filter((e) => {
    if (f.instance !== 'all' && e.instance !== f.instance) return false;
    if (f.kind !== 'all' && e.kind !== f.kind) return false;
    if (f.hideDead && (e.status === 'revoked' || e.status === 'expired')) return false;
    if (f.status === 'unverified' ? e.lastVerifiedAt !== null : f.status !== 'all' && e.status !== f.status) return false;
    if (words.length === 0) return true;
    const h = haystackOf(e);
    return words.every((w) => h.includes(w));
  });
  // The vault lists by name already; only expiry needs a sort.
  return f.sort === 'expiry' ? out.sort(byExpiry) : out;
}

export function instancesOf(entries: readonly Entry[]): string[] {
  return [...new Set(entries.map((e) => e.instance).filter((i): i is string => i !== null))].sort();
}
