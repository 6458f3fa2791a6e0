// A manager's change to the member list is two steps: recorded in the team copy (what a leaver
// could read, the audit log's entry, and the signed list itself, waiting in `listOutbox`) in one
// transaction, then the list written into this device's folder in the place. A kill -9 between
// them loses nothing and doubles nothing: the next team sync, or the next manager command, writes
// what waits first. Without it, the log reported a removal the place never got, and running the
// command again recorded it twice.
import fs from 'node:fs';
import path from 'node:path';
import type { Sodium } from '../vault/sodium';
import type { ActivityInput } from '../vault/activity-journal';
import type { ReplicaStore } from '../sync/replica-store';
import type { Identity } from './identity';
import type { PrivateStore } from './identity-store';
import { type ListBody, listHash, type SignedList } from './member-list';
import { listFileName, OWNER_FILE, ownerDocument, readOwner } from './team-files';
import type { TeamState } from './team-state';

export type ListVault = PrivateStore & {
  updatePrivate<T>(name: 'team_journal' | 'team_state', change: (blob: Uint8Array | null) => { blob: Uint8Array | null; result: T }): T;
  noteActivity(records: ActivityInput[]): void;
};

const decode = (blob: Uint8Array | null): TeamState | null => (blob ? (JSON.parse(Buffer.from(blob).toString('utf8')) as TeamState) : null);
const encode = (team: TeamState) => new Uint8Array(Buffer.from(JSON.stringify(team)));

/** The member-list versions (and owner.json) into this device's folder in the place. */
export function writeOwnFiles(sodium: Sodium, me: Identity, store: ReplicaStore, device: string, lists: SignedList[]): void {
  const folder = store.deviceFolder(device);
  fs.mkdirSync(folder, { recursive: true });
  for (const signed of lists) {
    const body = JSON.parse(signed.body) as ListBody;
    const file = path.join(folder, listFileName(body.version, listHash(sodium, signed.body)));
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(signed), { mode: 0o600 });
    fs.renameSync(`${file}.tmp`, file);
  }
  const owner = readOwner(sodium, folder, store.syncId, device);
  if (owner === null || owner === 'invalid') fs.writeFileSync(path.join(folder, OWNER_FILE), JSON.stringify(ownerDocument(sodium, me, store.syncId, device)), { mode: 0o600 });
}

/** Step one: the change to the team state, the signed list to send and the log's entries, in one transaction. */
export function recordListChange(vault: ListVault, signed: SignedList, activity: ActivityInput[], change: (team: TeamState) => void = () => {}): void {
  vault.updatePrivate('team_state', (blob) => {
    const team = decode(blob);
    if (!team) return { blob: null, result: undefined };
    change(team);
    team.listOutbox = [...(team.listOutbox ?? []), signed];
    vault.noteActivity(activity);
    return { blob: encode(team), result: undefined };
  });
}

/** Step two, and the recovery of a kill before it: every list waiting goes into the place, then leaves the outbox. */
export function flushLists(sodium: Sodium, vault: ListVault, me: Identity, store: ReplicaStore, device: string): void {
  const waiting = decode(vault.readPrivate('team_state'))?.listOutbox ?? [];
  if (!waiting.length) return;
  writeOwnFiles(sodium, me, store, device, waiting);
  const sent = new Set(waiting.map((l) => l.sig));
  vault.updatePrivate('team_state', (blob) => {
    const team = decode(blob);
    if (!team?.listOutbox?.length) return { blob: null, result: undefined };
    team.listOutbox = team.listOutbox.filter((l) => !sent.has(l.sig));
    return { blob: encode(team), result: undefined };
  });
}
