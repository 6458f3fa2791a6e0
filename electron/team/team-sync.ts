// One sync of a team copy: bring the place up to date, settle which member list holds, take
// this person's team keys from it, check every other device's folder and stage what passes,
// run sync's engine on the staged folder, then publish this device's folder signed. The
// engine's merge is the same as for one person's devices; the team layer decides only what
// it may read and signs what it writes.
import { loadSodium, type Sodium } from '../vault/sodium';
import { type SyncReport, needLocal, recordNotSent, syncNow } from '../sync/engine';
import { SyncError } from '../sync/errors';
import { encodeLocal, type LocalSync } from '../sync/local-state';
import { placeFor } from '../sync/places';
import { ReplicaStore } from '../sync/replica-store';
import { takeSyncLock } from '../sync/sync-lock';
import type { SyncableVault } from '../sync/vault-port';
import { type ChainResult, resolveChain } from './chain';
import { TeamError } from './errors';
import { b64, fingerprint, type Identity, unb64 } from './identity';
import { needIdentity, type PrivateStore } from './identity-store';
import { type ListBody, listHash, openKey } from './member-list';
import { ChangeAuthors, contradictedHead } from './provenance';
import { checkDevice, nameIn } from './replica-check';
import { highestSeq, overclaim } from './snapshot-check';
import { mirrorChecked, publishOwn, StagePlace, stageRootFor } from './stage';
import { listsIn } from './team-files';
import { needTeam, type TeamState, updateTeam } from './team-state';
import { type JournalVault, publishJournal, startJournal } from './audit-log';
import { flushLists, type ListVault } from './list-outbox';
import type { ActivityInput } from '../vault/activity-journal';

export type TeamVault = SyncableVault & PrivateStore & JournalVault & ListVault & { noteActivity(records: ActivityInput[]): void };

export interface TeamSyncReport extends SyncReport {
  /** Replicas the team layer refused (or refused in part), each with its sentence. */
  teamRefused: { device: string; why: string }[];
  /** Member-list changes that lost to another made at the same time. */
  lost: string[];
  /** Loud ones: a known person's key changed. */
  warnings: string[];
  /** This device moved to a new team key. */
  rekeyed: boolean;
}

export interface TeamSyncOptions {
  joining?: boolean;
  now?: () => number;
}

/** The member list that holds in the place now (the place already pulled). */
export function currentChain(sodium: Sodium, store: ReplicaStore, team: Pick<TeamState, 'teamId' | 'teamName' | 'pin'> | { teamId: string; teamName: string; pin: null }): ChainResult {
  const found = store.devices().flatMap((d) => listsIn(store.deviceFolder(d), d));
  const outcome = resolveChain(sodium, team.teamId, found, team.pin);
  if (outcome.kind === 'refused') throw new TeamError('LIST_REFUSED', `Nothing was synced with team "${team.teamName}": ${outcome.why}.`);
  return outcome.result;
}

/** Every generation's team key this person can open from the lists that hold. */
export function keysFor(sodium: Sodium, chain: ChainResult, me: Identity, meKey: string): Map<number, Uint8Array> {
  const keys = new Map<number, Uint8Array>();
  for (const { body } of chain.chain)
    for (const [gen, sealed] of Object.entries(body.keys[meKey] ?? {})) {
      const key = openKey(sodium, sealed, me);
      if (!key) throw new TeamError('LIST_REFUSED', `The team key sealed to you in member list version ${body.version} (signed by ${nameIn(body, body.by)}) does not open with your identity; ask a manager to check your fingerprint.`);
      keys.set(Number(gen), key);
    }
  return keys;
}

/** Moves this device to the keys the list gives: a new generation, or a key that replaced one at the same generation. */
function adoptKeys(local: LocalSync, keys: Map<number, Uint8Array>, head: ListBody, retired: string[]): boolean {
  let moved = false;
  for (const [gen, key] of keys) {
    const text = b64(key);
    if (local.keys[gen] !== text) {
      if (local.keys[gen] !== undefined || gen >= local.gen) moved = true;
      local.keys[gen] = text;
    }
  }
  if (head.gen !== local.gen) {
    local.gen = head.gen;
    local.header = { ...local.header, gen: head.gen };
    moved = true;
  }
  local.retired = retired;
  return moved;
}

export function saveLocal(vault: SyncableVault, local: LocalSync): void {
  vault.putSynced([], [], encodeLocal(local));
}

function checkKnown(sodium: Sodium, team: TeamState, head: ListBody, warnings: string[]): void {
  for (const m of head.members) {
    const clash = Object.entries(team.known).find(([key, name]) => name.toLowerCase() === m.name.toLowerCase() && key !== m.key);
    if (clash && !team.known[m.key])
      warnings.push(`WARNING: ${m.name}'s key has changed. The team now lists ${m.name} with fingerprint ${fingerprint(sodium, m)}, not the one seen before (${clash[0].replace(/(.{4})/g, '$1 ').trim()}). Unless ${m.name} told you they made a new identity, compare fingerprints with them in person before trusting it.`);
    team.known[m.key] = m.name;
  }
}

