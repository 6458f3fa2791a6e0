// The unlocked app: a top bar (views, lock) and the open view. Entries load once per unlock.
import { useEffect, useMemo, useState } from 'react';
import { summaryCounts } from '../calendar/model';
import { useMinute } from '../lib/useMinute';
import { count } from '../lib/plural';
import { tokensWithPendingPlaces } from '../lib/follow-up';
import { call, messageOf } from '../client';
import { useApp, type View } from '../store';
import { Backups } from './Backups';
import { Calendar } from './Calendar';
import { Settings } from './Settings';
import { Trash } from './Trash';
import { TokensView } from './TokensView';
import { TeamView } from '../team/TeamView';
import { Wizard } from '../wizard/Wizard';
import { readDraft } from '../wizard/draft-calls';
import { Toasts } from '../components/Toasts';
import { VaultMenu } from '../components/VaultMenu';
import { SyncIndicator } from '../sync/SyncIndicator';
import { VaultSwitcher } from '../components/VaultSwitcher';
import { MoveToTeamDialog } from '../team/MoveToTeam';
import { RecoverySheetDialog } from '../components/RecoverySheetDialog';
import { LockAskDialog, LockSoonBanner, requestLock } from '../components/LockGuard';
import { changeVault } from '../components/VaultPlaces';
import { IdentifyDialog } from './dialogs/IdentifyDialog';
import { ImportDialog } from './dialogs/ImportDialog';
import { AddExistingDialog } from './dialogs/AddExistingDialog';

const NAV: Array<{ view: View; label: string }> = [
  { view: 'list', label: 'Tokens' },
  { view: 'wizard', label: 'New token' },
  { view: 'calendar', label: 'Calendar' },
  { view: 'backups', label: 'Backups' },
  { view: 'team', label: 'Team' },
  { view: 'settings', label: 'Settings' },
];

/**
 * The offer's buttons go away with it, and the focus with them (to the page itself, where the next
 * Tab starts from the top): it goes to the open view's tab instead, a known place to go on from.
 */
function focusCurrentTab(): void {
  requestAnimationFrame(() => document.querySelector<HTMLElement>('.topbar nav [aria-current="page"]')?.focus());
}

