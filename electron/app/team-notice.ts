// What a team sync said beyond counts, in the contract's shape: the loud warnings (a changed key)
// and refused replicas, each a sentence, for the Team view (a sync asked for, or the runner's own).
import type { TeamSyncNotice } from '../api';
import type { TeamSyncReport } from '../team/team-sync';

export const noticeOf = (report: TeamSyncReport): TeamSyncNotice => ({
  warnings: report.warnings.slice(0, 100).map((w) => w.slice(0, 2000)),
  refused: [...report.teamRefused, ...report.refused].slice(0, 100).map((r) => r.why.slice(0, 2000)),
  offline: report.offline?.slice(0, 1000) ?? null,
  changed: report.added.length + report.changed.length + report.removed.length,
});
