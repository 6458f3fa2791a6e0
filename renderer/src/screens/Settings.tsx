// Settings: auto-lock, clipboard clearing, reminder lead times (and the opt-in reminders while
// locked), backups folder and retention, asking before a token leaves for another program (and
// the log of those that did). Every field is read before anything is saved; what
// cannot be read is refused under its field, naming the part. The backups folder is checked
// main-side (creatable, writable, not a system folder) and shown as a full path.
import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import type { Settings as VaultSettings } from '../../../electron/api';
import { call, codeOf, messageOf } from '../client';
import { readSettingsForm, type SettingsErrors, type SettingsField, type SettingsText } from '../lib/settings-form';
import { useApp } from '../store';
import { ChooseFolderButton } from '../components/ChooseFolderButton';
import { MasterPasswordSection } from './MasterPasswordSection';
import { QuickUnlockSection } from './QuickUnlockSection';
import { VaultIdentitySection } from './VaultIdentitySection';
import { ReleaseLog } from './ReleaseLog';
import { UpdatesSection } from '../updates/UpdatesSection';
import { SyncSection } from '../sync/SyncSection';

const textOf = (s: VaultSettings): SettingsText => ({
  autoLock: String(s.autoLockMinutes),
  clipboard: String(s.clipboardClearSeconds),
  lead: s.defaultLeadDays.join(', '),
  backupDir: s.backupDir ?? '',
  keep: String(s.keepBackups),
});

/** A labelled input whose error (if any) sits under it and is announced with it. */
function Field({ label, error, hint, children }: { label: string; error?: string | undefined; hint?: ReactNode; children: (ids: { describedBy: string | undefined; invalid: boolean }) => ReactNode }) {
  const errorId = useId();
  return (
    <label className="field">
      <span>{label}</span>
      {children({ describedBy: error ? errorId : undefined, invalid: Boolean(error) })}
      {hint}
      {error ? <small id={errorId} className="field-error" role="alert">{error}</small> : null}
    </label>
  );
}

