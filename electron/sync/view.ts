// From the merged state to what the vault shows: one overview and secret per live token, the
// settings, and the fix-ups merging itself must record so every device tells the same story
// (a concurrent loser noted in history, a clashing name renamed, a concurrent rotation kept as a
// token of its own). Fix-ups are deterministic in the state, so two devices that derive the same
// one record the same thing, and the join keeps it once.
import { normaliseName } from '../vault/entry-codec';
import { msOf } from './clock';
import { type Entity, type EntityDelta, type Head, isAlive, type SyncState } from './crdt';
import { derivedId, mergeFollowUps, PERSON_FIELD_WORDS, PERSON_FIELDS, sameValue, shortHash, shownFollowUp, type StoredFollowUp } from './fields';
import type { EntryOverview, HistoryEvent, ReleaseRecord, VaultSettings } from './vault-port';

const HISTORY_KEPT = 100;
const NOTE_MAX = 2000;

export interface ViewEntry {
  overview: EntryOverview;
  secret: string;
  /** The follow-up as stored (a finished list kept), for telling a tick from a new rotation. */
  follow: StoredFollowUp | null;
}

export interface View {
  entries: Map<string, ViewEntry>;
  settings: Partial<VaultSettings>;
  releases: Map<string, ReleaseRecord>;
  /** Derived changes this device should record (empty when the state needs none). */
  fixups: Record<string, EntityDelta>;
}

const iso = (stamp: number) => new Date(msOf(stamp)).toISOString();
const first = (heads: Head[] | undefined): unknown => heads?.[0]?.v;

export function deviceName(state: SyncState, device: string): string {
  const name = first(state.ents[`device:${device}`]?.f.name);
  return typeof name === 'string' && name ? name : `device ${device.slice(0, 8)}`;
}

/** Views already built, by state: a state is never changed in place (crdt.ts), so its view holds. */
const built = new WeakMap<SyncState, View>();

/** The view of a state; callers only read it (one view may be handed to several). */
export function buildView(state: SyncState): View {
  let view = built.get(state);
  if (!view) built.set(state, (view = viewOf(state)));
  return view;
}

function viewOf(state: SyncState): View {
  const fixups: Record<string, EntityDelta> = {};
  const fix = (key: string): EntityDelta => (fixups[key] ??= {});
  const note = (entityKey: string, key: string, at: number, text: string) => {
    if (state.ents[entityKey]?.hist[key]) return;
    (fix(entityKey).hist ??= {})[key] = { at: iso(at), action: 'edited', note: text.slice(0, NOTE_MAX) };
  };
  const name = (device: string) => deviceName(state, device);
  const dev = (head: Head) => name(head.o.slice(0, head.o.lastIndexOf(':')));

  const entries = new Map<string, ViewEntry>();
  for (const [key, entity] of Object.entries(state.ents)) {
    if (!key.startsWith('e:') || !isAlive(entity)) continue;
    const entry = entryOf(key.slice(2), entity);
    if (!entry) continue;
    entries.set(entry.overview.id, entry);

    for (const field of PERSON_FIELDS) {
      const [winner, ...losers] = entity.f[field] ?? [];
      for (const loser of losers) {
        if (sameValue(loser.v, winner!.v)) continue;
        note(key, `conflict:${field}:${loser.o}`, loser.h, `Changed on two devices at the same time: the ${PERSON_FIELD_WORDS[field]} from ${dev(winner!)} was kept; ${dev(loser)} had set it to ${describe(loser.v)}.`);
      }
    }
    const [secretWinner, ...secretLosers] = entity.f.secret ?? [];
    for (const loser of secretLosers) {
      if (loser.v === secretWinner!.v) continue;
      const siblingId = derivedId(entry.overview.id, loser.o);
      const siblingName = `${entry.overview.name.slice(0, 150)} (rotated on ${dev(loser)})`.slice(0, 200);
      note(key, `rotation:${loser.o}`, loser.h, `Rotated on two devices at the same time: this token holds the new secret from ${dev(secretWinner!)}; the one from ${dev(loser)} is kept as "${siblingName}". Both may be live on GitLab: revoke the one you do not use.`);
      if (!state.ents[`e:${siblingId}`]) {
        const gitlab = (entity.f.gitlab ?? []).find((h) => h.o === loser.o)?.v ?? entry.overview.gitlab;
        const { id: _id, history: _history, followUp: _followUp, ...fields } = entry.overview;
        fix(`e:${siblingId}`).f = { ...fields, name: siblingName, gitlab, secret: loser.v, followUp: null };
        fix(`e:${siblingId}`).hist = {
          created: { at: iso(loser.h), action: 'rotated', note: `Kept from a rotation of "${entry.overview.name}" on ${dev(loser)} made at the same time as one on ${dev(secretWinner!)}; revoke one of the two on GitLab.` },
        };
      }
    }
    if (entity.del) note(key, `kept:${shortHash(JSON.stringify(entity.del))}`, state.clock, 'Deleted on one device while it was being changed on another; it was kept.');
  }
  renameClashes(state, entries, fix, note);

  const settings: Partial<VaultSettings> = {};
  for (const [field, heads] of Object.entries(state.ents.settings?.f ?? {})) (settings as Record<string, unknown>)[field] = first(heads);
  return { entries, settings, releases: new Map(Object.entries(state.rel)), fixups };
}