export function Workspace() {
  const view = useApp((s) => s.view);
  const status = useApp((s) => s.status);
  const justCreated = useApp((s) => s.justCreated);
  const [sheetOpen, setSheetOpen] = useState(false);
  const setView = useApp((s) => s.setView);
  const [loadError, setLoadError] = useState('');
  const [hasDraft, setHasDraft] = useState(false);
  // "New token" always opens the wizard afresh (at the draft's step, if there is one).
  const [wizardRun, setWizardRun] = useState(0);
  const [vaultDialog, setVaultDialog] = useState<'import' | 'existing' | 'identify' | null>(null);

  useEffect(() => {
    useApp.getState().loadEntries({ firstScreen: true }).catch((e) => setLoadError(messageOf(e)));
  }, []);
  useEffect(() => {
    void readDraft().then((d) => setHasDraft(d !== null)).catch(() => undefined);
  }, [view]);

  // The expiry summary sits in the list's empty detail pane; with a token selected it is out of
  // sight, so the Calendar tab carries the count that matters: expired or due within 7 days.
  const entries = useApp((s) => s.entries);
  const now = useMinute();
  const minute = Math.floor(now.getTime() / 60_000);
  const urgent = useMemo(() => {
    const c = summaryCounts(entries, now, 30);
    return c.expired + c.thisWeek;
  }, [entries, minute]);

  // Tokens rotated with places still holding the old token: reminded on the Tokens tab.
  const withTasks = useMemo(() => tokensWithPendingPlaces(entries), [entries]);
  const describedBy = (v: View): string | undefined => {
    if (v === 'calendar' && urgent > 0) return 'calendar-count-words';
    if (v === 'list' && withTasks > 0) return 'tasks-count-words';
    return undefined;
  };

  const lock = requestLock;
  // An Edit left unsaved when the vault locked: back on its token, the dialog open with the changes.
  useEffect(() => {
    call('editDraftGet', {}).then((draft) => {
      if (!draft) return;
      useApp.setState({ reopenEdit: draft, view: 'list', selectedId: draft.id, resume: null });
    }, () => undefined);
  }, []);

  return (
    <div className="workspace">
      <header className="topbar" data-colour={status?.colour}>
        <VaultSwitcher />
        <nav aria-label="Views">
          {NAV.map((n) => (
            <button key={n.view} type="button" className="nav-button" aria-current={view === n.view ? 'page' : undefined} aria-describedby={describedBy(n.view)} onClick={() => { if (n.view === 'wizard') setWizardRun((r) => r + 1); setView(n.view); }}>
              {n.label}
              {n.view === 'list' && withTasks > 0 ? <span className="nav-count tasks" aria-hidden="true" data-testid="tasks-count">{withTasks}</span> : null}
              {n.view === 'calendar' && urgent > 0 ? <span className="nav-count" aria-hidden="true" data-testid="calendar-count">{urgent}</span> : null}
              {n.view === 'wizard' && hasDraft ? <><span className="dot" aria-hidden="true" /><span className="sr-only"> (draft in progress)</span></> : null}
            </button>
          ))}
        </nav>
        {/* The tab keeps its name ("Calendar"); the count is its description. */}
        <span id="calendar-count-words" hidden>{count(urgent, 'token')} expired or due within 7 days</span>
        <span id="tasks-count-words" hidden>{count(withTasks, 'token')} with places still to update after a rotation</span>
        <SyncIndicator />
        <VaultMenu
          items={[
            { label: 'Add an existing token…', onSelect: () => setVaultDialog('existing') },
            { label: 'Import tokens…', onSelect: () => setVaultDialog('import') },
            { label: 'Identify a token…', onSelect: () => setVaultDialog('identify') },
            { label: 'Trash', onSelect: () => setView('trash') },
            { label: 'Open another vault…', onSelect: () => void changeVault('vaultOpenFile', {}).catch((e) => useApp.getState().toast({ tone: 'error', text: messageOf(e) })) },
            { label: 'New vault…', onSelect: () => void changeVault('vaultChooseNewFile', {}).catch((e) => useApp.getState().toast({ tone: 'error', text: messageOf(e) })) },
          ]}
        />
        <button type="button" className="lock-button" onClick={lock} aria-keyshortcuts="Control+L Meta+L" title="Lock (Ctrl+L)">Lock</button>
      </header>
      {loadError ? <p className="field-error" role="alert">{loadError}</p> : null}
      {justCreated && !sheetOpen ? (
        <div className="note recovery-offer" data-testid="recovery-offer">
          <p>Your vault is ready. Print a recovery sheet — how to get it back on a new computer, with room to write the master password — and keep it with your papers.</p>
          <div className="recovery-offer-actions">
            <button type="button" className="primary" onClick={() => setSheetOpen(true)}>Print a recovery sheet…</button>
            <button type="button" className="link" onClick={() => { useApp.setState({ justCreated: false }); focusCurrentTab(); }}>Not now</button>
          </div>
        </div>
      ) : null}
      <div className="view">
        {view === 'list' && <TokensView />}
        {view === 'wizard' && <Wizard key={wizardRun} onClose={() => setView('list')} />}
        {view === 'calendar' && <Calendar />}
        {view === 'backups' && <Backups />}
        {view === 'settings' && <Settings />}
        {view === 'trash' && <Trash />}
        {view === 'team' && <TeamView />}
      </div>
      <Toasts docked />
      {sheetOpen ? <RecoverySheetDialog onClose={() => { setSheetOpen(false); useApp.setState({ justCreated: false }); focusCurrentTab(); }} /> : null}
      <LockAskDialog />
      <LockSoonBanner />
      {vaultDialog === 'import' ? <ImportDialog onClose={() => setVaultDialog(null)} /> : null}
      {vaultDialog === 'existing' ? <AddExistingDialog onClose={() => setVaultDialog(null)} /> : null}
      {vaultDialog === 'identify' ? <IdentifyDialog onClose={() => setVaultDialog(null)} /> : null}
      <MoveToTeamDialog />
    </div>
  );
}
