// Making, joining and changing a team: each change to the members is a new signed version of
// the member list, written into this device's own folder in the place, then a team sync
// publishes it with everything else.
import { randomBytes } from 'node:crypto';
import { loadSodium, type Sodium } from '../vault/sodium';
import { loadLocal, needLocal } from '../sync/engine';
import type { PlaceConfig } from '../sync/local-state';
import { placeFor } from '../sync/places';
import { REPLICA_FORMAT } from '../sync/replica-format';
import { ReplicaStore, syncIdsIn } from '../sync/replica-store';
import { freshLocal } from '../sync/setup';
import { resolveChain, type ChainResult } from './chain';
import { TeamError } from './errors';
import { b64, fingerprint, type Identity, memberKey, readInviteCode } from './identity';
import { needIdentity, writeIdentity } from './identity-store';
import { flushLists, recordListChange, writeOwnFiles } from './list-outbox';
import { genesis, listHash, nextVersion, type ListBody, type Role, teamIdOf } from './member-list';
import { nameIn, takenIn } from './replica-check';
import { listsIn, readOwner } from './team-files';
import { markOf } from './offboarding';
import { startJournal } from './audit-log';
import { needTeam, readTeam, type TeamState, writeTeam } from './team-state';
import { currentChain, keysFor, saveLocal, teamSync, type TeamSyncReport, type TeamVault } from './team-sync';

/** A team copy writes no password-wrapped key: its key comes sealed in the member list. */
const NO_PASSWORD = { kdf: { alg: 'argon2id13' as const, opsLimit: 1, memLimitBytes: 1, salt: '' }, wrappedKey: '' };

function startCopy(vault: TeamVault, identity: Identity, config: PlaceConfig, deviceName: string, teamId: string, gen: number, keys: Map<number, Uint8Array>, state: Omit<TeamState, 'version' | 'exposures' | 'removedMe' | 'markKey'>): string {
  if (loadLocal(vault) || readTeam(vault)) throw new TeamError('ALREADY_TEAM', 'This vault already syncs; a team copy is made in a new vault file (give one with --vault).');
  const deviceId = randomBytes(8).toString('hex');
  const local = freshLocal({
    syncId: teamId,
    deviceId,
    deviceName,
    place: config,
    gen,
    keys: Object.fromEntries([...keys].map(([g, k]) => [String(g), b64(k)])),
    header: { format: REPLICA_FORMAT, syncId: teamId, deviceId, gen, ...NO_PASSWORD, syncedAt: new Date().toISOString() },
  });
  writeIdentity(vault, identity);
  writeTeam(vault, { version: 1, ...state, exposures: [], removedMe: null, markKey: randomBytes(32).toString('base64') });
  startJournal(vault);
  saveLocal(vault, local);
  return deviceId;
}

/** Makes the new, empty vault `vault` the first copy of a new team, with `identity` its manager. */
export async function createTeam(vault: TeamVault, identity: Identity, teamName: string, config: PlaceConfig, deviceName: string): Promise<{ teamId: string; report: TeamSyncReport }> {
  const sodium = await loadSodium();
  const place = placeFor(config, vault.path);
  await place.pull();
  const teamKey = sodium.randombytes_buf(32);
  const first = genesis(sodium, identity, teamName.trim().slice(0, 80) || 'Team', teamKey);
  const hash = listHash(sodium, first.body);
  const teamId = teamIdOf(hash);
  const me = memberKey(sodium, identity);
  const deviceId = startCopy(vault, identity, config, deviceName, teamId, 1, new Map([[1, teamKey]]), { teamId, teamName: JSON.parse(first.body).teamName, me, pin: { version: 1, hash }, known: { [me]: identity.name } });
  writeOwnFiles(sodium, identity, new ReplicaStore(place.root, teamId), deviceId, [first]);
  return { teamId, report: await teamSync(vault) };
}

/** The teams in the place that list `identity` as a member: id, name, and the chain. */
async function teamsListing(sodium: Sodium, root: string, me: string): Promise<{ teamId: string; chain: ChainResult; member: boolean }[]> {
  const out: { teamId: string; chain: ChainResult; member: boolean }[] = [];
  for (const teamId of syncIdsIn(root)) {
    const store = new ReplicaStore(root, teamId);
    const outcome = resolveChain(sodium, teamId, store.devices().flatMap((d) => listsIn(store.deviceFolder(d), d)), null);
    if (outcome.kind !== 'ok') continue;
    out.push({ teamId, chain: outcome.result, member: outcome.result.head.members.some((m) => m.key === me) || outcome.result.head.removed.some((r) => r.key === me) });
  }
  return out.filter((t) => t.member);
}