function entryOf(id: string, entity: Entity): ViewEntry | null {
  const value = (field: string) => first(entity.f[field]);
  const secret = value('secret');
  if (typeof value('name') !== 'string' || typeof secret !== 'string') return null;
  const stamp = Math.max(0, ...Object.values(entity.f).flatMap((heads) => heads.map((h) => h.h)));
  const history = Object.entries(entity.hist)
    .sort(([ka, a], [kb, b]) => (a.at < b.at ? -1 : a.at > b.at ? 1 : ka < kb ? -1 : ka > kb ? 1 : 0))
    .map(([, event]) => event)
    .slice(-HISTORY_KEPT);
  const follow = mergeFollowUps((entity.f.followUp ?? []).map((h) => h.v));
  const createdAt = (value('createdAt') as string | undefined) ?? iso(stamp);
  // The time the vault gave the winning write; a token only a merge touched gets the merge's time.
  const updatedMs = Math.max(Date.parse((value('updatedAt') as string | undefined) ?? '') || msOf(stamp), Date.parse(createdAt));
  const overview: EntryOverview = {
    id,
    name: value('name') as string,
    kind: (value('kind') as EntryOverview['kind']) ?? 'other',
    instance: (value('instance') as string | null) ?? null,
    scopes: (value('scopes') as string[]) ?? [],
    expiresAt: (value('expiresAt') as string | null) ?? null,
    description: (value('description') as string) ?? '',
    usedIn: (value('usedIn') as string[]) ?? [],
    leadDays: (value('leadDays') as number[] | null) ?? null,
    createdAt,
    updatedAt: new Date(updatedMs).toISOString(),
    lastVerifiedAt: (value('lastVerifiedAt') as string | null) ?? null,
    lastUsedAt: (value('lastUsedAt') as string | null) ?? null,
    revoked: (value('revoked') as boolean) ?? false,
    gitlab: (value('gitlab') as EntryOverview['gitlab']) ?? { tokenId: null, userId: null, username: null, target: null, accessLevel: null, active: null, revoked: null },
    pendingRotation: (value('pendingRotation') as EntryOverview['pendingRotation']) ?? null,
    followUp: shownFollowUp(follow),
    // Only when there are any, as the vault reads an overview back: else every token would look changed to the engine.
    ...(((f) => (f && Object.keys(f).length ? { facts: f } : {}))(value('facts') as EntryOverview['facts'])),
    history,
  };
  const trashedAt = value('trashedAt');
  if (typeof trashedAt === 'string') overview.trashedAt = trashedAt;
  return { overview, secret, follow };
}

/** Names are unique in a vault: of tokens made with one name on two devices, the first made keeps it. */
function renameClashes(state: SyncState, entries: Map<string, ViewEntry>, fix: (key: string) => EntityDelta, note: (entityKey: string, key: string, at: number, text: string) => void): void {
  const groups = new Map<string, { id: string; head: Head }[]>();
  for (const { overview } of entries.values()) {
    // A token in the Trash has given its name up.
    if (overview.trashedAt !== undefined) continue;
    const head = state.ents[`e:${overview.id}`]!.f.name![0]!;
    const key = normaliseName(overview.name);
    groups.set(key, [...(groups.get(key) ?? []), { id: overview.id, head }]);
  }
  const taken = new Set(groups.keys());
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    group.sort((a, b) => a.head.h - b.head.h || (a.id < b.id ? -1 : 1));
    for (const { id, head } of group.slice(1)) {
      const original = entries.get(id)!.overview.name;
      let n = 2;
      let candidate = '';
      do candidate = `${original.slice(0, 190)} (${n++})`;
      while (taken.has(normaliseName(candidate)));
      taken.add(normaliseName(candidate));
      fix(`e:${id}`).f = { ...(fix(`e:${id}`).f ?? {}), name: candidate };
      note(`e:${id}`, `renamed:${head.o}`, head.h, `Renamed from "${original}" to "${candidate}": a token of that name was made on another device at the same time.`);
    }
  }
}

function describe(value: unknown): string {
  if (value === null || value === undefined || value === '') return 'nothing';
  if (Array.isArray(value)) return value.length ? value.map((v) => `"${String(v)}"`).join(', ') : 'nothing';
  return `"${String(value).slice(0, 300)}"`;
}

export type { HistoryEvent };
