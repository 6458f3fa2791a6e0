// One sync: take in what this device changed, merge what the others wrote, write the result
// into the vault, publish this device's replica. Write order keeps every step safe to kill:
//   1. this device's change goes to its replica first (a new file, renamed into place);
//   2. the vault then takes the merged entries and sync's state in ONE transaction.
// Killed after 1, the next sync finds its own change in its replica and takes it in again;
// killed inside 2, SQLite keeps all of it or none. A process writing the vault between our
// read and our write makes the transaction refuse (BUSY), and the sync starts over.
import { loadSodium, type Sodium } from '../vault/sodium';
import { type Delta, applyDelta, emptyState, join, ready, type SyncState } from './crdt';
import { deltaFrom, localDelta, readLocal, releaseKey } from './diff';
import { SyncError } from './errors';
import { decodeLocal, encodeLocal, type LocalSync } from './local-state';
import type { Place } from './place';
import { dataFileName, parseDataFile } from './replica-format';
import { keyRace, raceLost, raceWon } from './password-race';
import { vouchedBefore, vouchersOf } from './key-chain';
import { readDevice } from './replica-reader';
import { readNewest } from './newest';
import { ReplicaStore } from './replica-store';
import { sealData } from './replica-format';
import { compactIfDue, newestBehind, writeOwnHeader } from './own-replica';
import { buildView, deviceName, type View } from './view';
import { sameValue } from './fields';
import { takeSyncLock } from './sync-lock';
import type { SyncableVault, SyncUpsert } from './vault-port';

export interface SyncReport {
  added: string[];
  changed: string[];
  removed: string[];
  /** Sentences merging wrote into tokens' histories this time (concurrent changes kept). */
  conflicts: string[];
  refused: { device: string; why: string }[];
  /** Another device changed the master password: its replica waits for the new one. */
  needsPassword: boolean;
  /** Two devices changed the master password at once: which password sync keeps, in one sentence (password-race.ts). */
  keyRace?: string | null;
  /** The place could not be reached (its sentence); the vault was left as it was. */
  offline: string | null;
  /** This device's own changes that went out. */
  sent: number;
  /** Why this sync did not read every replica here (a code and its sentence); absent when it did. */
  problem?: { code: SyncProblemCode; message: string } | null;
}

export type SyncProblemCode = 'REPLICA_REFUSED' | 'KEY_NOT_VOUCHED' | 'NEEDS_PASSWORD' | 'REPLICA_MISSING' | 'SEGMENT_MISSING';

export const NEEDS_PASSWORD = 'Another device changed the master password; give the new one to sync with it. Your changes here are kept meanwhile.';

/** A key change the key this device holds does not vouch for, and what the person can do about it. */
export const unvouched = (gen: number): string =>
  `its device.json carries a new sync key (generation ${gen}) that the key this device holds does not vouch for — planted by someone who can write the sync place, or made on a device whose change this one can no longer check. No password is asked for it and nothing is written under it. If you changed the password on another device yourself, join again from there: "tokenvault sync join" into a new vault file with the password set there`;

const ATTEMPTS = 4;

export function loadLocal(vault: SyncableVault): LocalSync | null {
  const blob = vault.readSyncState();
  if (!blob) return null;
  const memo = vault.syncMemo;
  if (memo && Buffer.compare(memo.blob, blob) === 0) return copyLocal(memo.value as LocalSync);
  const local = decodeLocal(blob);
  vault.syncMemo = { blob, value: copyLocal(local) };
  return local;
}

/** Writes the merged entries and sync's state in one transaction, and keeps the state decoded. */
function storeLocal(vault: SyncableVault, upserts: SyncUpsert[], removals: { id: string; expected: string }[], local: LocalSync): void {
  const blob = encodeLocal(local);
  vault.putSynced(upserts, removals, blob);
  vault.syncMemo = { blob, value: copyLocal(local) };
}

