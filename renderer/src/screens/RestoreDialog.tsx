// Restore a backup, and undo it. A restore changes the master password to the backup's, so it
// asks for the current one first, as Change password does; a backup of another vault is said
// plainly and must be confirmed. "Undo restore" puts back the vault the restore replaced, with
// the password it had (the one in use before the restore).
import { useRef, useState, type FormEvent } from 'react';
import type { BackupInfo } from '../../../electron/api';
import { call, codeOf, messageOf } from '../client';
import { Dialog } from '../components/Dialog';
import { PasswordField } from '../components/PasswordField';
import { formatInstant } from '../lib/dates';
import { useRefocus } from '../lib/useRefocus';
import { useApp } from '../store';

async function afterRestore(status: Awaited<ReturnType<typeof call<'backupsRestore'>>>, text: string) {
  useApp.getState().setStatus(status);
  await useApp.getState().loadEntries();
  useApp.getState().toast({ tone: 'success', text });
}

export function RestoreDialog({ backup, onClose, onDone }: { backup: BackupInfo; onClose(): void; onDone(): void }) {
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [confirmOther, setConfirmOther] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [wrongField, setWrongField] = useState<'current' | 'backup' | null>(null);
  const currentField = useRef<HTMLInputElement>(null);
  const backupField = useRef<HTMLInputElement>(null);
  useRefocus(currentField, !busy && wrongField === 'current');
  useRefocus(backupField, !busy && wrongField === 'backup');
  const other = backup.otherVault === true;
  const why = !current ? 'Type the master password in use now.' : !password ? "Type the backup's master password." : other && !confirmOther ? 'Confirm that this vault is to be replaced by the other one.' : null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (why || busy) return;
    setBusy(true);
    setError('');
    setWrongField(null);
    try {
      const status = await call('backupsRestore', { file: backup.file, password, current, ...(other ? { otherVault: true } : {}) });
      await afterRestore(status, "Backup restored. The vault now opens with the backup's master password; the vault it replaced was kept, and “Undo restore” on the Backups page puts it back.");
      onDone();
    } catch (err) {
      setError(messageOf(err));
      const code = codeOf(err);
      setWrongField(code === 'CURRENT_PASSWORD_WRONG' ? 'current' : code === 'WRONG_PASSWORD' ? 'backup' : null);
      setBusy(false);
    }
  };
  return (
    <Dialog
      title="Restore this backup?"
      onClose={onClose}
      description={`The vault will be replaced by the backup from ${formatInstant(backup.createdAt)}, and its master password becomes the backup's: the one in force when the backup was made. The current vault is kept as a backup first, so nothing is lost.`}
    >
      <form onSubmit={submit}>
        {other ? (
          <div className="warning" role="note" data-testid="other-vault">
            <strong>This backup is of another vault.</strong> It was not made from the vault open now: restoring it replaces this vault, with all its tokens, by that other one (this one is kept as a backup).
            <label className="check">
              <input type="checkbox" checked={confirmOther} onChange={(e) => setConfirmOther(e.target.checked)} disabled={busy} /> Replace this vault with the other one
            </label>
          </div>
        ) : null}
        <PasswordField ref={currentField} label="Current master password" autoFocus autoComplete="current-password" value={current} onChange={setCurrent} disabled={busy} invalid={wrongField === 'current'} />
        <PasswordField ref={backupField} label="Master password of the backup" autoComplete="current-password" value={password} onChange={setPassword} disabled={busy} invalid={wrongField === 'backup'} />
        {error ? <p className="field-error" role="alert">{error}</p> : null}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="danger" disabled={Boolean(why) || busy}>{busy ? 'Restoring…' : 'Restore backup'}</button>
        </div>
        {why && !busy ? <p className="muted why-disabled">{why}</p> : null}
      </form>
    </Dialog>
  );
}

export function UndoRestoreDialog({ restoredAt, onClose, onDone }: { restoredAt: string; onClose(): void; onDone(): void }) {
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const field = useRef<HTMLInputElement>(null);
  useRefocus(field, !busy && Boolean(error));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!password || busy) return;
    setBusy(true);
    setError('');
    try {
      const status = await call('backupsUndoRestore', { password });
      await afterRestore(status, 'Restore undone: the vault is back as it was, with the master password it had. The restored backup is kept.');
      onDone();
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };
  return (
    <Dialog
      title="Undo the restore?"
      onClose={onClose}
      description={`Puts back the vault as it was before the restore at ${formatInstant(restoredAt)}, with the master password it had then. What the restore brought is kept as a backup.`}
    >
      <form onSubmit={submit}>
        <PasswordField ref={field} label="Master password before the restore" autoFocus autoComplete="current-password" value={password} onChange={setPassword} disabled={busy} invalid={Boolean(error)} />
        {error ? <p className="field-error" role="alert">{error}</p> : null}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary" disabled={!password || busy}>{busy ? 'Undoing…' : 'Undo restore'}</button>
        </div>
      </form>
    </Dialog>
  );
}