export function Settings() {
  const [saved, setSaved] = useState<VaultSettings | null>(null);
  const [text, setText] = useState<SettingsText | null>(null);
  const [autoBackup, setAutoBackup] = useState(true);
  const [remindLocked, setRemindLocked] = useState(false);
  const [askFirst, setAskFirst] = useState(false);
  const [folder, setFolder] = useState<{ path: string; isDefault: boolean } | null>(null);
  const [errors, setErrors] = useState<SettingsErrors>({});
  const [error, setError] = useState('');
  const formId = useId();

  const fill = (s: VaultSettings) => {
    setSaved(s);
    setText(textOf(s));
    setAutoBackup(s.autoBackup);
    setRemindLocked(s.remindWhileLocked);
    setAskFirst(s.askBeforeRelease);
    setErrors({});
  };
  const loadFolder = () => call('backupsFolder', {}).then(setFolder, () => setFolder(null));
  useEffect(() => {
    call('settingsGet', {}).then(fill, (e) => setError(messageOf(e)));
    void loadFolder();
  }, []);
  const edit = (field: SettingsField, value: string) => {
    setText((t) => (t ? { ...t, [field]: value } : t));
    setErrors(({ [field]: _gone, ...rest }) => rest);
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!text || !saved) return;
    setError('');
    const read = readSettingsForm(text);
    if ('errors' in read) {
      setErrors(read.errors);
      return;
    }
    try {
      const next = await call('settingsUpdate', { patch: { ...read.patch, autoBackup, remindWhileLocked: remindLocked, askBeforeRelease: askFirst } });
      const moved = (next.backupDir ?? null) !== (saved.backupDir ?? null);
      fill(next);
      await loadFolder();
      useApp.getState().toast({ tone: 'success', text: moved ? 'Settings saved. Existing backups moved to the new folder.' : 'Settings saved.' });
    } catch (err) {
      if (codeOf(err) === 'BACKUP_FOLDER') setErrors({ backupDir: messageOf(err) });
      else setError(messageOf(err));
    }
  };

  if (!saved || !text) return <section className="page" aria-busy="true">{error ? <p className="field-error" role="alert">{error}</p> : null}</section>;
  return (
    <section className="page" aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <VaultIdentitySection />
      <form id={formId} className="form-grid settings" onSubmit={save} noValidate>
        <Field label="Lock after this many idle minutes (0 = never)" error={errors.autoLock}>
          {(a) => <input inputMode="numeric" value={text.autoLock} onChange={(e) => edit('autoLock', e.target.value)} aria-invalid={a.invalid} aria-describedby={a.describedBy} />}
        </Field>
        <Field label="Clear the clipboard after this many seconds (0 = only on lock)" error={errors.clipboard}>
          {(a) => <input inputMode="numeric" value={text.clipboard} onChange={(e) => edit('clipboard', e.target.value)} aria-invalid={a.invalid} aria-describedby={a.describedBy} />}
        </Field>
        <Field label="Remind me this many days before a token expires" error={errors.lead} hint={<small id="lead-hint" className="muted">Whole days, comma separated, for example 60, 30, 7, 1.</small>}>
          {(a) => <input value={text.lead} onChange={(e) => edit('lead', e.target.value)} aria-invalid={a.invalid} aria-describedby={[a.describedBy, 'lead-hint'].filter(Boolean).join(' ')} />}
        </Field>
        <label className="check">
          <input type="checkbox" checked={remindLocked} onChange={(e) => setRemindLocked(e.target.checked)} aria-describedby="remind-locked-hint" />
          <span>Show reminders while the vault is locked</span>
        </label>
        <small id="remind-locked-hint" className="muted check-hint">
          Keeps a file beside the vault with token ids and reminder times only, never names, so a locked vault can still remind you; turning this off deletes it.
        </small>
        <Field
          label="Backups folder"
          error={errors.backupDir}
          hint={folder ? <small className="muted folder-now" data-testid="backup-folder">Backups are kept in <code>{folder.path}</code>{folder.isDefault ? ' (beside the vault)' : ''}. Changing the folder moves them there.</small> : null}
        >
          {(a) => (
            <span className="input-with-button">
              <input value={text.backupDir} placeholder="Blank: beside the vault file" onChange={(e) => edit('backupDir', e.target.value)} aria-invalid={a.invalid} aria-describedby={a.describedBy} spellCheck={false} />
              <ChooseFolderButton label="Browse for a folder" onChosen={(folder) => edit('backupDir', folder)} />
            </span>
          )}
        </Field>
        <Field label="Keep this many automatic backups" error={errors.keep}>
          {(a) => <input inputMode="numeric" value={text.keep} onChange={(e) => edit('keep', e.target.value)} aria-invalid={a.invalid} aria-describedby={a.describedBy} />}
        </Field>
        <label className="check">
          <input type="checkbox" checked={autoBackup} onChange={(e) => setAutoBackup(e.target.checked)} />
          <span>Back up automatically once a day and before risky changes</span>
        </label>
        <label className="check">
          <input type="checkbox" checked={askFirst} onChange={(e) => setAskFirst(e.target.checked)} aria-describedby="ask-first-hint" />
          <span>Ask before a token leaves the vault for git or another program</span>
        </label>
        <small id="ask-first-hint" className="muted check-hint">
          While this app is unlocked, it asks Allow or Deny each time git, “tokenvault run” or “tokenvault copy” asks it for a token. The background agent that “tokenvault unlock” starts when the app is not running has no window to ask in: it hands tokens over without asking, as does a command given the master password itself. Each one is listed under “Given to programs” below.
        </small>
        {error ? <p className="field-error" role="alert">{error}</p> : null}
        {Object.keys(errors).length ? <p className="field-error" data-testid="settings-not-saved">Nothing was saved; fix the fields marked above.</p> : null}
      </form>
      {/* Outside the form, a child of the page itself: it sticks to the page's bottom edge from
          the top of Settings until the form has scrolled by. Inside the form it could not rise
          above the form's top, which at 800×600 is under the vault's name and colour, so it
          showed half cut off by the window's edge. */}
      <div className="form-actions settings-actions" role="group" aria-label="Save or undo the settings above">
        <button type="submit" form={formId} className="primary">Save settings</button>
        <button type="button" onClick={() => fill(saved)}>Undo changes</button>
      </div>
      <section className="settings-section" aria-labelledby="releases-title">
        <h2 id="releases-title">Given to programs</h2>
        <p className="muted">Every time a token left the vault for git, a program started by “tokenvault run”, or a copy made on the command line: when, to what, and which program asked.</p>
        <ReleaseLog pageSize={50} empty="No token has left the vault for another program yet." />
      </section>
      <UpdatesSection />
      <SyncSection />
      <MasterPasswordSection />
      <QuickUnlockSection />
    </section>
  );
}