/**
 * A copy a caller may change without touching the memo. The merged state is shared, not copied:
 * crdt.ts never changes a state in place (join and applyDelta return new objects), and at 10,000
 * tokens copying it costs what parsing it does.
 */
function copyLocal(local: LocalSync): LocalSync {
  const { state, ...rest } = local;
  return { ...structuredClone(rest), state };
}

export function needLocal(vault: SyncableVault): LocalSync {
  const local = loadLocal(vault);
  if (!local) throw new SyncError('NOT_SET_UP', 'This vault does not sync yet; set it up with "tokenvault sync setup --folder DIR" or "--git URL".');
  return local;
}

export function keysOf(sodium: Sodium, local: LocalSync): Map<number, Uint8Array> {
  return new Map(Object.entries(local.keys).map(([gen, key]) => [Number(gen), new Uint8Array(Buffer.from(key, 'base64'))]));
}

export interface SyncOptions {
  /** The first sync of a device that just joined: its empty vault holds no changes of its own. */
  joining?: boolean;
  now?: () => number;
  /** Sync keys come from the master password (not a team's member list): a same-generation key is a race (password-race.ts). */
  keysFromPassword?: boolean;
}

export async function syncNow(vault: SyncableVault, place: Place, options: SyncOptions = {}): Promise<SyncReport> {
  const sodium = await loadSodium();
  const release = takeSyncLock(vault.path);
  try {
    let offline: string | null = null;
    try {
      await place.pull();
    } catch (error) {
      if (!(error instanceof SyncError)) throw error;
      offline = error.message;
    }
    for (let attempt = 1; ; attempt++) {
      let report: SyncReport;
      try {
        report = runOnce(sodium, vault, place, offline, options);
      } catch (error) {
        const unusable = replicaUnusable(error);
        if (unusable) {
          // Nothing of this sync was recorded in the vault: its changes stay pending for the next.
          recordNotSent(vault, unusable, options.now);
          return { added: [], changed: [], removed: [], conflicts: [], refused: [], needsPassword: false, offline: unusable, sent: 0 };
        }
        if (attempt >= ATTEMPTS || !(error instanceof Error && 'code' in error && error.code === 'BUSY' && !(error instanceof SyncError))) throw error;
        continue;
      }
      const waiting = needLocal(vault).unsent ?? 0;
      if (report.sent || waiting || offline === null) {
        try {
          const { syncId, deviceId } = needLocal(vault);
          await place.publish(new ReplicaStore(place.root, syncId).deviceFolder(deviceId).slice(place.root.length + 1), `tokenvault: ${report.sent + waiting} change(s)`);
          // Changes an earlier refused push left in the replica went out with this one.
          if (waiting) {
            report.sent += waiting;
            const local = needLocal(vault);
            local.unsent = 0;
            vault.putSynced([], [], encodeLocal(local));
          }
        } catch (error) {
          if (!(error instanceof SyncError)) throw error;
          report.offline = error.message;
          recordNotSent(vault, error.message, options.now, report.sent);
          report.sent = 0;
        }
      }
      return report;
    }
  } finally {
    release();
  }
}

/**
 * The merge was written (and recorded as "Synced.") but this device's replica did not reach the
 * place — a push the remote refused: the status must say so, not the merge's success.
 */
export function recordNotSent(vault: SyncableVault, message: string, now: () => number = Date.now, unsent = 0): void {
  const local = needLocal(vault);
  local.lastSync = { at: new Date(now()).toISOString(), ok: false, message, code: 'NOT_SENT' };
  if (unsent) local.unsent = (local.unsent ?? 0) + unsent;
  vault.putSynced([], [], encodeLocal(local));
}

/**
 * A file-system error inside the place's folder (this device's replica moved away, a plain file
 * where its folder was, a read-only mount) as one sentence naming the path and the OS's words;
 * null for anything else, which stays an internal error.
 */
