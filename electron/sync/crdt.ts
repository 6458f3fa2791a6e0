// The merged state every device converges to: a delta-state CRDT. Each change a device makes
// is a small delta (one change number, one clock stamp, the vector of what it had seen); a
// replica is a run of deltas plus snapshots; merging is join(), which is commutative,
// associative and idempotent, so the order replicas arrive in never matters.
//
// Per field, a register keeps its "heads": the values no later change overwrote knowingly.
// One head is the usual case; two or more mean two devices changed the field without seeing
// each other's change. The view (view.ts) shows the latest head and keeps the others in the
// token's history. A deletion is a tombstone holding what its device had seen: an edit it had
// not seen keeps the token alive.
import { covers, mergeVectors, type VersionVector } from './clock';
import type { HistoryEvent, ReleaseRecord } from './vault-port';

export interface Head {
  v: unknown;
  /** HLC stamp of the change that wrote it. */
  h: number;
  /** The change: `${device}:${seq}`. */
  o: string;
}

export interface Entity {
  f: Record<string, Head[]>;
  /** What each change in `f` had seen (its version vector), for telling overwrites from conflicts. */
  ops: Record<string, VersionVector>;
  /** History events by a key; a grow-only set. */
  hist: Record<string, HistoryEvent>;
  /** Pointwise maximum of what the deletions had seen; null when never deleted. */
  del: VersionVector | null;
  /** Per device, the last change of it that edited this entity (derived changes excluded). */
  ed: VersionVector;
}

export interface SyncState {
  /** Per device, the highest change number taken in; always causally closed. */
  applied: VersionVector;
  clock: number;
  /** 'e:<entry id>' tokens, 'settings', 'device:<id>' device names. */
  ents: Record<string, Entity>;
  /** The release log, a grow-only set by content key. */
  rel: Record<string, ReleaseRecord>;
}

export interface EntityDelta {
  f?: Record<string, unknown>;
  hist?: Record<string, HistoryEvent>;
  del?: true;
}

/** One change of one device. */
export interface Delta {
  d: string;
  s: number;
  h: number;
  /** What the device had seen when it made the change (its own earlier changes included). */
  c: VersionVector;
  /** Made by merging (a conflict note, a rename), not by a person: it keeps no deleted token alive. */
  derived: boolean;
  ents: Record<string, EntityDelta>;
  rel: Record<string, ReleaseRecord>;
}

export const emptyState = (): SyncState => ({ applied: {}, clock: 0, ents: {}, rel: {} });

export const opKey = (device: string, seq: number) => `${device}:${seq}`;
export function parseOp(o: string): { device: string; seq: number } {
  const at = o.lastIndexOf(':');
  return { device: o.slice(0, at), seq: Number(o.slice(at + 1)) };
}

/** True when `delta` may be taken in: every change it had seen (but its own device's) is already here. */
export function ready(state: SyncState, delta: Delta, ignored: ReadonlySet<string> = new Set()): boolean {
  if ((state.applied[delta.d] ?? 0) !== delta.s - 1) return false;
  return Object.entries(delta.c).every(([device, n]) => device === delta.d || ignored.has(device) || covers(state.applied, device, n));
}

export function deltaAsState(delta: Delta): SyncState {
  const o = opKey(delta.d, delta.s);
  const ents: Record<string, Entity> = {};
  for (const [id, change] of Object.entries(delta.ents)) {
    const f: Record<string, Head[]> = {};
    for (const [field, v] of Object.entries(change.f ?? {})) f[field] = [{ v, h: delta.h, o }];
    const edits = !delta.derived && !change.del && (Object.keys(f).length > 0 || Object.keys(change.hist ?? {}).length > 0);
    ents[id] = {
      f,
      ops: Object.keys(f).length ? { [o]: { ...delta.c } } : {},
      hist: { ...(change.hist ?? {}) },
      del: change.del ? { ...delta.c, [delta.d]: delta.s } : null,
      ed: edits ? { [delta.d]: delta.s } : {},
    };
  }
  return { applied: { [delta.d]: delta.s }, clock: delta.h, ents, rel: { ...delta.rel } };
}

export function join(a: SyncState, b: SyncState): SyncState {
  const ents: Record<string, Entity> = { ...a.ents };
  for (const [id, entity] of Object.entries(b.ents)) ents[id] = ents[id] ? joinEntity(ents[id], entity) : entity;
  return { applied: mergeVectors(a.applied, b.applied), clock: Math.max(a.clock, b.clock), ents, rel: { ...a.rel, ...b.rel } };
}

export const applyDelta = (state: SyncState, delta: Delta): SyncState => join(state, deltaAsState(delta));

function joinEntity(a: Entity, b: Entity): Entity {
  const ops: Record<string, VersionVector> = { ...a.ops };
  for (const [o, vv] of Object.entries(b.ops)) ops[o] = ops[o] ? mergeVectors(ops[o], vv) : vv;
  const f: Record<string, Head[]> = {};
  for (const field of new Set([...Object.keys(a.f), ...Object.keys(b.f)])) f[field] = joinHeads(a.f[field] ?? [], b.f[field] ?? [], ops);
  const used = new Set(Object.values(f).flatMap((heads) => heads.map((h) => h.o)));
  const hist: Record<string, HistoryEvent> = { ...a.hist };
  for (const [key, event] of Object.entries(b.hist)) {
    const mine = hist[key];
    // Two devices may note the same thing in different words; the smaller wins, everywhere.
    if (!mine || JSON.stringify(event) < JSON.stringify(mine)) hist[key] = event;
  }
  return {
    f,
    ops: Object.fromEntries(Object.entries(ops).filter(([o]) => used.has(o))),
    hist,
    del: a.del && b.del ? mergeVectors(a.del, b.del) : (a.del ?? b.del),
    ed: mergeVectors(a.ed, b.ed),
  };
}

/** The heads of both, less every head some other head's change had already seen. Latest first. */
function joinHeads(a: Head[], b: Head[], ops: Record<string, VersionVector>): Head[] {
  const all = new Map<string, Head>();
  for (const head of [...a, ...b]) all.set(head.o, head);
  const heads = [...all.values()];
  const alive = heads.filter((head) => {
    const { device, seq } = parseOp(head.o);
    return !heads.some((other) => other !== head && covers(ops[other.o] ?? {}, device, seq));
  });
  return alive.sort(byLatest);
}

export const byLatest = (x: Head, y: Head): number => y.h - x.h || (y.o < x.o ? -1 : y.o > x.o ? 1 : 0);

/** A token is gone when deleted and no edit the deletions had not seen came after. */
export function isAlive(entity: Entity): boolean {
  if (!entity.del) return true;
  const del = entity.del;
  return Object.entries(entity.ed).some(([device, seq]) => seq > (del[device] ?? 0));
}
