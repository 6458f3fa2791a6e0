// Starting, joining and keying sync. The sync key is random, one per generation; each device's
// header carries it wrapped under the master password (Argon2id with the vault's parameters
// and a fresh salt), so a device joins with the password alone. A password change draws the
// next generation: the changing device re-writes its replica under it, and the others, at
// their next sync, ask for the new password (their own edits wait, kept), then do the same.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { deriveKey, type KdfParams } from '../vault/kdf';
import { loadSodium, type Sodium } from '../vault/sodium';
import { emptyState } from './crdt';
import { keysOf, loadLocal, needLocal } from './engine';
import { SyncError } from './errors';
import { encodeLocal, type LocalSync, type PlaceConfig } from './local-state';
import type { Place } from './place';
import { type DeviceHeader, REPLICA_FORMAT, unwrapSyncKey, wrapSyncKey } from './replica-format';
import { ReplicaStore, syncIdsIn } from './replica-store';
import { writeOwnHeader, writeSnapshot } from './own-replica';
import { keptFirst } from './password-race';
import { followChain, makeLink, vouchedBefore, vouchersOf } from './key-chain';
import type { SyncableVault } from './vault-port';

export const newDeviceId = () => randomBytes(8).toString('hex');
export const defaultDeviceName = () => os.hostname().slice(0, 100) || 'this computer';

function wrapNew(sodium: Sodium, vault: SyncableVault, password: string, syncId: string, gen: number, key: Uint8Array): Pick<DeviceHeader, 'kdf' | 'wrappedKey'> {
  const salt = sodium.randombytes_buf(sodium.crypto_pwhash_SALTBYTES);
  const params = { ...vault.kdfParams, salt } as KdfParams;
  const kek = deriveKey(sodium, password, params);
  try {
    return { kdf: { alg: 'argon2id13', opsLimit: params.opsLimit, memLimitBytes: params.memLimitBytes, salt: Buffer.from(salt).toString('base64') }, wrappedKey: wrapSyncKey(sodium, kek, syncId, gen, key) };
  } finally {
    sodium.memzero(kek);
  }
}

/**
 * The newest generation's key that `password` unwraps (of two drawn at once, the one kept:
 * password-race.ts), or WRONG_PASSWORD. A new device holds no key to check a chain with, so it
 * trusts the password; a newer header the password does not open (one planted with another
 * password) is passed over, not a reason to refuse the real one.
 */
function unwrapNewest(sodium: Sodium, store: ReplicaStore, password: string): { header: DeviceHeader; key: Uint8Array } | null {
  const headers = store
    .devices()
    .map((d) => store.header(d))
    .filter((h): h is DeviceHeader => h !== null && h !== 'invalid' && h.syncId === store.syncId)
    .sort(keptFirst);
  if (!headers.length) return null;
  const tried = new Set<string>();
  for (const header of headers) {
    if (tried.has(header.wrappedKey) || tried.size >= MAX_TRIES) continue;
    tried.add(header.wrappedKey);
    const key = unwrapWith(sodium, header, password);
    if (key) return { header, key };
  }
  throw new SyncError('WRONG_PASSWORD', 'That is not the master password the synced vault was last written with; nothing was changed.');
}

/** At most this many distinct wrapped keys are tried with one password (each try is a key derivation). */
const MAX_TRIES = 4;
/** Key changes a header carries; a device further behind than this joins again. */
const CHAIN_KEPT = 200;

/**
 * The newer key (or the kept key of our generation, password-race.ts) that `password` unwraps and
 * that the key this device writes under now vouches for, with every key down the chain; null when there is
 * nothing newer. A key the password opens but nothing here vouches for is refused (KEY_NOT_VOUCHED),
 * never taken: anyone who can write the place could have planted it with a password of their own.
 */
