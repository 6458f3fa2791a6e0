// The member list: one signed document per version, each naming the one before it by hash, so
// the versions form a chain back to the first, which the team's creator signed and whose hash
// is the team's id. A new version is valid only when a manager of the version before signed it
// and it keeps the rules below; the team key of the version's generation is sealed (X25519
// sealed box) to every member inside it, so the list and the keys never disagree.
import { randomBytes } from 'node:crypto';
import type { Sodium } from '../vault/sodium';
import { b64, type Identity, memberKey, type PublicIdentity, unb64 } from './identity';

export type Role = 'manager' | 'member';
export const LIST_FORMAT = 'tokenvault-team-list/1';

export interface Member extends PublicIdentity {
  /** The fingerprint without spaces. */
  key: string;
  role: Role;
}

export interface RemovedMember {
  name: string;
  key: string;
  signPk: string;
  at: string;
  /** The manager who removed them (a member key). */
  by: string;
  /** Their devices, each with the last change of it the remover had merged: later ones are refused. */
  devices: Record<string, number>;
  /**
   * Per device, each of its files up to that change the remover took in, by name: the hash of
   * its exact bytes. A removed member keeps their signing key, so a change number alone would
   * let them re-sign different contents under an old number; only these bytes are theirs to
   * keep. Absent in lists made before it existed: those keep the number alone.
   */
  files?: Record<string, Record<string, string>>;
}

export interface ListBody {
  format: typeof LIST_FORMAT;
  /** The team id; null in the first version, whose hash makes the id. */
  team: string | null;
  teamName: string;
  nonce: string | null;
  version: number;
  prev: string | null;
  at: string;
  /** The signer's member key. */
  by: string;
  /** In the order they joined: the earlier a manager joined, the more their change weighs in a tie. */
  members: Member[];
  removed: RemovedMember[];
  gen: number;
  /** Per member key, per generation: the team key, sealed to that member. */
  keys: Record<string, Record<string, string>>;
}

/** As stored: the exact body text that was signed, and the signature. */
export interface SignedList {
  body: string;
  sig: string;
}

/** The hash a removal records of one file's exact bytes. */
export const fileHash = (sodium: Sodium, bytes: Uint8Array): string => Buffer.from(sodium.crypto_generichash(32, bytes, null)).toString('base64');

export const listHash = (sodium: Sodium, body: string): string => Buffer.from(sodium.crypto_generichash(32, new TextEncoder().encode(body), null)).toString('hex');

/** The team id: the first version's hash, shaped as the UUID sync's folders are named by. */
export function teamIdOf(genesisHash: string): string {
  const h = genesisHash.slice(0, 32).split('');
  h[12] = '4';
  h[16] = '89ab'[parseInt(h[16]!, 16) & 3]!;
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
}

export function signList(sodium: Sodium, me: Identity, body: ListBody): SignedList {
  const text = JSON.stringify(body);
  return { body: text, sig: b64(sodium.crypto_sign_detached(new TextEncoder().encode(text), unb64(me.signSk))) };
}

export function verifySignature(sodium: Sodium, signed: SignedList, signPk: string): boolean {
  try {
    const sig = unb64(signed.sig);
    const pk = unb64(signPk);
    return sig.length === sodium.crypto_sign_BYTES && pk.length === sodium.crypto_sign_PUBLICKEYBYTES && sodium.crypto_sign_verify_detached(sig, new TextEncoder().encode(signed.body), pk);
  } catch {
    return false;
  }
}

export function asMember(sodium: Sodium, id: PublicIdentity, role: Role): Member {
  return { name: id.name, signPk: id.signPk, boxPk: id.boxPk, key: memberKey(sodium, id), role };
}

export const sealKey = (sodium: Sodium, key: Uint8Array, boxPk: string): string => b64(sodium.crypto_box_seal(key, unb64(boxPk)));

export function openKey(sodium: Sodium, sealed: string, me: Identity): Uint8Array | null {
  try {
    return sodium.crypto_box_seal_open(unb64(sealed), unb64(me.boxPk), unb64(me.boxSk));
  } catch {
    return null;
  }
}

export function genesis(sodium: Sodium, me: Identity, teamName: string, teamKey: Uint8Array, now = new Date()): SignedList {
  const creator = asMember(sodium, me, 'manager');
  return signList(sodium, me, {
    format: LIST_FORMAT,
    team: null,
    teamName,
    nonce: randomBytes(16).toString('hex'),
    version: 1,
    prev: null,
    at: now.toISOString(),
    by: creator.key,
    members: [creator],
    removed: [],
    gen: 1,
    keys: { [creator.key]: { 1: sealKey(sodium, teamKey, creator.boxPk) } },
  });
}

export interface ListChange {
  add?: { who: PublicIdentity; role: Role };
  remove?: { key: string; devices: Record<string, number>; files?: Record<string, Record<string, string>> };
  promote?: { key: string; role: Role };
  /** The team key of each generation known, the current one last (a removal draws the next). */
  keys: Map<number, Uint8Array>;
}

/** The next version after `parent` (whose hash is `parentHash`), signed by `me`. */
export function nextVersion(sodium: Sodium, me: Identity, teamId: string, parent: ListBody, parentHash: string, change: ListChange, now = new Date()): { signed: SignedList; newKey: Uint8Array | null } {
  const byKey = memberKey(sodium, me);
  let members = parent.members.map((m) => ({ ...m }));
  const removed = parent.removed.map((r) => ({ ...r }));
  let gen = parent.gen;
  let newKey: Uint8Array | null = null;
  if (change.add) members.push(asMember(sodium, change.add.who, change.add.role));
  if (change.promote) members = members.map((m) => (m.key === change.promote!.key ? { ...m, role: change.promote!.role } : m));
  if (change.remove) {
    const gone = members.find((m) => m.key === change.remove!.key)!;
    members = members.filter((m) => m.key !== gone.key);
    removed.push({ name: gone.name, key: gone.key, signPk: gone.signPk, at: now.toISOString(), by: byKey, devices: change.remove.devices, ...(change.remove.files ? { files: change.remove.files } : {}) });
    gen = parent.gen + 1;
    newKey = sodium.randombytes_buf(32);
  }
  const keyOf = (g: number) => (g === gen && newKey ? newKey : change.keys.get(g));
  const keys: ListBody['keys'] = {};
  for (const m of members) {
    const isNew = !parent.members.some((p) => p.key === m.key);
    // A newcomer gets every earlier generation too: replicas not yet moved to the newest key stay readable.
    const gens = isNew ? [...change.keys.keys()].filter((g) => g <= gen) : [gen];
    if (!gens.includes(gen)) gens.push(gen);
    keys[m.key] = Object.fromEntries(gens.map((g) => [String(g), sealKey(sodium, keyOf(g)!, m.boxPk)]));
  }
  const body: ListBody = { format: LIST_FORMAT, team: teamId, teamName: parent.teamName, nonce: null, version: parent.version + 1, prev: parentHash, at: now.toISOString(), by: byKey, members, removed, gen, keys };
  return { signed: signList(sodium, me, body), newKey };
}
