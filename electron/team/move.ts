// "Move to team vault…": a personal token becomes a team token. It is stored in the team copy
// first and only then moved to the personal vault's Trash, so a move cut short leaves the token
// in both, never in neither; the Trash keeps the personal one restorable for its 30 days. The
// team copy's next team sync sends it to the others.
import type { EntryOverview } from '../vault/types';
import type { Vault } from '../vault/vault';
import { TeamError } from './errors';
import type { TeamVault } from './team-sync';
import { needTeam } from './team-state';

export type MoveSource = Pick<Vault, 'get' | 'readSecret' | 'trash' | 'readPrivate'>;
export type MoveTarget = TeamVault & Pick<Vault, 'add' | 'update' | 'journalAs'>;

/** Moves personal token `id` from `from` into the team copy `to`; returns the team token. */
export function moveToTeam(from: MoveSource, to: MoveTarget, id: string, now = new Date()): { moved: EntryOverview; team: string } {
  const team = needTeam(to);
  if (team.removedMe) throw new TeamError('REMOVED', `You were removed from team "${team.teamName}"; nothing was moved.`);
  if (from.readPrivate('team_state')) throw new TeamError('CANNOT_MOVE', 'That token is already in a team copy; move tokens from your personal vault.');
  const source = from.get(id);
  if (source.trashedAt !== undefined) throw new TeamError('CANNOT_MOVE', `"${source.name}" is in the Trash; restore it before moving it.`);
  if (source.pendingRotation) throw new TeamError('CANNOT_MOVE', `"${source.name}" has a rotation that was never confirmed; verify it first, so the team gets the secret GitLab knows.`);
  // One act in the team's log, "moved in", rather than an add and an edit.
  const moved = to.journalAs('moved-in', () => {
    const added = to.add({ name: source.name, kind: source.kind, instance: source.instance, scopes: source.scopes, expiresAt: source.expiresAt, description: source.description, usedIn: source.usedIn, leadDays: source.leadDays, facts: source.facts ?? null }, from.readSecret(id));
    return to.update(
      added.id,
      { gitlab: source.gitlab, lastVerifiedAt: source.lastVerifiedAt, lastUsedAt: source.lastUsedAt, revoked: source.revoked },
      { at: now.toISOString(), action: 'edited', note: `Moved here from a personal vault; its history there stays with it (in that vault's Trash for 30 days).` },
    );
  });
  from.trash(id, now);
  return { moved, team: team.teamName };
}