function adoptableWith(sodium: Sodium, store: ReplicaStore, local: LocalSync, password: string): { header: DeviceHeader; keys: Map<number, Uint8Array> } | null {
  const held = keysOf(sodium, local);
  const newer = store
    .devices()
    .map((d) => store.header(d))
    .filter((h): h is DeviceHeader => h !== null && h !== 'invalid' && h.syncId === store.syncId && keptFirst(h, local.header) < 0 && !(h.gen > local.gen && held.has(h.gen)))
    .sort(keptFirst);
  if (!newer.length) return null;
  // Only the key this device writes under now vouches (key-chain.ts vouchersOf), never an older one it still holds.
  const vouchers = (h: DeviceHeader) => vouchersOf(held, local.gen, local.header.chain, h);
  const vouched = newer.filter((h) => vouchedBefore(sodium, h, vouchers(h)) === 'vouched');
  const tried = new Set<string>();
  let opened = false;
  for (const header of vouched) {
    if (tried.has(header.wrappedKey) || tried.size >= MAX_TRIES) continue;
    tried.add(header.wrappedKey);
    const key = unwrapWith(sodium, header, password);
    if (!key) continue;
    opened = true;
    const keys = followChain(sodium, header, key, vouchers(header));
    if (keys) return { header, keys };
  }
  if (!vouched.length || opened) throw new SyncError('KEY_NOT_VOUCHED', NOT_VOUCHED);
  throw new SyncError('WRONG_PASSWORD', 'That is not the master password the new sync key was written with; nothing was changed.');
}

const NOT_VOUCHED =
  'The sync key that password opens is not vouched for by the key this device holds, so it was not taken: someone who can write the sync place may have planted it. Nothing was changed. If you changed the password on another device yourself, join again from there: "tokenvault sync join" into a new vault file with the password set there.';

function unwrapWith(sodium: Sodium, header: DeviceHeader, password: string): Uint8Array | null {
  const kek = deriveKey(sodium, password, { alg: 'argon2id13', opsLimit: header.kdf.opsLimit, memLimitBytes: header.kdf.memLimitBytes, salt: new Uint8Array(Buffer.from(header.kdf.salt, 'base64')) });
  try {
    return unwrapSyncKey(sodium, kek, header);
  } finally {
    sodium.memzero(kek);
  }
}

export function saveLocal(vault: SyncableVault, local: LocalSync): void {
  vault.putSynced([], [], encodeLocal(local));
}

/** Starts syncing `vault` through `place`; the first sync (syncNow) then writes everything. */
export async function setupSync(vault: SyncableVault, password: string, place: Place, config: PlaceConfig, deviceName = defaultDeviceName(), passwordChecked = false): Promise<void> {
  const sodium = await loadSodium();
  if (loadLocal(vault)) throw new SyncError('ALREADY_SET_UP', 'This vault already syncs; see "tokenvault sync status".');
  if (!passwordChecked) await vault.verifyPassword(password);
  await place.pull();
  const store = new ReplicaStore(place.root, vault.vaultId);
  // Replicas of this very vault already there (sync was set up before and its state lost): rejoin them.
  const existing = unwrapNewest(sodium, store, password);
  const gen = existing?.header.gen ?? 1;
  const key = existing?.key ?? sodium.randombytes_buf(32);
  const deviceId = newDeviceId();
  const wrapped = existing ? { kdf: existing.header.kdf, wrappedKey: existing.header.wrappedKey, ...(existing.header.chain ? { chain: existing.header.chain } : {}) } : wrapNew(sodium, vault, password, vault.vaultId, gen, key);
  const local = freshLocal({
    syncId: vault.vaultId,
    deviceId,
    deviceName,
    place: config,
    gen,
    keys: { [gen]: Buffer.from(key).toString('base64') },
    header: { format: REPLICA_FORMAT, syncId: vault.vaultId, deviceId, gen, ...wrapped, syncedAt: new Date().toISOString() },
  });
  local.fileMark = vault.fileMark ?? null;
  saveLocal(vault, local);
  writeOwnHeader(sodium, store, local, Date.now());
}

/** A device's sync record on the day it starts: nothing synced, forgotten or refused yet. */
export function freshLocal(start: Pick<LocalSync, 'syncId' | 'deviceId' | 'deviceName' | 'place' | 'gen' | 'keys' | 'header'>): LocalSync {
  return { version: 1, ...start, forgotten: [], paused: false, releasesHere: [], needsPasswordFor: null, lastSync: null, refused: {}, state: emptyState() };
}

