// The app's face of the team's audit log: the vault-level log on the Team screen and a team
// token's Activity in its detail (teamLog), and the same as CSV through the save dialog
// (teamLogExport). Thin calls into electron/team/team-log.ts; what crosses is names and words.
import { basename } from 'node:path';
import type { TeamLogView } from '../api';
import type { ApiServices } from '../ipc';
import type { LogRow } from '../team/audit-check';
import { logCsv } from '../team/log-csv';
import { ACTION_WORDS, teamLog } from '../team/team-log';
import { readTeam } from '../team/team-state';
import { writeOwnerOnlyFile } from '../vault/owner-only';
import { ServiceError } from './errors';
import type { FileDialogPort } from './ports';
import type { VaultSession } from './session';

export interface TeamLogServiceDeps {
  session: VaultSession;
  dialogs: FileDialogPort;
}

const view = (r: LogRow): TeamLogView['rows'][number] => ({
  at: r.at,
  what: ACTION_WORDS[r.action],
  action: r.action,
  entryId: r.entryId,
  entryName: r.entryName,
  detail: r.detail,
  author: r.author.slice(0, 80),
  fingerprint: r.fingerprint,
  standing: r.standing,
  pending: r.pending,
});

export function createTeamLogServices({ session, dialogs }: TeamLogServiceDeps): Pick<ApiServices, 'teamLog' | 'teamLogExport'> {
  const read = async (entryId: string | undefined) => {
    const vault = session.unlocked();
    if (!readTeam(vault)) return null;
    return teamLog(vault, entryId ? { token: { id: entryId, name: '' } } : {});
  };
  return {
    teamLog: async ({ entryId }) => {
      const log = await read(entryId);
      if (!log) return null;
      return { rows: log.rows.slice(-100_000).reverse().map(view), problems: log.problems.slice(0, 1000).map((p) => p.slice(0, 2000)) };
    },
    teamLogExport: async ({ entryId }) => {
      if (!readTeam(session.unlocked())) throw new ServiceError('NOT_A_TEAM', 'This vault is not a team vault, so it keeps no team log.');
      const name = entryId ? session.unlocked().get(entryId).name.replace(/[^\p{L}\p{N}._-]+/gu, '-').slice(0, 60) : null;
      const file = await dialogs.saveFile({ title: 'Export the team log as CSV', defaultName: `team-log${name ? `-${name}` : ''}.csv`, filters: [{ name: 'CSV', extensions: ['csv'] }] });
      if (!file) return null;
      const log = (await read(entryId))!;
      try {
        writeOwnerOnlyFile(file, logCsv(log.rows));
      } catch (error) {
        throw new ServiceError('WRITE_FAILED', `${basename(file)} could not be written (${(error as NodeJS.ErrnoException).code ?? 'write failed'}); choose another place.`);
      }
      return { fileName: basename(file).slice(0, 255), entries: log.rows.length };
    },
  };
}