function replicaUnusable(error: unknown): string | null {
  if (!(error instanceof Error) || error instanceof SyncError) return null;
  const { code, path: where, syscall } = error as NodeJS.ErrnoException;
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code) || typeof where !== 'string' || !syscall) return null;
  const words = new RegExp(`^${code}: ([^,]+)`).exec(error.message)?.[1] ?? code;
  return `This device's changes were not sent: its replica at ${where} could not be used (${code}: ${words}). They are kept here and go out at the next sync that can write there.`;
}

function runOnce(sodium: Sodium, vault: SyncableVault, place: Place, offline: string | null, options: SyncOptions): SyncReport {
  const now = options.now ?? Date.now;
  const local = needLocal(vault);
  const store = new ReplicaStore(place.root, local.syncId);
  const keys = keysOf(sodium, local);
  const me = local.deviceId;
  const report: SyncReport = { added: [], changed: [], removed: [], conflicts: [], refused: [], needsPassword: false, offline, sent: 0 };
  let state = local.state;
  const placeHere = offline === null;
  const ignored = new Set([...local.forgotten, ...(local.retired ?? [])]);

  if (placeHere) {
    store.sweepTemps(me);
    // Changes this device wrote to its replica that a killed sync never recorded.
    const own = readDevice(sodium, store, me, state.applied[me] ?? 0, keys);
    if (own.kind === 'ok') state = takeIn(state, own.snapshot, own.deltas, ignored);
  }
  const base = buildView(state);
  const read = readLocal(vault);
  const secretsNow = new Map<string, string>();
  const publish = (delta: Delta) => {
    if (placeHere) store.write(me, { kind: 'seg', gen: local.gen, seq: delta.s, file: dataFileName('seg', local.gen, delta.s) }, sealData(sodium, keys.get(local.gen)!, local.syncId, me, parseDataFile(dataFileName('seg', local.gen, delta.s))!, delta));
    report.sent++;
    state = applyDelta(state, delta);
  };

  if (!options.joining && placeHere) {
    const mine = localDelta((id) => remember(secretsNow, id, vault.readSecret(id)), read, state, base, me, now());
    if (mine) publish(mine);
  }
  if (placeHere && state.ents[`device:${me}`]?.f.name?.[0]?.v !== local.deviceName) publish(deltaFrom(state, me, { [`device:${me}`]: { f: { name: local.deviceName } } }, {}, true, now()));

  if (placeHere) {
    const snapshots: SyncState[] = [];
    const pending: Delta[] = [];
    const short: Short[] = [];
    local.refused = {};
    for (const device of store.devices()) {
      if (device === me || local.forgotten.includes(device)) continue;
      const header = store.header(device);
      if (header === null) continue;
      if (header === 'invalid' || header.deviceId !== device) {
        refuse(report, local, state, device, 'its device.json is damaged or was tampered with');
        continue;
      }
      if (header.syncId !== local.syncId) {
        refuse(report, local, state, device, `it belongs to another vault (${header.syncId})`);
        continue;
      }
      let race = options.keysFromPassword ? keyRace(local, header) : null;
      if (options.keysFromPassword && (race || (header.gen > local.gen && !keys.has(header.gen)))) {
        // A key this device does not hold: taken only when the key it writes under now vouches for it (key-chain.ts).
        const vouching = vouchedBefore(sodium, header, vouchersOf(keys, local.gen, local.header.chain, header));
        if (vouching === 'unvouched') {
          refuse(report, local, state, device, unvouched(header.gen), 'KEY_NOT_VOUCHED');
          continue;
        }
        if (vouching === 'same-key') race = null;
      }
      if (race) {
        const name = deviceName(state, device);
        if (race === 'theirs') {
          report.needsPassword = true;
          local.needsPasswordFor = Math.max(local.needsPasswordFor ?? 0, header.gen);
          report.keyRace = raceLost(name);
        } else report.keyRace ??= raceWon(name);
        continue;
      }
      const newest = readNewest(sodium, store, device, keys);
      if (newest.kind === 'bad') {
        refuse(report, local, state, device, newest.why);
        continue;
      }
      const got = readDevice(sodium, store, device, state.applied[device] ?? 0, keys);
      if (got.kind === 'refused') {
        refuse(report, local, state, device, got.why);
        continue;
      }
      if (options.keysFromPassword && got.lockedGen !== null && got.lockedGen > header.gen) {
        refuse(report, local, state, device, `it holds files under key generation ${got.lockedGen}, which its own device.json does not carry (planted)`);
        continue;
      }
      // Its newest change, as it announced it: beyond what its files here reach is a change not (yet) here.
      const seen = local.announced?.[device] ?? null;
      const announced = Math.max(newest.kind === 'ok' ? newest.seq : 0, seen ?? 0);
      if (newest.kind === 'ok') (local.announced ??= {})[device] = announced;
      const reached = Math.max(state.applied[device] ?? 0, got.snapshot?.applied[device] ?? 0, got.deltas.at(-1)?.s ?? 0);
      if (got.lockedGen === null && !ignored.has(device)) {
        if (reached < announced) short.push({ device, reached, announced });
        else if (newest.kind === 'absent' && seen !== null) short.push({ device, reached, announced: null });
      }
      if (got.lockedGen !== null || (header.gen > local.gen && !keys.has(header.gen))) {
        report.needsPassword = true;
        local.needsPasswordFor = Math.max(local.needsPasswordFor ?? 0, got.lockedGen ?? header.gen);
      }
      if (got.snapshot) snapshots.push(got.snapshot);
      pending.push(...got.deltas);
    }
    missingReplicas(report, store, state, me, ignored);
    missingSegments(report, state, short);
    for (const snapshot of snapshots) state = join(state, snapshot);
    state = takeIn(state, null, pending, ignored);
    changesWaiting(report, state, pending, ignored);
    if (!report.needsPassword) local.needsPasswordFor = null;

    // Fix-ups (notes, renames, kept rotations) are changes of this device too; they settle in a step or two.
    for (let round = 0; round < 4; round++) {
      const { fixups } = buildView(state);
      if (!Object.keys(fixups).length) break;
      for (const change of Object.values(fixups)) for (const event of Object.values(change.hist ?? {})) if (event.note) report.conflicts.push(event.note);
      publish(deltaFrom(state, me, fixups, {}, true, now()));
    }
  }

  if (!placeHere) {
    // Nothing merged and nothing sent: only the status moves. The vault keeps its own changes.
    local.lastSync = { at: new Date(now()).toISOString(), ok: false, message: offline!, code: 'PLACE_UNREACHABLE' };
    storeLocal(vault, [], [], local);
    return report;
  }
  const final = buildView(state);
  writeVault(vault, read, base, final, secretsNow, local, state, report);
  compactIfDue(sodium, store, local, keys);
  if (report.sent || local.header.syncedAt < new Date(now() - 3600_000).toISOString() || store.header(me) === null || newestBehind(sodium, store, local, keys)) writeOwnHeader(sodium, store, local, now());
  return report;
}

