// Checking one device's folder before anything of it is merged: whose device it is (owner.json,
// signed), that every sealed file carries its owner's signature, that its owner is a member —
// or, for a removed member, which of its changes came before the removal — and that no member
// list in it is an offence. What passes is copied, byte for byte as checked, into the staging
// folder sync's engine reads; a replica that fails is refused whole, with a sentence naming who
// and what.
import fs from 'node:fs';
import path from 'node:path';
import type { Sodium } from '../vault/sodium';
import { DEVICE_FILE, parseDataFile } from '../sync/replica-format';
import { fingerprint } from './identity';
import { fileHash, type ListBody } from './member-list';
import { fileSignedBy, type Owner, readOwner, signedName } from './team-files';

export type DeviceVerdict =
  | { kind: 'ok'; owner: Owner | null; files: Map<string, Uint8Array>; /** Set when some changes were refused (a removed member's later ones). */ refused: string | null }
  | { kind: 'refused'; owner: Owner | null; why: string };

const dateOf = (iso: string) => iso.slice(0, 10);

export function checkDevice(sodium: Sodium, folder: string, teamId: string, device: string, head: ListBody, offendingLists: string[], label: string): DeviceVerdict {
  const names = fs.existsSync(folder) ? fs.readdirSync(folder) : [];
  const sealed = names.filter(signedName);
  const owner = readOwner(sodium, folder, teamId, device);
  if (owner === null) return sealed.length ? { kind: 'refused', owner: null, why: `The replica of ${label} was refused whole: it carries sealed files but no signed owner, so nobody in the team wrote it.` } : { kind: 'ok', owner: null, files: new Map(), refused: null };
  if (owner === 'invalid') return { kind: 'refused', owner: null, why: `The replica of ${label} was refused whole: its owner file is not signed by the key it names (forged or altered).` };
  const who = `${owner.name}'s device ${label}`;
  if (offendingLists.length) return { kind: 'refused', owner, why: `The replica of ${who} was refused whole, and nothing of it merged: ${offendingLists[0]}.` };
  const member = head.members.find((m) => m.key === owner.key);
  const removed = head.removed.find((r) => r.key === owner.key);
  if (!member && !removed) return { kind: 'refused', owner, why: `The replica of ${label} was refused whole: its owner, calling themselves ${owner.name} (fingerprint ${fingerprint(sodium, owner)}), is not a member of this team.` };

  const files = new Map<string, Uint8Array>();
  // In order of change number, up to the first file whose signature has not arrived yet (a sync
  // engine may carry a file before its .sig): sync's reader wants changes without gaps.
  const ordered = sealed.filter((n) => n !== DEVICE_FILE).sort((a, b) => parseDataFile(a)!.seq - parseDataFile(b)!.seq || a.localeCompare(b));
  const beyond = new Set<number>();
  const cutoff = removed ? (removed.devices[device] ?? 0) : Infinity;
  // What the remover took in of this device, byte for byte (null: a list from before that was recorded).
  const taken = removed?.files && typeof removed.files === 'object' ? (removed.files[device] ?? {}) : null;
  const rewritten: string[] = [];
  for (const name of [DEVICE_FILE, ...ordered].filter((n) => sealed.includes(n))) {
    let bytes: Uint8Array;
    let sigs: string[];
    try {
      bytes = new Uint8Array(fs.readFileSync(path.join(folder, name)));
    } catch {
      continue;
    }
    try {
      sigs = fs.readFileSync(path.join(folder, `${name}.sig`), 'utf8').split('\n').filter(Boolean);
    } catch {
      if (name === DEVICE_FILE) continue;
      break;
    }
    if (!sigs.some((sig) => fileSignedBy(sodium, owner.signPk, teamId, device, name, bytes, sig))) return { kind: 'refused', owner, why: `The replica of ${who} was refused whole, and nothing of it merged: ${name} does not carry ${owner.name}'s signature (forged or altered).` };
    if (name !== DEVICE_FILE && parseDataFile(name)!.seq > cutoff) {
      beyond.add(parseDataFile(name)!.seq);
      continue;
    }
    if (name !== DEVICE_FILE && taken && taken[name] !== fileHash(sodium, bytes)) {
      rewritten.push(name);
      continue;
    }
    files.set(name, bytes);
  }
  const n = beyond.size;
  const refused = removed && n ? `${removed.name} was removed from the team on ${dateOf(removed.at)} by ${nameIn(head, removed.by)}: the replica of ${who} carries ${n} change${n === 1 ? '' : 's'} made after that, which ${n === 1 ? 'was' : 'were'} refused; nothing of ${n === 1 ? 'it' : 'them'} merged.` : null;
  const r = rewritten.length;
  const rewrote = removed && r ? `${removed.name} was removed from the team on ${dateOf(removed.at)} by ${nameIn(head, removed.by)}: the replica of ${who} carries ${r} change${r === 1 ? '' : 's'} numbered before the removal that ${r === 1 ? 'is' : 'are'} not the one${r === 1 ? '' : 's'} taken in then (rewritten after the removal), which ${r === 1 ? 'was' : 'were'} refused; nothing of ${r === 1 ? 'it' : 'them'} merged.` : null;
  return { kind: 'ok', owner, files, refused: [refused, rewrote].filter(Boolean).join(' ') || null };
}

export const nameIn = (head: ListBody, key: string): string => head.members.find((m) => m.key === key)?.name ?? head.removed.find((r) => r.key === key)?.name ?? `someone (${key.slice(0, 8)})`;

/**
 * For a removal: the hash of each of `device`'s files up to change `cutoff` that passes the
 * checks under `head` (the list before the removal), by name — what the remover has taken in.
 */
export function takenIn(sodium: Sodium, folder: string, teamId: string, device: string, head: ListBody, cutoff: number): Record<string, string> {
  const verdict = checkDevice(sodium, folder, teamId, device, head, [], device.slice(0, 8));
  const out: Record<string, string> = {};
  if (verdict.kind === 'ok') for (const [name, bytes] of verdict.files) if (name !== DEVICE_FILE && parseDataFile(name)!.seq <= cutoff) out[name] = fileHash(sodium, bytes);
  return out;
}
