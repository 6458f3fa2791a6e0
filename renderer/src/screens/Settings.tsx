// Settings: auto-lock, clipboard clearing, reminder lead times (and the opt-in reminders while
// locked), backups folder and retention.
import { useEffect, useState, type FormEvent } from 'react';
import type { Settings as VaultSettings } from '../../../electron/api';
import { call, messageOf } from '../client';
import { parseLeadDays } from '../lib/lead-days';
import { useApp } from '../store';


export function Settings() {
  const [saved, setSaved] = useState<VaultSettings | null>(null);
  const [autoLock, setAutoLock] = useState('');
  const [clipboard, setClipboard] = useState('');
  const [lead, setLead] = useState('');
  const [backupDir, setBackupDir] = useState('');
  const [keep, setKeep] = useState('');
  const [autoBackup, setAutoBackup] = useState(true);
  const [remindLocked, setRemindLocked] = useState(false);
  const [error, setError] = useState('');

  const fill = (s: VaultSettings) => {
    setSaved(s);
    setAutoLock(String(s.autoLockMinutes));
    setClipboard(String(s.clipboardClearSeconds));
    setLead(s.defaultLeadDays.join(', '));
    setBackupDir(s.backupDir ?? '');
    setKeep(String(s.keepBackups));
    setAutoBackup(s.autoBackup);
    setRemindLocked(s.remindWhileLocked);
  };
  useEffect(() => {
    call('settingsGet', {}).then(fill, (e) => setError(messageOf(e)));
  }, []);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError('');
    try {
      fill(await call('settingsUpdate', {
        patch: {
          autoLockMinutes: Number(autoLock),
          clipboardClearSeconds: Number(clipboard),
          defaultLeadDays: parseLeadDays(lead),
          backupDir: backupDir.trim() || null,
          keepBackups: Number(keep),
          autoBackup,
          remindWhileLocked: remindLocked,
        },
      }));
      useApp.getState().toast({ tone: 'success', text: 'Settings saved.' });
    } catch (err) {
      setError(messageOf(err));
    }
  };

  if (!saved) return <section className="page" aria-busy="true">{error ? <p className="field-error" role="alert">{error}</p> : null}</section>;
  return (
    <section className="page" aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <form className="form-grid settings" onSubmit={save}>
        <label className="field">
          <span>Lock after this many idle minutes (0 = never)</span>
          <input type="number" min={0} max={1440} required value={autoLock} onChange={(e) => setAutoLock(e.target.value)} />
        </label>
        <label className="field">
          <span>Clear the clipboard after this many seconds (0 = only on lock)</span>
          <input type="number" min={0} max={600} required value={clipboard} onChange={(e) => setClipboard(e.target.value)} />
        </label>
        <label className="field">
          <span>Remind me this many days before a token expires</span>
          <input value={lead} onChange={(e) => setLead(e.target.value)} aria-describedby="lead-hint" />
          <small id="lead-hint" className="muted">Comma separated, for example 60, 30, 7, 1.</small>
        </label>
        <label className="check">
          <input type="checkbox" checked={remindLocked} onChange={(e) => setRemindLocked(e.target.checked)} aria-describedby="remind-locked-hint" />
          <span>Show reminders while the vault is locked</span>
        </label>
        <small id="remind-locked-hint" className="muted check-hint">
          Keeps a file beside the vault with token ids and reminder times only, never names, so a locked vault can still remind you; turning this off deletes it.
        </small>
        <label className="field">
          <span>Backups folder</span>
          <input value={backupDir} placeholder="Beside the vault file" onChange={(e) => setBackupDir(e.target.value)} />
        </label>
        <label className="field">
          <span>Keep this many automatic backups</span>
          <input type="number" min={1} max={1000} required value={keep} onChange={(e) => setKeep(e.target.value)} />
        </label>
        <label className="check">
          <input type="checkbox" checked={autoBackup} onChange={(e) => setAutoBackup(e.target.checked)} />
          <span>Back up automatically once a day and before risky changes</span>
        </label>
        {error ? <p className="field-error" role="alert">{error}</p> : null}
        <div className="form-actions">
          <button type="submit" className="primary">Save settings</button>
          <button type="button" onClick={() => fill(saved)}>Undo changes</button>
        </div>
      </form>
    </section>
  );
}