function remember(map: Map<string, string>, id: string, secret: string): string {
  map.set(id, secret);
  return secret;
}

/** Snapshots joined, then each delta as soon as what it had seen is here; the rest wait. */
function takeIn(state: SyncState, snapshot: SyncState | null, deltas: Delta[], ignored: ReadonlySet<string>): SyncState {
  let next = snapshot ? join(state, snapshot) : state;
  let waiting = deltas.filter((d) => d.s > (next.applied[d.d] ?? 0));
  for (let progress = true; progress && waiting.length; ) {
    progress = false;
    const still: Delta[] = [];
    for (const delta of waiting) {
      if (delta.s <= (next.applied[delta.d] ?? 0)) continue;
      if (ready(next, delta, ignored)) {
        next = applyDelta(next, delta);
        progress = true;
      } else still.push(delta);
    }
    waiting = still;
  }
  return next;
}

/**
 * Devices whose changes this one merged before, not forgotten, whose replica is not in the place
 * now: an unmounted disk or a cloud folder not fetched looks like an empty place, and a sync that
 * read none of them is not whole (never "Synced"). Removing a device's replica on purpose is
 * done with "sync forget" first.
 */
function missingReplicas(report: SyncReport, store: ReplicaStore, state: SyncState, me: string, ignored: ReadonlySet<string>): void {
  const there = new Set(store.devices().filter((d) => store.header(d) !== null));
  const gone = Object.keys(state.applied).filter((d) => d !== me && !ignored.has(d) && !there.has(d));
  if (!gone.length || report.problem) return;
  const names = gone.map((d) => `"${deviceName(state, d)}"`).join(', ');
  report.problem = {
    code: 'REPLICA_MISSING',
    message: `The replica of ${names} is missing from the sync place, so ${gone.length === 1 ? 'its' : 'their'} changes were not read: check that the folder is mounted or the place reachable (an empty folder where a disk should be looks like this). If ${gone.length === 1 ? 'that device' : 'those devices'} no longer sync${gone.length === 1 ? 's' : ''}, "tokenvault sync forget" ${gone.length === 1 ? 'it' : 'them'}.`,
  };
}

