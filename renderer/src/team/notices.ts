// What team syncs said that must not vanish with a toast: a changed key (until the person says
// they compared the fingerprint) and refused replicas (until the next sync). Kept across views.
import { create } from 'zustand';
import type { TeamSyncNotice } from '../../../electron/api';

interface TeamNotices {
  warnings: string[];
  refused: string[];
  take(notice: TeamSyncNotice): void;
  dismiss(warning: string): void;
}

export const useTeamNotices = create<TeamNotices>((set) => ({
  warnings: [],
  refused: [],
  take: (notice) => set((s) => ({ warnings: [...new Set([...s.warnings, ...notice.warnings])], refused: notice.refused })),
  dismiss: (warning) => set((s) => ({ warnings: s.warnings.filter((w) => w !== warning) })),
}));
