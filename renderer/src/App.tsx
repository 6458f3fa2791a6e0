// Which screen shows follows from the vault's status: no vault → first run, locked → unlock,
// unlocked → the workspace. Events from main (locked, clipboard cleared, reminders) land here.
import { useEffect } from 'react';
import type { ApiEvents } from '../../electron/api';
import { count } from './lib/plural';
import { Toasts } from './components/Toasts';
import { requestLock } from './components/LockGuard';
import { FirstRun } from './screens/FirstRun';
import { Unlock } from './screens/Unlock';
import { Workspace } from './screens/Workspace';
import { useApp } from './store';
import { useTeamNotices } from './team/notices';
import { UpdateBanner } from './updates/UpdateBanner';
import { UpdateQuestion } from './updates/UpdateQuestion';
import { useUpdates } from './updates/store';
import './updates/updates.css';

/** A reminder shown while locked carries no name (the locked schedule holds ids only): name may be ''. */
function reminderToastText({ name, daysLeft, rotateBy }: ApiEvents['reminderDue'], unlocked: boolean, nudge: boolean): string {
  if (rotateBy && name) return `${name} is due for rotation (its rotation reminder).`;
  const when = daysLeft < 1 ? 'today' : `in ${count(daysLeft, 'day')}`;
  // The unlock screen names no token, whatever the notification said.
  if (!unlocked) return `A token expires ${when}. Unlock to see which.`;
  // A nudge for a token whose expiry is unknown (reminders/unknown-expiry.ts): named, but no date.
  if (nudge) return `${name}: its expiry date is unknown. Set it with Edit, so you are reminded in time.`;
  return name ? `${name} expires ${when}.` : `A token expires ${when}.`;
}

/** One list load at a time: changes arriving while one is under way ask for one more after it. */
let reloading: Promise<void> | null = null;
let again = false;
function reloadEntries(): void {
  if (!useApp.getState().status?.unlocked) return;
  if (reloading) {
    again = true;
    return;
  }
  reloading = useApp
    .getState()
    .loadEntries()
    .catch(() => undefined)
    .finally(() => {
      reloading = null;
      if (again) {
        again = false;
        reloadEntries();
      }
    });
}

export function App() {
  const status = useApp((s) => s.status);

  useEffect(() => {
    void useApp.getState().refreshStatus().catch(() => undefined);
    // A check at start may have found a newer version before this page listened: ask once.
    void useUpdates.getState().load();
    const api = window.tokenVault;
    const offs = [
      api.on('updateAvailable', (state) => useUpdates.getState().set(state)),
      api.on('locked', ({ reason }) => {
        const { status: s, setStatus, toast, refreshStatus } = useApp.getState();
        // A restore closes the vault and reopens it in the same call; this event may arrive after
        // that call's answer, so ask main where things stand instead of assuming "locked".
        if (reason === 'restore') return void refreshStatus().catch(() => undefined);
        if (s) setStatus({ ...s, unlocked: false, autoLockMinutes: null });
        const why: Record<string, string> = {
          idle: 'Locked after a while without use.',
          elsewhere: 'Locked: another Token Vault process restored this vault or changed its master password. Unlock it again.',
        };
        if (reason !== 'manual') toast({ tone: 'info', text: why[reason] ?? 'Locked with your screen.' });
      }),
      api.on('notice', ({ text }) => useApp.getState().toast({ tone: 'error', text })),
      // The CLI, the agent or a sync changed the tokens: the list follows without a reload.
      api.on('entriesChanged', () => reloadEntries()),
      // The app synced the team vault by itself: a changed key or a refused replica stays on the Team view.
      api.on('teamSynced', (notice) => useTeamNotices.getState().take(notice)),
      api.on('syncState', (sync) => {
        if (useApp.getState().status?.unlocked) useApp.getState().setSync(sync);
      }),
      // The app menu switched vaults: show the new vault's unlock or first-run screen.
      api.on('vaultChanged', (status) => useApp.getState().setStatus(status)),
      api.on('clipboardCleared', ({ id }) => {
        const { toasts, dismissToast, toast } = useApp.getState();
        for (const t of toasts) if (t.entryId === id) dismissToast(t.id);
        toast({ tone: 'info', text: 'Clipboard cleared.' });
      }),
      // A reminder notification was clicked: open that token, now or right after unlock.
      api.on('reminderDue', (reminder) => {
        const { status: s, entries, openToken, toast } = useApp.getState();
        const name = reminder.name || entries.find((e) => e.id === reminder.id)?.name || '';
        openToken(reminder.id);
        const unlocked = Boolean(s?.unlocked);
        // A nudge names its token but has no date; a locked reminder has neither.
        const nudge = reminder.name !== '' && reminder.expiresAt === '' && !reminder.rotateBy;
        toast({ tone: 'info', text: reminderToastText({ ...reminder, name }, unlocked, nudge), ...(unlocked ? {} : { whileLocked: true }) });
      }),
      api.on('filesMadePrivate', ({ paths }) => {
        const files = paths.length === 1 ? 'A vault file was' : `${paths.length} vault files were`;
        useApp.getState().toast({ tone: 'info', text: `${files} readable by other users of this computer; now only you can read them.` });
      }),
    ];
    return () => offs.forEach((off) => off());
  }, []);

  // The window title names the vault (Electron shows the page's title), so the taskbar does too.
  useEffect(() => {
    document.title = status?.exists ? `${status.name}${status.unlocked ? '' : ' (locked)'} — Token Vault` : 'Token Vault';
  }, [status?.name, status?.exists, status?.unlocked]);

  useEffect(() => {
    if (!status?.unlocked) return;
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 'l') {
        e.preventDefault();
        requestLock();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [status?.unlocked]);

  // The update question and banner sit above whichever screen shows; the screen's element stays
  // the same whether they show or not, so nothing typed in it is lost when they come and go.
  return (
    <div className="app-shell">
      <UpdateQuestion />
      <UpdateBanner />
      <div className="app-screen">
        {status === null ? (
          <main className="centered" aria-busy="true" />
        ) : !status.exists ? (
          <FirstRun />
        ) : !status.unlocked ? (
          <Unlock path={status.path} />
        ) : (
          // Keyed by the file: a vault opened while unlocked (a team vault just made) starts afresh.
          <Workspace key={status.path} />
        )}
      </div>
      {status?.unlocked ? null : <Toasts />}
    </div>
  );
}