/** The replicas' sync id in `place`, or a sentence saying why there is none to join. */
export async function findSyncId(place: Place, wanted?: string): Promise<string> {
  await place.pull();
  const ids = syncIdsIn(place.root);
  if (wanted) {
    if (!ids.includes(wanted)) throw new SyncError('NO_REPLICAS', `There are no replicas of vault ${wanted} in ${place.description}.`);
    return wanted;
  }
  if (!ids.length) throw new SyncError('NO_REPLICAS', `There are no Token Vault replicas in ${place.description}; set sync up on the first device with "tokenvault sync setup".`);
  if (ids.length > 1) {
    const listed = ids.map((id) => describeVault(place.root, id)).join('; ');
    throw new SyncError('NO_REPLICAS', `${place.description} holds replicas of ${ids.length} vaults: ${listed}. Say which with --vault-id ID.`);
  }
  return ids[0]!;
}

/**
 * One vault in a place, as far as it shows without the password: its id, how many devices
 * write it and when one last did. (Device names are sealed inside the replicas.)
 */
export function describeVault(root: string, syncId: string): string {
  const store = new ReplicaStore(root, syncId);
  const headers = store.devices().map((d) => store.header(d)).filter((h): h is DeviceHeader => h !== null && h !== 'invalid');
  const last = headers.map((h) => h.syncedAt).sort().pop();
  return `${syncId} (${headers.length} device${headers.length === 1 ? '' : 's'}${last ? `, last written ${last.slice(0, 16).replace('T', ' ')} UTC` : ''})`;
}

/** Checks `password` against the replicas before any vault is made. */
export async function checkJoinPassword(place: Place, syncId: string, password: string): Promise<void> {
  const sodium = await loadSodium();
  const found = unwrapNewest(sodium, new ReplicaStore(place.root, syncId), password);
  if (!found) throw new SyncError('NO_REPLICAS', `There are no readable replicas in ${place.description}.`);
  sodium.memzero(found.key);
}

/** Makes `vault` (new and empty, same password) a device of the synced vault `syncId`; syncNow({joining}) then fills it. */
export async function joinSync(vault: SyncableVault, password: string, place: Place, config: PlaceConfig, syncId: string, deviceName = defaultDeviceName()): Promise<void> {
  const sodium = await loadSodium();
  if (loadLocal(vault)) throw new SyncError('ALREADY_SET_UP', 'This vault already syncs; see "tokenvault sync status".');
  await place.pull();
  const store = new ReplicaStore(place.root, syncId);
  const found = unwrapNewest(sodium, store, password);
  if (!found) throw new SyncError('NO_REPLICAS', `There are no readable replicas in ${place.description}.`);
  const deviceId = newDeviceId();
  const local = freshLocal({
    syncId,
    deviceId,
    deviceName,
    place: config,
    gen: found.header.gen,
    keys: { [found.header.gen]: Buffer.from(found.key).toString('base64') },
    header: { ...found.header, deviceId, syncedAt: new Date().toISOString() },
  });
  local.fileMark = vault.fileMark ?? null;
  saveLocal(vault, local);
  writeOwnHeader(sodium, store, local, Date.now());
}

/**
 * After this device's master password changed: a new generation, its key wrapped under the
 * new password, and this device's replica re-written under it (the old files go), so the old
 * password opens nothing written from now on. Nothing to do when the vault does not sync.
 * The place out of reach (a folder gone, a remote refusing): the new key is still taken here at
 * once, so nothing is ever written under the old one again, and the replica follows at the next
 * sync that reaches the place (syncVault); the PLACE_UNREACHABLE error says so to the caller.
 */
export async function rekeySync(vault: SyncableVault, newPassword: string, place: Place): Promise<boolean> {
  const taken = await takeNewSyncKey(vault, newPassword, place);
  if (!taken) return false;
  await sendNewSyncKey(vault, place, taken);
  return true;
}

/** What takeNewSyncKey found of the place: out of reach (its error) or reached. */
export interface NewSyncKey {
  offline: SyncError | null;
}

/**
 * The first half of rekeySync: a new generation's key, wrapped under the new password, taken
 * into sync's state here (nothing written to the place). Run before the vault's password changes
 * (Vault.changePassword's beforeChange), so a kill between the two never leaves this device
 * writing under a key the old password unwraps. Null when the vault does not sync.
 */