/** Makes the new, empty vault `vault` this person's copy of a team in the place that lists them. */
export async function joinTeam(vault: TeamVault, identity: Identity, config: PlaceConfig, deviceName: string, wanted?: string): Promise<{ teamName: string; managers: { name: string; fingerprint: string }[]; report: TeamSyncReport }> {
  const sodium = await loadSodium();
  const place = placeFor(config, vault.path);
  await place.pull();
  const me = memberKey(sodium, identity);
  const teams = (await teamsListing(sodium, place.root, me)).filter((t) => !wanted || t.teamId === wanted || t.chain.head.teamName === wanted);
  const mine = `your fingerprint is ${fingerprint(sodium, identity)}`;
  if (!teams.length) throw new TeamError('NO_TEAM_HERE', `No team in ${place.description} lists you yet (${mine}); send your invite code ("tokenvault identity") to a manager and join after they have added you.`);
  if (teams.length > 1) throw new TeamError('NO_TEAM_HERE', `${place.description} holds ${teams.length} teams that list you (${teams.map((t) => `"${t.chain.head.teamName}" ${t.teamId}`).join(', ')}); say which with --team.`);
  const { teamId, chain } = teams[0]!;
  const { head } = chain;
  const removed = head.removed.find((r) => r.key === me);
  if (removed) throw new TeamError('REMOVED', `You were removed from team "${head.teamName}" by ${nameIn(head, removed.by)} on ${removed.at.slice(0, 10)}; a manager can add you again only with a new identity.`);
  const keys = keysFor(sodium, chain, identity, me);
  startCopy(vault, identity, config, deviceName, teamId, head.gen, keys, {
    teamId,
    teamName: head.teamName,
    me,
    pin: { version: head.version, hash: chain.headHash },
    known: Object.fromEntries(head.members.map((m) => [m.key, m.name])),
  });
  const report = await teamSync(vault, { joining: true });
  const managers = head.members.filter((m) => m.role === 'manager').map((m) => ({ name: m.name, fingerprint: fingerprint(sodium, m) }));
  return { teamName: head.teamName, managers, report };
}

/** The chain as the place holds it now, and this person's standing in it: a manager, or MANAGERS_ONLY. */
async function asManager(vault: TeamVault, what: string) {
  const sodium = await loadSodium();
  const team = needTeam(vault);
  const local = needLocal(vault);
  const place = placeFor(local.place, vault.path);
  await place.pull();
  const store = new ReplicaStore(place.root, team.teamId);
  // A change a kill left between the team copy and the place goes out before the next is made.
  flushLists(sodium, vault, needIdentity(vault), store, local.deviceId);
  const chain = currentChain(sodium, store, team);
  const me = chain.head.members.find((m) => m.key === team.me);
  if (!me) throw new TeamError('REMOVED', `You are no longer a member of team "${team.teamName}"; nothing was changed.`);
  if (me.role !== 'manager') throw new TeamError('NOT_A_MANAGER', `Only a manager of team "${team.teamName}" may ${what}; you are a member. Ask ${chain.head.members.filter((m) => m.role === 'manager').map((m) => m.name).join(' or ')}.`);
  const keys = new Map(Object.entries(local.keys).map(([g, k]) => [Number(g), new Uint8Array(Buffer.from(k, 'base64'))]));
  return { sodium, team, local, store, chain, keys };
}

export interface InviteOptions {
  role?: Role;
  /** The person's key changed and the manager checked the new fingerprint with them. */
  newKey?: boolean;
}

/** Adds the person an invite code names; the team key is sealed to them in the new list version. */
export async function inviteMember(vault: TeamVault, identity: Identity, code: string, options: InviteOptions = {}): Promise<{ name: string; fingerprint: string; report: TeamSyncReport }> {
  const { sodium, team, local, store, chain, keys } = await asManager(vault, 'add members');
  const who = readInviteCode(sodium, code);
  const key = memberKey(sodium, who);
  const { head } = chain;
  const print = fingerprint(sodium, who);
  if (head.members.some((m) => m.key === key)) throw new TeamError('BAD_INVITE', `${nameIn(head, key)} (fingerprint ${print}) is already a member of team "${team.teamName}".`);
  if (head.removed.some((r) => r.key === key)) throw new TeamError('BAD_INVITE', `That invite carries the key of ${nameIn(head, key)}, who was removed from team "${team.teamName}"; they rejoin only with a new identity.`);
  const known = Object.entries({ ...team.known, ...Object.fromEntries(head.removed.map((r) => [r.key, r.name])) }).find(([k, name]) => name.toLowerCase() === who.name.toLowerCase() && k !== key);
  if (known && !options.newKey)
    throw new TeamError(
      'KEY_CHANGED',
      `WARNING: this invite says it is ${who.name}, but its key (fingerprint ${print}) is not the one ${known[1]} had in this team (${known[0].replace(/(.{4})/g, '$1 ').trim()}). Someone may be posing as ${who.name}. Nothing was changed. If ${who.name} really made a new identity, compare the new fingerprint with them in person, then add --new-key.`,
    );
  const { signed } = nextVersion(sodium, identity, team.teamId, head, chain.headHash, { add: { who, role: options.role ?? 'member' }, keys });
  recordListChange(vault, signed, [{ action: 'member-added', entryId: null, entryName: who.name, detail: `as ${options.role ?? 'member'}, fingerprint ${print}` }]);
  flushLists(sodium, vault, identity, store, local.deviceId);
  return { name: who.name, fingerprint: print, report: await teamSync(vault) };
}

