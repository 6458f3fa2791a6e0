// The renderer's state: where the vault stands, the entries' overviews (never secrets), what
// the list shows, which view is open, and the toasts. Screens read slices with selectors.
import { create } from 'zustand';
import type { EditDraft, Entry, SyncState, VaultStatus } from '../../electron/api';
import { call } from './client';
import { filterEntries, type ListFilters } from './lib/filter';

export type View = 'list' | 'wizard' | 'settings' | 'backups' | 'calendar' | 'trash' | 'team';

export interface Toast {
  id: number;
  text: string;
  tone: 'info' | 'success' | 'warning' | 'error';
  /** For the copy toast: when the clipboard will be cleared (ms since epoch). */
  clearsAt?: number;
  entryId?: string;
  /** Said to the unlock screen ("Unlock to see which"); stale, so dropped, once unlocked. */
  whileLocked?: boolean;
}

interface AppState {
  status: VaultStatus | null;
  entries: Entry[];
  /** When the entries were last loaded; the list's data version. */
  loadedAt: number;
  /**
   * The list's first screen, while the whole list is still on its way after an unlock (entries
   * stay empty and loadedAt 0 until then): only the Tokens list shows these rows; counts, filters,
   * search and summaries wait for the whole list. Null otherwise.
   */
  firstScreen: { entries: Entry[]; total: number } | null;
  view: View;
  selectedId: string | null;
  filters: ListFilters;
  toasts: Toast[];
  /** A token a reminder asked to open while the vault was locked or still loading; opened once the entries load. */
  pendingOpenId: string | null;
  /** Where sync stands (the top bar's indicator, Settings → Sync); null until asked. */
  sync: SyncState | null;
  setSync(sync: SyncState | null): void;
  /** Where the person was when the vault locked (ids only, nothing decrypted), to return there after unlock. */
  resume: { path: string; view: View; selectedId: string | null } | null;
  /** The token whose Edit is open with unsaved changes: a lock asks first (LockGuard). */
  editing: { id: string; dirty: boolean } | null;
  /** A lock was asked for while an Edit had unsaved changes: the window asks what to do. */
  lockAsked: boolean;
  /** An Edit kept across a lock, to open again (TokenDetail opens it on its token). */
  reopenEdit: EditDraft | null;
  setEditing(editing: { id: string; dirty: boolean } | null): void;
  /** The vault was created in this window: offer the recovery sheet once. */
  justCreated: boolean;
  setStatus(status: VaultStatus): void;
  refreshStatus(): Promise<VaultStatus>;
  /** Loads the whole list; `firstScreen`: show the first screen's rows before it (the first list after an unlock). */
  loadEntries(options?: { firstScreen?: boolean }): Promise<void>;
  upsertEntry(entry: Entry): void;
  removeEntry(id: string): void;
  setView(view: View): void;
  select(id: string | null): void;
  /** Shows the Tokens screen with this token selected (a reminder's click); waits for unlock if need be. */
  openToken(id: string): void;
  setFilters(patch: Partial<ListFilters>): void;
  toast(t: Omit<Toast, 'id'>): number;
  dismissToast(id: number): void;
  /** Forget everything decrypted (on lock), toasts included; a pending open is only an id, so it survives. */
  forget(): void;
}

let toastIds = 0;

/** Rows in the first screen: about what the tallest window shows (42 px rows). */
export const FIRST_SCREEN_ROWS = 60;

/** Edits whose answers came back while a list was on its way: that list may predate them. */
let changedWhileLoading = false;
/** Loads started, to know a load superseded by a later one. */
let loads = 0;

type Get = () => AppState;
type Set = (partial: Partial<AppState>) => void;

/**
 * Back where the person was before the lock (view and selection; a reminder's token, if one was
 * clicked, wins later), unless they have gone elsewhere since the unlock: their click holds.
 */
function resumeWhereLeft(get: Get, set: Set): void {
  const { resume, status, view, selectedId } = get();
  if (!resume) return;
  if (resume.path === status?.path && view === 'list' && selectedId === null) set({ view: resume.view, selectedId: resume.selectedId, resume: null });
  else set({ resume: null });
}

export const DEFAULT_FILTERS: ListFilters = { query: '', instance: 'all', kind: 'all', status: 'all', sort: 'name', hideDead: false };