export async function teamSync(vault: TeamVault, options: TeamSyncOptions = {}): Promise<TeamSyncReport> {
  const sodium = await loadSodium();
  needTeam(vault);
  // The lock first, then the state: a sync that ended in another process between a read and the
  // lock would otherwise be rolled back by saveLocal below (its change numbers handed out again).
  const release = takeSyncLock(`${vault.path}.team`);
  try {
    const team = needTeam(vault);
    const identity = needIdentity(vault);
    if (team.removedMe) throw removedError(team);
    // A copy made before the audit log existed starts its journal here.
    startJournal(vault);
    const local = needLocal(vault);
    const real = placeFor(local.place, vault.path);
    const extra = { teamRefused: [] as TeamSyncReport['teamRefused'], lost: [] as string[], warnings: [] as string[], rekeyed: false };
    try {
      await real.pull();
    } catch (error) {
      if (!(error instanceof SyncError)) throw error;
      return { ...(await syncNow(vault, new StagePlace(stageRootFor(vault.path), real.description, error), options)), ...extra };
    }
    const store = new ReplicaStore(real.root, team.teamId);
    // A member-list change a kill left between this copy and the place goes out first.
    flushLists(sodium, vault, identity, store, local.deviceId);
    const chain = currentChain(sodium, store, team);
    const { head } = chain;
    team.pin = { version: head.version, hash: chain.headHash };
    const seen = new Set(team.lostSeen ?? []);
    extra.lost = chain.lost.filter((l) => !seen.has(l.hash)).map((l) => l.why);
    team.lostSeen = chain.lost.map((l) => l.hash);
    if (!head.members.some((m) => m.key === team.me)) {
      const gone = head.removed.find((r) => r.key === team.me);
      if (!gone) throw new TeamError('NOT_A_MEMBER', `You are not a member of team "${team.teamName}" (fingerprint ${fingerprint(sodium, identity)}); a manager adds you with your invite code.`);
      team.removedMe = { by: nameIn(head, gone.by), at: gone.at };
      updateTeam(vault, (now) => (now.removedMe = team.removedMe));
      throw removedError(team, extra.lost[0]);
    }
    checkKnown(sodium, team, head, extra.warnings);

    const keys = keysFor(sodium, chain, identity, team.me);
    const retired = head.removed.flatMap((r) => Object.keys(r.devices));
    extra.rekeyed = adoptKeys(local, keys, head, retired);
    saveLocal(vault, local);
    // Only what this sync learned goes back: the state read at its start may be older than the
    // vault's by now (a removal's exposures and list, recorded by another process while the place
    // was pulled; the lists flushed above).
    updateTeam(vault, (now) => Object.assign(now, { pin: team.pin, lostSeen: team.lostSeen, known: { ...now.known, ...team.known } }));

    const stage = new StagePlace(stageRootFor(vault.path), real.description);
    const staged = new ReplicaStore(stage.root, team.teamId);
    const offending = new Map<string, string[]>();
    for (const d of store.devices()) for (const f of listsIn(store.deviceFolder(d), d)) {
      const why = chain.offences.get(listHash(sodium, f.signed.body));
      if (why) offending.set(d, [...(offending.get(d) ?? []), why]);
    }
    const label = (device: string) => {
      const named = local.state.ents[`device:${device}`]?.f.name?.[0]?.v;
      return typeof named === 'string' && named ? named : device.slice(0, 8);
    };
    const passed = new Map<string, Map<string, Uint8Array>>();
    const owners = new Map<string, string>();
    for (const device of store.devices()) {
      if (device === local.deviceId || local.forgotten.includes(device)) continue;
      const verdict = checkDevice(sodium, store.deviceFolder(device), team.teamId, device, head, offending.get(device) ?? [], label(device));
      if (verdict.kind === 'refused') {
        extra.teamRefused.push({ device, why: verdict.why });
        continue;
      }
      if (verdict.refused) extra.teamRefused.push({ device, why: verdict.refused });
      passed.set(device, verdict.files);
      if (verdict.owner) owners.set(device, verdict.owner.name);
    }
    const present = new Set(store.devices());
    const bound = (other: string) =>
      other === local.deviceId ? (local.state.applied[other] ?? 0) : retired.includes(other) || !present.has(other) || !passed.has(other) ? Infinity : highestSeq(passed.get(other) ?? new Map());
    const authors = new ChangeAuthors(sodium, store, head, keys);
    for (const [device, files] of passed) {
      const nameOf = (other: string) => (other === local.deviceId ? 'this device' : `${owners.get(other) ?? 'someone'}'s device ${label(other)}`);
      const why = overclaim(sodium, team.teamId, device, files, keys, bound, nameOf) ?? contradictedHead(authors, sodium, team.teamId, device, files, keys, nameOf);
      if (why) {
        extra.teamRefused.push({ device, why: `The replica of ${owners.get(device) ?? 'someone'}'s device ${label(device)} was refused whole, and nothing of it merged: ${why}.` });
        continue;
      }
      mirrorChecked(staged.deviceFolder(device), files);
    }

    const report = await syncNow(vault, stage, options);
    const after = needLocal(vault);
    publishOwn(sodium, identity, team.teamId, after.deviceId, staged.deviceFolder(after.deviceId), store.deviceFolder(after.deviceId));
    const logKey = after.keys[after.gen];
    if (logKey) publishJournal(sodium, vault, identity, team.teamId, after.deviceId, after.gen, unb64(logKey), store.deviceFolder(after.deviceId));
    try {
      await real.publish(store.deviceFolder(after.deviceId).slice(real.root.length + 1), `tokenvault team: ${report.sent} change(s)`);
    } catch (error) {
      if (!(error instanceof SyncError)) throw error;
      report.offline = error.message;
      recordNotSent(vault, error.message);
    }
    return { ...report, ...extra };
  } finally {
    release();
  }
}

function removedError(team: TeamState, why?: string): TeamError {
  return new TeamError('REMOVED', `You were removed from team "${team.teamName}" by ${team.removedMe!.by} on ${team.removedMe!.at.slice(0, 10)}${why ? ` (${why})` : ''}: this copy keeps the tokens you could read then, and syncs no more.`);
}