/** Finds a member by name or by fingerprint (or its start). */
export function findMember(sodium: Sodium, head: ListBody, who: string): ListBody['members'][number] {
  const wanted = who.replace(/\s+/g, '').toLowerCase();
  const found = head.members.filter((m) => m.name.toLowerCase() === who.trim().toLowerCase() || (wanted.length >= 8 && m.key.startsWith(wanted)));
  if (found.length !== 1) throw new TeamError('UNKNOWN_MEMBER', found.length ? `"${who}" names more than one member; give a fingerprint.` : `No member of this team is named or has the fingerprint "${who}"; see "tokenvault team members".`);
  return found[0]!;
}

export async function promoteMember(vault: TeamVault, identity: Identity, who: string, role: Role): Promise<TeamSyncReport> {
  const { sodium, team, local, store, chain, keys } = await asManager(vault, 'change roles');
  const member = findMember(sodium, chain.head, who);
  if (member.role === role) throw new TeamError('UNKNOWN_MEMBER', `${member.name} is already a ${role}.`);
  const { signed } = nextVersion(sodium, identity, team.teamId, chain.head, chain.headHash, { promote: { key: member.key, role }, keys });
  recordListChange(vault, signed, [{ action: 'member-role', entryId: null, entryName: member.name, detail: `now a ${role}` }]);
  flushLists(sodium, vault, identity, store, local.deviceId);
  return teamSync(vault);
}

/**
 * Removes a member: a new list version without them, under a new team key sealed to the others;
 * their devices' changes after the last one they published (taken in here first) are refused
 * from now on. Records every token they could read, with a mark of the secret they saw, for
 * rotateExposed.
 */
export async function removeMember(vault: TeamVault, identity: Identity, who: string): Promise<{ name: string; exposed: number; report: TeamSyncReport }> {
  const before = await asManager(vault, 'remove members');
  findMember(before.sodium, before.chain.head, who);
  // Everything they published before this moment is theirs to keep in the team: take it in
  // first, so the cut-off below covers it. Otherwise a member who had already merged one of
  // their changes keeps a token that this device (and so every later one) refuses: the team's
  // copies would never agree again.
  await teamSync(vault);
  const { sodium, team, local, store, chain, keys } = await asManager(vault, 'remove members');
  const member = findMember(sodium, chain.head, who);
  const devices: Record<string, number> = {};
  const files: Record<string, Record<string, string>> = {};
  for (const d of store.devices()) {
    const owner = readOwner(sodium, store.deviceFolder(d), team.teamId, d);
    if (!owner || owner === 'invalid' || owner.key !== member.key) continue;
    devices[d] = local.state.applied[d] ?? 0;
    // The exact bytes of what was taken in, so nobody can swap in other contents under these numbers later.
    files[d] = takenIn(sodium, store.deviceFolder(d), team.teamId, d, chain.head, devices[d]);
  }
  const { signed } = nextVersion(sodium, identity, team.teamId, chain.head, chain.headHash, { remove: { key: member.key, devices, files }, keys });
  // Every token here now was readable by them: their copy and the place's older files hold it.
  // The Trash too: a token there was as readable to them as any other.
  const entries = vault.listAll().map((e) => ({ id: e.id, name: e.name, kind: e.kind, mark: markOf(sodium, team, vault.readSecret(e.id)) }));
  recordListChange(vault, signed, [{ action: 'member-removed', entryId: null, entryName: member.name, detail: `could read ${entries.length} token${entries.length === 1 ? '' : 's'}` }], (latest) => {
    latest.exposures.push({ member: { name: member.name, key: member.key }, removedAt: new Date().toISOString(), removedBy: identity.name, entries });
  });
  flushLists(sodium, vault, identity, store, local.deviceId);
  return { name: member.name, exposed: entries.length, report: await teamSync(vault) };
}

export interface MemberView {
  name: string;
  role: Role;
  fingerprint: string;
  you: boolean;
}

/** The members as this copy last accepted them (nothing fetched). */
export async function listMembers(vault: TeamVault): Promise<{ team: TeamState; members: MemberView[]; removed: { name: string; at: string; by: string }[] }> {
  const sodium = await loadSodium();
  const team = needTeam(vault);
  const local = needLocal(vault);
  const place = placeFor(local.place, vault.path);
  const store = new ReplicaStore(place.root, team.teamId);
  const chain = currentChain(sodium, store, team);
  return {
    team,
    members: chain.head.members.map((m) => ({ name: m.name, role: m.role, fingerprint: fingerprint(sodium, m), you: m.key === team.me })),
    removed: chain.head.removed.map((r) => ({ name: r.name, at: r.at, by: nameIn(chain.head, r.by) })),
  };
}
