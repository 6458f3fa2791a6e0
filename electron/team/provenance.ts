// Who set a team token's field, as the signed files in the place prove it. Sync keeps, per
// field, the change that wrote the value shown (`device:seq`); a device maps to the member who
// signed its owner.json. But a snapshot may carry heads naming another device's changes, so a
// head is believed only when that device's own files, signed by its owner, hold the same value
// for that very change (the change itself, or a snapshot of that device covering it). Anything
// else — the device's files gone, forged, or cut off at a removal — is "unknown", and treated
// as a removed member's: offboarding's rotation must never send a secret to an address a leaver
// may have chosen.
import type { Sodium } from '../vault/sodium';
import type { Delta, Head, SyncState } from '../sync/crdt';
import { parseOp } from '../sync/crdt';
import { covers } from '../sync/clock';
import { sameValue } from '../sync/fields';
import { openData, parseDataFile } from '../sync/replica-format';
import type { ReplicaStore } from '../sync/replica-store';
import type { ListBody } from './member-list';
import { checkDevice, nameIn } from './replica-check';

export interface ChangeAuthor {
  /** member: in the team now; removed: removed since; unknown: no signed file in the place shows who. */
  standing: 'member' | 'removed' | 'unknown';
  /** The member's name as the member list gives it (never a name a file claims for itself). */
  name: string | null;
  key: string | null;
  removedAt: string | null;
  removedBy: string | null;
}

const UNKNOWN: ChangeAuthor = { standing: 'unknown', name: null, key: null, removedAt: null, removedBy: null };

/** Reads each device's folder once, checked as team sync checks it, and answers who made a change. */
export class ChangeAuthors {
  private readonly folders = new Map<string, { ownerKey: string; files: Map<string, Uint8Array> } | null>();
  private readonly opened = new Map<string, unknown>();

  constructor(
    private readonly sodium: Sodium,
    private readonly store: ReplicaStore,
    private readonly head: ListBody,
    private readonly keys: ReadonlyMap<number, Uint8Array>,
  ) {}

  private folder(device: string) {
    if (!this.folders.has(device)) {
      const verdict = checkDevice(this.sodium, this.store.deviceFolder(device), this.store.syncId, device, this.head, [], device.slice(0, 8));
      this.folders.set(device, verdict.kind === 'ok' && verdict.owner ? { ownerKey: verdict.owner.key, files: verdict.files } : null);
    }
    return this.folders.get(device)!;
  }

  private open(device: string, name: string, bytes: Uint8Array): unknown {
    const cacheKey = `${device}/${name}`;
    if (!this.opened.has(cacheKey)) {
      const file = parseDataFile(name)!;
      const key = this.keys.get(file.gen);
      this.opened.set(cacheKey, key ? openData(this.sodium, key, this.store.syncId, device, file, bytes) : null);
    }
    return this.opened.get(cacheKey);
  }

  /**
   * What `device`'s own signed files say of `head` (a value its change `seq` wrote into the
   * entity's field): 'yes' they hold it; 'no' they contradict it (that change wrote another value,
   * or never wrote the field, and no later change covers it); 'unknown' no file of it covers it.
   */
  confirm(device: string, seq: number, entity: string, field: string, head: Head): 'yes' | 'no' | 'unknown' {
    const folder = this.folder(device);
    if (!folder) return 'unknown';
    let verdict: 'no' | 'unknown' = 'unknown';
    for (const [name, bytes] of folder.files) {
      const file = parseDataFile(name);
      if (!file || file.seq < seq || (file.kind === 'seg' && file.seq !== seq)) continue;
      if (file.kind === 'seg') {
        const delta = this.open(device, name, bytes) as Delta | null;
        if (delta?.d !== device || delta.s !== seq) continue;
        const fields = delta.ents?.[entity]?.f;
        // The change itself is the last word on what it wrote.
        return fields && field in fields && sameValue(fields[field], head.v) ? 'yes' : 'no';
      } else {
        const state = this.open(device, name, bytes) as SyncState | null;
        const record = state?.ents?.[entity];
        if (!state || !covers(state.applied ?? {}, device, seq)) continue;
        const heads = record?.f?.[field] ?? [];
        if (heads.some((h) => h.o === head.o && sameValue(h.v, head.v))) return 'yes';
        // Overwritten later (a head there whose change had seen this one) is no contradiction.
        if (!heads.some((h) => h.o !== head.o && covers(record?.ops?.[h.o] ?? {}, device, seq))) verdict = 'no';
      }
    }
    return verdict;
  }

