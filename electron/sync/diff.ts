// What this device changed since sync last wrote the vault: the vault as it is now against the
// view of the merged state (which is what sync wrote). Any process may have made the change —
// the app, the CLI, the agent — so nothing has to remember to tell sync. A secret is read only
// for a token whose updatedAt moved (every write moves it), so a sync of 10,000 tokens reads
// the secrets of the few that changed.
import { nextStamp } from './clock';
import type { Delta, EntityDelta, SyncState } from './crdt';
import { eventKey, PLAIN_FIELDS, sameValue, shortHash, storedFollowUp } from './fields';
import type { View } from './view';
import type { EntryOverview, ReleaseRecord, SyncableVault, VaultSettings } from './vault-port';

/** Releases newer than this many are not looked at again: a release is new when it is logged. */
const RELEASES_READ = 200;

export interface LocalRead {
  entries: EntryOverview[];
  settings: VaultSettings;
  releases: ReleaseRecord[];
}

export function readLocal(vault: SyncableVault): LocalRead {
  return { entries: vault.listAll(), settings: vault.getSettings(), releases: vault.releases(RELEASES_READ) };
}

export const releaseKey = (record: ReleaseRecord): string => `r:${shortHash(JSON.stringify(record))}`;

/** The delta of this device's changes, or null when there are none. */
export function localDelta(readSecret: (id: string) => string, local: LocalRead, state: SyncState, base: View, device: string, now = Date.now()): Delta | null {
  const ents: Record<string, EntityDelta> = {};
  let latest = 0;
  const seen = new Set<string>();
  for (const entry of local.entries) {
    seen.add(entry.id);
    const before = base.entries.get(entry.id);
    const change: EntityDelta = {};
    const f: Record<string, unknown> = {};
    // Optional fields (a kind's facts from before the kinds work, trashedAt after a restore) are
    // null when absent, as the view gives them back: JSON would drop an undefined.
    for (const field of PLAIN_FIELDS) {
      const value = entry[field] ?? null;
      if (!before || !sameValue(value, before.overview[field] ?? null)) f[field] = value;
    }
    const follow = storedFollowUp(entry.followUp, before?.follow ?? null);
    if (!before || !sameValue(follow, before.follow)) f.followUp = follow;
    if (!before || entry.updatedAt !== before.overview.updatedAt) {
      const secret = readSecret(entry.id);
      if (!before || secret !== before.secret) f.secret = secret;
    }
    const known = new Set(before?.overview.history.map(eventKey) ?? []);
    const hist = Object.fromEntries(entry.history.filter((e) => !known.has(eventKey(e))).map((e) => [eventKey(e), e]));
    if (Object.keys(f).length) change.f = f;
    if (Object.keys(hist).length) change.hist = hist;
    if (change.f || change.hist) {
      ents[`e:${entry.id}`] = change;
      latest = Math.max(latest, Date.parse(entry.updatedAt));
    }
  }
  for (const id of base.entries.keys()) if (!seen.has(id)) ents[`e:${id}`] = { del: true };

  const settings: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(local.settings)) if (!sameValue(value, (base.settings as Record<string, unknown>)[field])) settings[field] = value;
  if (Object.keys(settings).length) ents.settings = { f: settings };

  const rel: Record<string, ReleaseRecord> = {};
  for (const record of local.releases) if (!state.rel[releaseKey(record)]) rel[releaseKey(record)] = record;

  if (!Object.keys(ents).length && !Object.keys(rel).length) return null;
  return deltaFrom(state, device, ents, rel, false, now, latest);
}

/** A delta numbered after this device's last one, stamped after everything seen, with what it had seen. */
export function deltaFrom(state: SyncState, device: string, ents: Record<string, EntityDelta>, rel: Record<string, ReleaseRecord>, derived: boolean, now = Date.now(), atLeastMs = 0): Delta {
  const s = (state.applied[device] ?? 0) + 1;
  return { d: device, s, h: nextStamp(state.clock, now, atLeastMs), c: { ...state.applied, [device]: s - 1 }, derived, ents, rel };
}
