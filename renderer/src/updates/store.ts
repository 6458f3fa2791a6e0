// The update check as the page sees it: main's UpdateState (null while loading, or where this
// window has no update check, as in a preview without one), and the version the person put
// off with "Later" in this session. The first-run question, the banner and Settings share it.
import { create } from 'zustand';
import type { UpdateState } from '../../../electron/api';
import { call } from '../client';

interface UpdatesState {
  state: UpdateState | null;
  /** The version "Later" put off; a newer one than that shows the banner again. */
  later: string | null;
  load(): Promise<void>;
  set(state: UpdateState): void;
  putOff(version: string): void;
}

export const useUpdates = create<UpdatesState>((set) => ({
  state: null,
  later: null,
  load: async () => {
    try {
      set({ state: await call('updatesGet', {}) });
    } catch {
      // UPDATES_UNAVAILABLE (no update check in this window): nothing to ask, nothing to show.
      set({ state: null });
    }
  },
  set: (state) => set({ state }),
  putOff: (version) => set({ later: version }),
}));

/** The feed's host, as the person is told where the question goes. */
export function feedHost(state: UpdateState): string {
  try {
    return new URL(state.feedUrl).host;
  } catch {
    return state.feedUrl;
  }
}

/** What one check sends, in the words the question and Settings both use. */
export function whatIsSent(state: UpdateState): string {
  return `Each time it starts, Token Vault asks ${feedHost(state)} for a small file naming the newest release. The request carries your computer's IP address and nothing from your vault: no tokens, no names, not even your version (it is compared here).`;
}