/** A device whose newest.json names a change beyond the files of it here; `announced` null: its newest.json went missing. */
interface Short {
  device: string;
  reached: number;
  announced: number | null;
}

/**
 * Devices whose newest change (newest.ts) is not among the files of their replica here: a sync
 * engine still carrying it, or a file deleted. What is there was merged; the sync is not whole.
 */
function missingSegments(report: SyncReport, state: SyncState, short: Short[]): void {
  if (!short.length || report.problem) return;
  const one = (s: Short): string => {
    const name = `"${deviceName(state, s.device)}"`;
    if (s.announced === null) return `The replica of ${name} no longer holds the newest.json that names its newest change, so whether its newest changes are here cannot be told`;
    const n = s.announced - s.reached;
    return `The replica of ${name} names change ${s.announced} as its newest, but holds changes only up to ${s.reached}, so ${n === 1 ? 'that change was' : `its last ${n} changes were`} not merged`;
  };
  report.problem = {
    code: 'SEGMENT_MISSING',
    message: `${short.map(one).join('; ')}. The sync engine may still be carrying ${short.length === 1 ? 'that device\'s' : 'those devices\''} files: let it finish, then sync again. If a file was deleted, the next sync on ${short.length === 1 ? 'that device writes its' : 'those devices writes their'} replica whole again; if ${short.length === 1 ? 'it' : 'one'} no longer syncs, "tokenvault sync forget" it.`.slice(0, 1000),
  };
}

/**
 * Changes read here that could not be taken in because a change of another device they were made
 * after is not here (its file deleted, or carried later than theirs): they wait, and the sync is
 * not whole. Another problem already named (a replica refused or waiting for a password) explains them.
 */