export async function takeNewSyncKey(vault: SyncableVault, newPassword: string, place: Place): Promise<NewSyncKey | null> {
  const local = loadLocal(vault);
  if (!local) return null;
  const sodium = await loadSodium();
  let offline: SyncError | null = null;
  try {
    await place.pull();
  } catch (error) {
    if (!(error instanceof SyncError)) throw error;
    offline = error;
  }
  const store = new ReplicaStore(place.root, local.syncId);
  const seen = offline ? [] : store.devices().map((d) => store.header(d)).filter((h): h is DeviceHeader => h !== null && h !== 'invalid');
  const gen = Math.max(local.gen, ...seen.map((h) => h.gen)) + 1;
  const key = sodium.randombytes_buf(32);
  // The key this device wrote under until now vouches for the new one (key-chain.ts).
  const link = makeLink(sodium, local.syncId, local.gen, keysOf(sodium, local).get(local.gen)!, gen, key);
  const chain = [...(local.header.chain ?? []), link].slice(-CHAIN_KEPT);
  local.keys[gen] = Buffer.from(key).toString('base64');
  local.gen = gen;
  local.header = { ...local.header, gen, ...wrapNew(sodium, vault, newPassword, local.syncId, gen, key), chain };
  saveLocal(vault, local);
  return { offline };
}

/** The second half: this device's replica written again under the key taken (the old files go), or the place's error. */
export async function sendNewSyncKey(vault: SyncableVault, place: Place, taken: NewSyncKey): Promise<void> {
  if (taken.offline) throw taken.offline;
  const sodium = await loadSodium();
  const local = needLocal(vault);
  const store = new ReplicaStore(place.root, local.syncId);
  writeSnapshot(sodium, store, local, keysOf(sodium, local));
  writeOwnHeader(sodium, store, local, Date.now());
  await place.publish(store.deviceFolder(local.deviceId).slice(place.root.length + 1), 'tokenvault: new key');
}

/** Stops or resumes this device's syncing (the app's Pause); the CLI's `sync now` still syncs when asked. */
export function setPaused(vault: SyncableVault, paused: boolean): void {
  const local = needLocal(vault);
  local.paused = paused;
  saveLocal(vault, local);
}

/**
 * Another device changed the password: take its new generation with that password, and move this
 * replica to it — written whole under that key, so what was written here under a key drawn at the
 * same time (password-race.ts) reaches the others.
 */
export async function giveNewPassword(vault: SyncableVault, password: string, place: Place): Promise<void> {
  const local = needLocal(vault);
  const sodium = await loadSodium();
  await place.pull();
  const store = new ReplicaStore(place.root, local.syncId);
  const found = adoptableWith(sodium, store, local, password);
  if (!found) return;
  for (const [gen, key] of found.keys) local.keys[gen] = Buffer.from(key).toString('base64');
  local.gen = found.header.gen;
  local.header = { ...local.header, gen: found.header.gen, kdf: found.header.kdf, wrappedKey: found.header.wrappedKey, chain: found.header.chain };
  local.needsPasswordFor = null;
  saveLocal(vault, local);
  writeSnapshot(sodium, store, local, keysOf(sodium, local));
  writeOwnHeader(sodium, store, local, Date.now());
}

/** Ignores that device's replica from now on (its changes already merged stay). */
export function forgetDevice(vault: SyncableVault, device: string): string {
  const local = needLocal(vault);
  const store = { devices: Object.keys(local.state.applied) };
  const match = store.devices.filter((d) => d.startsWith(device.toLowerCase()) && d !== local.deviceId);
  const byName = Object.keys(local.state.ents)
    .filter((k) => k.startsWith('device:') && local.state.ents[k]!.f.name?.[0]?.v === device)
    .map((k) => k.slice('device:'.length));
  const found = [...new Set([...match, ...byName])].filter((d) => d !== local.deviceId);
  if (device === local.deviceId || (device.length >= 6 && local.deviceId.startsWith(device))) throw new SyncError('UNKNOWN_DEVICE', 'That is this device; it cannot forget itself.');
  if (found.length !== 1) throw new SyncError('UNKNOWN_DEVICE', found.length ? `"${device}" names more than one device; give its id.` : `No device named or with id "${device}" syncs with this vault; see "tokenvault sync devices".`);
  if (!local.forgotten.includes(found[0]!)) local.forgotten.push(found[0]!);
  saveLocal(vault, local);
  return found[0]!;
}