export const useApp = create<AppState>((set, get) => ({
  status: null,
  entries: [],
  loadedAt: 0,
  firstScreen: null,
  view: 'list',
  selectedId: null,
  filters: DEFAULT_FILTERS,
  toasts: [],
  pendingOpenId: null,
  sync: null,
  setSync: (sync) => set({ sync }),
  resume: null,
  editing: null,
  lockAsked: false,
  reopenEdit: null,
  justCreated: false,
  setEditing: (editing) => set({ editing }),
  setStatus: (status) => {
    // Locked where it was unlocked (not a switch to another vault): remember where the person was.
    const before = get();
    if (!status.unlocked && before.status?.unlocked && before.status.path === status.path && before.loadedAt)
      set({ resume: { path: status.path, view: before.view, selectedId: before.selectedId } });
    set({ status });
    if (!status.unlocked) get().forget();
    else if (get().toasts.some((t) => t.whileLocked)) set((s) => ({ toasts: s.toasts.filter((t) => !t.whileLocked) }));
  },
  refreshStatus: async () => {
    const status = await call('vaultStatus', {});
    get().setStatus(status);
    return status;
  },
  loadEntries: async (options) => {
    // A later load (a change made elsewhere asks for one) supersedes this one: its answer is newer.
    const load = ++loads;
    let entries: Entry[] | null = null;
    if (options?.firstScreen && get().loadedAt === 0) {
      performance.mark('tv:first-screen-asked');
      const first = await call('tokensFirstScreen', { limit: FIRST_SCREEN_ROWS });
      performance.mark('tv:first-screen-received');
      if (load !== loads) return;
      // Small vaults: the first screen is the whole list, loaded as before.
      if (first.entries.length === first.total) entries = first.entries;
      else if (get().loadedAt === 0 && get().status?.unlocked) {
        set({ firstScreen: first });
        // Back where the person was before the lock now, with the first rows, not when the whole
        // list lands: by then they may have clicked elsewhere, and that click must hold.
        resumeWhereLeft(get, set);
        performance.mark('tv:first-screen-stored');
        // The whole list is asked for once those rows are painted, so its work does not delay them.
        await new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
        if (load !== loads) return;
      }
    }
    if (!entries) {
      // An edit whose answer came back before the list was asked for is in main's list; one that
      // came back while it was on its way may not be: ask again until none did.
      do {
        changedWhileLoading = false;
        performance.mark('tv:list-asked');
        entries = await call('tokensList', {});
        performance.mark('tv:list-received');
        if (load !== loads) return;
      } while (changedWhileLoading);
    }
    set({ entries, loadedAt: Date.now(), firstScreen: null });
    performance.mark('tv:entries-stored');
    resumeWhereLeft(get, set);
    // A selection the whole list no longer holds (removed while it was on its way) is dropped.
    const { selectedId } = get();
    if (selectedId && !entries.some((e) => e.id === selectedId)) set({ selectedId: null });
    const pending = get().pendingOpenId;
    if (pending) get().openToken(pending);
  },
  upsertEntry: (entry) =>
    set((s) => {
      changedWhileLoading = true;
      if (s.loadedAt === 0 && s.firstScreen) {
        return { firstScreen: { ...s.firstScreen, entries: s.firstScreen.entries.map((e) => (e.id === entry.id ? entry : e)) } };
      }
      const i = s.entries.findIndex((e) => e.id === entry.id);
      const entries = i === -1 ? [...s.entries, entry].sort((a, b) => a.name.localeCompare(b.name)) : s.entries.with(i, entry);
      return { entries, loadedAt: Date.now() };
    }),
  removeEntry: (id) =>
    set((s) => {
      changedWhileLoading = true;
      if (s.loadedAt === 0 && s.firstScreen) {
        return { firstScreen: { ...s.firstScreen, entries: s.firstScreen.entries.filter((e) => e.id !== id), total: s.firstScreen.total - 1 }, selectedId: s.selectedId === id ? null : s.selectedId };
      }
      return { entries: s.entries.filter((e) => e.id !== id), selectedId: s.selectedId === id ? null : s.selectedId, loadedAt: Date.now() };
    }),
  setView: (view) => set({ view }),
  select: (selectedId) => set({ selectedId }),
  openToken: (id) => {
    const { status, entries, loadedAt, filters } = get();
    if (!status?.unlocked || loadedAt === 0) return set({ pendingOpenId: id });
    const entry = entries.find((e) => e.id === id);
    // Removed since the reminder was scheduled: the list is still the right place to land.
    if (!entry) return set({ pendingOpenId: null, view: 'list' });
    // Keep the user's search and filters unless they would hide the token asked for.
    // Against the whole list: a typo-tolerant match applies only when nothing matches exactly, so
    // one entry alone can "match" a search whose list does not show it.
    const visible = filterEntries(entries, filters).some((e) => e.id === id);
    set({ pendingOpenId: null, view: 'list', selectedId: id, filters: visible ? filters : DEFAULT_FILTERS });
  },
  setFilters: (patch) => set((s) => ({ filters: { ...s.filters, ...patch } })),
  toast: (t) => {
    const id = ++toastIds;
    // Three at most: a pile of toasts would cover the list they are about.
    set((s) => ({ toasts: [...s.toasts.filter((x) => !(t.entryId && x.entryId)), { ...t, id }].slice(-3) }));
    if (!t.clearsAt) setTimeout(() => get().dismissToast(id), t.tone === 'error' ? 8000 : 4000);
    return id;
  },
  dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
  // Toasts go too: one naming a token must not stay on the unlock screen.
  forget: () => {
    // A list on its way was asked for before the lock: it is not stored after it.
    loads += 1;
    set(() => ({
      // The resume point (ids and a view name) stays: nothing decrypted survives the lock.
      entries: [], loadedAt: 0, firstScreen: null, selectedId: null, view: 'list', filters: DEFAULT_FILTERS, toasts: [], editing: null, lockAsked: false, reopenEdit: null, sync: null,
    }));
  },
}));
