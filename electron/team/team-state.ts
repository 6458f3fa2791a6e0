// What a team copy keeps about its team, sealed in the vault (Vault.readPrivate('team_state')):
// which team, who this person is in it, the member-list version it last accepted (its pin),
// the people it has seen with their keys, and what each removed member could read.
import { TeamError } from './errors';
import type { PrivateStore } from './identity-store';
import type { Pin } from './chain';
import type { SignedList } from './member-list';

export interface ExposedEntry {
  id: string;
  name: string;
  kind: string;
  /** A keyed hash of the secret the leaver could read: a later rotation changes it. */
  mark: string;
}

export interface Exposure {
  member: { name: string; key: string };
  removedAt: string;
  removedBy: string;
  entries: ExposedEntry[];
}

export interface TeamState {
  version: 1;
  teamId: string;
  teamName: string;
  /** This person's member key. */
  me: string;
  pin: Pin;
  /** Everyone seen in this team, by member key, with the name they had. */
  known: Record<string, string>;
  exposures: Exposure[];
  /** Set once this person finds themselves removed: the copy stops syncing. */
  removedMe: { by: string; at: string } | null;
  /** Member-list versions already reported as lost or ignored (hashes): each is said once. */
  lostSeen?: string[];
  /** Member-list versions signed here and not yet written into the place (list-outbox.ts). */
  listOutbox?: SignedList[];
  /** Random key for `ExposedEntry.mark`. */
  markKey: string;
}

export function readTeam(vault: PrivateStore): TeamState | null {
  const blob = vault.readPrivate('team_state');
  return blob ? (JSON.parse(Buffer.from(blob).toString('utf8')) as TeamState) : null;
}

export function needTeam(vault: PrivateStore): TeamState {
  const team = readTeam(vault);
  if (!team) throw new TeamError('NOT_A_TEAM', 'This vault is not a team vault; make one with "tokenvault --vault FILE team create" or join one with "team join".');
  return team;
}

export function writeTeam(vault: PrivateStore, team: TeamState): void {
  vault.writePrivate('team_state', new Uint8Array(Buffer.from(JSON.stringify(team))));
}

export type TeamStateStore = PrivateStore & {
  updatePrivate<T>(name: 'team_state', change: (blob: Uint8Array | null) => { blob: Uint8Array | null; result: T }): T;
};

/**
 * Changes the team's state as it is in the vault now, in one transaction. Another process may
 * have written it since this one read it (a removal's exposures while a sync pulled): writing
 * back a copy read earlier would undo that.
 */
export function updateTeam(vault: TeamStateStore, change: (team: TeamState) => void): void {
  vault.updatePrivate('team_state', (blob) => {
    if (!blob) throw new TeamError('NOT_A_TEAM', 'This vault is not a team vault; make one with "tokenvault --vault FILE team create" or join one with "team join".');
    const team = JSON.parse(Buffer.from(blob).toString('utf8')) as TeamState;
    change(team);
    return { blob: new Uint8Array(Buffer.from(JSON.stringify(team))), result: null };
  });
}