function changesWaiting(report: SyncReport, state: SyncState, pending: Delta[], ignored: ReadonlySet<string>): void {
  if (report.problem || report.needsPassword || report.keyRace) return;
  const awaited = new Map<string, number>();
  const waiting = new Set<string>();
  for (const delta of pending) {
    if (delta.s <= (state.applied[delta.d] ?? 0) || ignored.has(delta.d)) continue;
    for (const [device, n] of Object.entries(delta.c)) {
      if (device === delta.d || ignored.has(device) || (state.applied[device] ?? 0) >= n) continue;
      awaited.set(device, Math.max(awaited.get(device) ?? 0, n));
      waiting.add(delta.d);
    }
  }
  if (!awaited.size) return;
  const quoted = (devices: Iterable<string>) => [...devices].map((d) => `"${deviceName(state, d)}"`).join(', ');
  const what = [...awaited].map(([device, n]) => `change ${n} of "${deviceName(state, device)}"`).join(', ');
  report.problem = {
    code: 'SEGMENT_MISSING',
    message: `Changes of ${quoted(waiting)} were not merged: they were made after ${what}, which ${awaited.size === 1 ? 'is' : 'are'} not in the sync place. The sync engine may still be carrying ${awaited.size === 1 ? 'that file' : 'those files'}: let it finish, then sync again. If ${awaited.size === 1 ? 'it was' : 'they were'} deleted, the next sync on ${quoted(awaited.keys())} writes ${awaited.size === 1 ? 'its' : 'their'} replica whole again.`.slice(0, 1000),
  };
}

function refuse(report: SyncReport, local: LocalSync, state: SyncState, device: string, why: string, code: 'REPLICA_REFUSED' | 'KEY_NOT_VOUCHED' = 'REPLICA_REFUSED'): void {
  const sentence = `The replica of ${deviceName(state, device)} was refused, and nothing of it merged: ${why}.`;
  if (report.problem?.code !== 'KEY_NOT_VOUCHED') report.problem = { code, message: sentence };
  report.refused.push({ device, why: sentence });
  local.refused[device] = sentence;
}

function writeVault(vault: SyncableVault, read: ReturnType<typeof readLocal>, base: View, final: View, secretsNow: Map<string, string>, local: LocalSync, state: SyncState, report: SyncReport): void {
  const settingsPatch = Object.fromEntries(Object.entries(final.settings).filter(([field, value]) => !sameValue(value, (read.settings as unknown as Record<string, unknown>)[field])));
  if (Object.keys(settingsPatch).length) vault.updateSettings(settingsPatch);

  const here = new Set([...local.releasesHere, ...read.releases.map(releaseKey)]);
  const missing = [...final.releases].filter(([key]) => !here.has(key)).sort(([, a], [, b]) => (a.at < b.at ? -1 : 1));
  for (const [key, record] of missing.slice(-500)) {
    vault.logRelease(record, 'merged');
    here.add(key);
  }

  const current = new Map(read.entries.map((e) => [e.id, e]));
  const upserts: SyncUpsert[] = [];
  for (const [id, entry] of final.entries) {
    const now = current.get(id);
    if (!now) {
      upserts.push({ overview: entry.overview, secret: entry.secret, expected: null });
      report.added.push(entry.overview.name);
      continue;
    }
    const secretHere = secretsNow.get(id) ?? base.entries.get(id)?.secret;
    const secretChanged = secretHere !== entry.secret;
    if (!secretChanged && sameValue(now, entry.overview)) continue;
    upserts.push({ overview: entry.overview, secret: secretChanged ? entry.secret : null, expected: now.updatedAt });
    report.changed.push(entry.overview.name);
  }
  const removals = read.entries.filter((e) => !final.entries.has(e.id)).map((e) => ({ id: e.id, expected: e.updatedAt }));
  report.removed.push(...read.entries.filter((e) => !final.entries.has(e.id)).map((e) => e.name));

  local.releasesHere = [...here].filter((key) => final.releases.has(key));
  local.state = state;
  if (report.needsPassword && !report.problem) report.problem = { code: 'NEEDS_PASSWORD', message: report.keyRace ?? NEEDS_PASSWORD };
  // "Synced." only when every replica here was read: a refused one, or one waiting for a password, is named instead.
  local.lastSync = {
    at: new Date().toISOString(),
    ok: !report.problem && !report.offline,
    message: report.offline ?? report.problem?.message ?? report.keyRace ?? 'Synced.',
    ...(report.problem ? { code: report.problem.code } : {}),
  };
  storeLocal(vault, upserts, removals, local);
}

export { emptyState };
