// What a team adds to each device's folder in the place, beside sync's own files:
//   owner.json            which member's device this is, signed by that member
//   <file>.sig            for device.json and every sealed change or snapshot: the owner's
//                         Ed25519 signature over the team, device, file name and the file's hash
//   list-<v>-<hash>.json  member-list versions this member signed (managers only)
// sync's reader looks at none of these names, and a device still writes only its own folder.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Sodium } from '../vault/sodium';
import { DEVICE_FILE, parseDataFile } from '../sync/replica-format';
import { b64, type Identity, memberKey, type PublicIdentity, unb64 } from './identity';
import type { FoundList } from './chain';
import type { SignedList } from './member-list';
import { verifySignature } from './member-list';

export const OWNER_FILE = 'owner.json';
const LIST_FILE = /^list-(\d{6})-([0-9a-f]{16})\.json$/;
const OWNER_FORMAT = 'tokenvault-team-device/1';

export interface Owner extends PublicIdentity {
  format: typeof OWNER_FORMAT;
  team: string;
  device: string;
  key: string;
  at: string;
}

export const listFileName = (version: number, hash: string) => `list-${String(version).padStart(6, '0')}-${hash.slice(0, 16)}.json`;

/** The files a signature must cover: device.json and sync's data files. */
export const signedName = (name: string) => name === DEVICE_FILE || parseDataFile(name) !== null;

const fileStatement = (team: string, device: string, name: string, bytes: Uint8Array) =>
  new TextEncoder().encode(`tokenvault-team-file/1\n${team}\n${device}\n${name}\n${createHash('sha256').update(bytes).digest('hex')}`);

export function signFile(sodium: Sodium, me: Identity, team: string, device: string, name: string, bytes: Uint8Array): string {
  return b64(sodium.crypto_sign_detached(fileStatement(team, device, name, bytes), unb64(me.signSk)));
}

export function fileSignedBy(sodium: Sodium, signPk: string, team: string, device: string, name: string, bytes: Uint8Array, sig: string): boolean {
  try {
    const s = unb64(sig.trim());
    return s.length === sodium.crypto_sign_BYTES && sodium.crypto_sign_verify_detached(s, fileStatement(team, device, name, bytes), unb64(signPk));
  } catch {
    return false;
  }
}

export function ownerDocument(sodium: Sodium, me: Identity, team: string, device: string, now = new Date()): SignedList {
  const body: Owner = { format: OWNER_FORMAT, team, device, name: me.name, signPk: me.signPk, boxPk: me.boxPk, key: memberKey(sodium, me), at: now.toISOString() };
  const text = JSON.stringify(body);
  return { body: text, sig: b64(sodium.crypto_sign_detached(new TextEncoder().encode(text), unb64(me.signSk))) };
}

/** The device's owner, 'invalid' when its owner.json is there but not signed by the key it names, null when absent. */
export function readOwner(sodium: Sodium, folder: string, team: string, device: string): Owner | 'invalid' | null {
  let signed: SignedList;
  try {
    signed = JSON.parse(fs.readFileSync(path.join(folder, OWNER_FILE), 'utf8')) as SignedList;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? null : 'invalid';
  }
  try {
    const owner = JSON.parse(signed.body) as Owner;
    const ok = owner.format === OWNER_FORMAT && owner.team === team && owner.device === device && memberKey(sodium, owner) === owner.key && verifySignature(sodium, signed, owner.signPk);
    return ok ? owner : 'invalid';
  } catch {
    return 'invalid';
  }
}

/** Every member-list version in one device folder. */
export function listsIn(folder: string, device: string): FoundList[] {
  if (!fs.existsSync(folder)) return [];
  const out: FoundList[] = [];
  for (const file of fs.readdirSync(folder)) {
    if (!LIST_FILE.test(file)) continue;
    try {
      const signed = JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8')) as SignedList;
      if (typeof signed.body === 'string' && typeof signed.sig === 'string') out.push({ signed, device, file });
      else out.push({ signed: { body: '', sig: '' }, device, file });
    } catch {
      out.push({ signed: { body: '', sig: '' }, device, file });
    }
  }
  return out;
}