  /** Who made the change that wrote `head` into the entity's field. */
  authorOf(entity: string, field: string, head: Head): ChangeAuthor {
    const { device, seq } = parseOp(head.o);
    if (this.confirm(device, seq, entity, field, head) !== 'yes') return UNKNOWN;
    const key = this.folder(device)!.ownerKey;
    if (this.head.members.some((m) => m.key === key)) return { standing: 'member', name: nameIn(this.head, key), key, removedAt: null, removedBy: null };
    const removed = this.head.removed.find((r) => r.key === key);
    return removed ? { standing: 'removed', name: removed.name, key, removedAt: removed.at, removedBy: nameIn(this.head, removed.by) } : UNKNOWN;
  }
}

export interface AddressCheck {
  instance: string | null;
  /** Who set the address shown; null when no change ever set one. */
  setBy: ChangeAuthor | null;
  /** The address is not the one the token was added with: a later change set it. */
  changedSinceAdded: boolean;
  /** Null when GitLab may be asked at this address; else the sentence saying why not. */
  refusal: string | null;
}

/** Whether the team token `entryId`'s address may be trusted with its secret. */
export function checkAddress(authors: ChangeAuthors, state: SyncState, entryId: string, name: string): AddressCheck {
  const entity = `e:${entryId}`;
  const [head] = state.ents[entity]?.f.instance ?? [];
  const instance = typeof head?.v === 'string' ? head.v : null;
  if (!head || !instance) return { instance, setBy: null, changedSinceAdded: false, refusal: null };
  const created = state.ents[entity]?.f.createdAt?.[0];
  const changedSinceAdded = !created || created.o !== head.o;
  const setBy = authors.authorOf(entity, 'instance', head);
  let refusal: string | null = null;
  if (setBy.standing === 'removed')
    refusal = `"${name}" was not sent to GitLab: its address ${instance} was last set by ${setBy.name}, who was removed from the team on ${setBy.removedAt!.slice(0, 10)} by ${setBy.removedBy}, so that server could be theirs and would see the secret. Check the address; set the right one with "edit ${name} --instance URL", then rotate it.`;
  else if (setBy.standing === 'unknown')
    refusal = `"${name}" was not sent to GitLab: no signed change in the team's place shows who set its address ${instance} (the files were removed or altered), so it could be a removed member's server. Check the address; set the right one with "edit ${name} --instance URL", then rotate it.`;
  return { instance, setBy, changedSinceAdded, refusal };
}

/**
 * Null when no snapshot among `files` (device `device`'s, checked) names another device's change
 * with a value that device's own signed files contradict; else the sentence's ending. One change
 * writes one value per field, so a contradiction is a forgery: a member rewriting what another
 * member did (say, pointing a token at their own server in Alice's name).
 */
export function contradictedHead(authors: ChangeAuthors, sodium: Sodium, teamId: string, device: string, files: Map<string, Uint8Array>, keys: ReadonlyMap<number, Uint8Array>, nameOf: (other: string) => string): string | null {
  for (const [name, bytes] of files) {
    const file = parseDataFile(name);
    if (!file || file.kind !== 'snap') continue;
    const key = keys.get(file.gen);
    const state = key ? (openData(sodium, key, teamId, device, file, bytes) as SyncState | null) : null;
    if (!state || typeof state.ents !== 'object') continue;
    for (const [entity, record] of Object.entries(state.ents))
      for (const [field, heads] of Object.entries(record?.f ?? {}))
        for (const head of heads ?? []) {
          const { device: other, seq } = parseOp(String(head?.o));
          if (other === device) continue;
          if (authors.confirm(other, seq, entity, field, head) === 'no') return `its snapshot ${name} says ${nameOf(other)}'s change ${seq} wrote a token's ${field === 'instance' ? 'GitLab address' : field} as a value that device's own signed files do not hold (forged)`;
        }
  }
  return null;
}
