// "Move to team vault…" on a personal token: the chosen team copy (a vault file of its own, one
// this computer has opened before) is opened with its master password beside the open personal
// vault, takes in the team's changes (so a removal or a name the team took meanwhile is known),
// stores the token, and sends it to the team; only once it is stored there does the personal one
// go to the Trash (electron/team/move.ts). Each refusal is one sentence that says nothing moved.
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { ApiServices } from '../ipc';
import { isTeamError } from '../team/errors';
import { moveToTeam } from '../team/move';
import { readTeam } from '../team/team-state';
import { teamSync, type TeamSyncReport } from '../team/team-sync';
import { AlreadyStored, VaultError } from '../vault/errors';
import { Vault } from '../vault/vault';
import { vaultLabel } from '../vault/vault-label';
import { ServiceError } from './errors';
import type { EmitPort } from './ports';
import type { RecentVaults } from './recent-vaults';
import type { VaultSession } from './session';
import { noticeOf } from './team-services';

export interface TeamMoveDeps {
  session: VaultSession;
  recent: RecentVaults;
  emit: EmitPort;
}

const NOTHING = 'nothing was moved: the token is still in this vault.';

export function createTeamMoveServices({ session, recent, emit }: TeamMoveDeps): Pick<ApiServices, 'teamMoveToken'> {
  return {
    teamMoveToken: async ({ id, path, password }) => {
      const personal = session.unlocked();
      if (readTeam(personal)) throw new ServiceError('CANNOT_MOVE', 'This is a team vault: "Move to team vault…" moves tokens from your personal vault.');
      const token = personal.get(id);
      const known = recent.teamOf(path);
      if (!known) throw new ServiceError('UNKNOWN_TEAM_VAULT', `That is not a team vault opened on this computer; ${NOTHING}`);
      const teamName = known.name;
      if (!existsSync(path)) throw new ServiceError('VAULT_MISSING', `The copy of team "${teamName}" (${basename(path)}) is no longer there (moved, or on a disk that is not connected); ${NOTHING}`);
      emit('teamMove', { step: 'open' });
      const copy = Vault.open(path);
      try {
        try {
          await copy.unlock(password);
        } catch (error) {
          if (error instanceof VaultError && error.code === 'WRONG_PASSWORD') throw new ServiceError('WRONG_PASSWORD', `That is not the master password of team vault "${teamName}"; ${NOTHING}`);
          throw error;
        }
        const team = readTeam(copy);
        if (!team) throw new ServiceError('NOT_A_TEAM', `${basename(path)} is not a copy of a team (joining it never finished); ${NOTHING} Join the team again under Team.`);
        if (team.removedMe) throw removed(team.teamName, team.removedMe);
        emit('teamMove', { step: 'sync-in' });
        let before: TeamSyncReport | null = null;
        try {
          before = await teamSync(copy);
        } catch (error) {
          const now = readTeam(copy);
          if (isTeamError(error) && error.code === 'REMOVED' && now?.removedMe) throw removed(now.teamName, now.removedMe);
          // The place cannot be reached or refused: the move is local and goes out with the next team sync.
        }
        emit('teamMove', { step: 'store' });
        let moved;
        try {
          moved = moveToTeam(personal, copy, id);
        } catch (error) {
          if (error instanceof VaultError && error.code === 'NAME_TAKEN') throw new ServiceError('NAME_TAKEN', `Team vault "${team.teamName}" already has a token named "${token.name}"; ${NOTHING} Rename yours (Edit…) and move it again, or keep the team's.`);
          if (error instanceof AlreadyStored) throw new ServiceError('ALREADY_STORED', `Team vault "${team.teamName}" already holds this very token (as "${error.entryName}"${error.inTrash ? ', in its Trash' : ''}); ${NOTHING}`);
          if (isTeamError(error)) throw new ServiceError(error.code, error.message);
          throw error;
        }
        emit('entriesChanged', { by: 'elsewhere' });
        emit('teamMove', { step: 'send' });
        let after: TeamSyncReport | null = null;
        let offline: string | null = null;
        try {
          after = await teamSync(copy);
          offline = after.offline;
        } catch (error) {
          offline = error instanceof Error && (isTeamError(error) || error instanceof VaultError) ? error.message : 'the team sync failed unexpectedly';
        }
        const label = vaultLabel(path, copy.getSettings());
        recent.remember(path, label, { name: team.teamName, removed: false });
        return {
          name: moved.moved.name.slice(0, 200),
          teamName: team.teamName.slice(0, 80),
          vaultName: label.name,
          path,
          sent: offline === null,
          offline: offline?.slice(0, 1000) ?? null,
          notice: after ? noticeOf(after) : before ? noticeOf(before) : null,
        };
      } finally {
        copy.close();
      }
    },
  };
}

function removed(teamName: string, by: { by: string }): ServiceError {
  return new ServiceError('REMOVED', `You were removed from team "${teamName}" by ${by.by}, so it takes no new tokens from you; ${NOTHING}`);
}
