// A backup found where a vault was expected (picked with "Open an existing vault…") or chosen at
// first run: it is restored to this computer — into the vault place when there is no vault yet,
// else a new vault file beside it — and opened with the backup's password. The backup itself is
// never opened in place, so it stays exactly as it was.
import { useRef, useState, type FormEvent } from 'react';
import { createPortal } from 'react-dom';
import { call, messageOf } from '../client';
import { formatInstant } from '../lib/dates';
import { useRefocus } from '../lib/useRefocus';
import { useApp } from '../store';
import { Dialog } from './Dialog';
import { PasswordField } from './PasswordField';

export function RestoreToComputer({ why, name, createdAt, onClose }: { why: string | null; name: string; createdAt: string | null; onClose(): void }) {
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const field = useRef<HTMLInputElement>(null);
  useRefocus(field, !busy && Boolean(error));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // Shown from inside the first-run form: this form's submit is its own.
    e.stopPropagation();
    if (!password || busy) return;
    setBusy(true);
    setError('');
    try {
      const status = await call('vaultRestoreBackup', { password });
      useApp.getState().setStatus(status);
      useApp.getState().toast({ tone: 'success', text: "Backup restored to this computer. It opens with the backup's master password; the backup file was not changed." });
      onClose();
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };
  const what = name ? `${name}${createdAt ? `, saved ${formatInstant(createdAt)}` : ''}` : 'This backup';
  // Outside the page's forms (first run is one): a form inside a form does not submit on its own.
  return createPortal(
    <Dialog
      title="Restore this backup to this computer?"
      onClose={onClose}
      description={`${why ? `${why} ` : ''}${what} becomes a vault on this computer, which opens with the master password the backup was made with. The backup file stays as it is.`}
    >
      <form onSubmit={submit}>
        <PasswordField ref={field} label="Master password of the backup" autoFocus autoComplete="current-password" value={password} onChange={setPassword} disabled={busy} invalid={Boolean(error)} />
        {error ? <p className="field-error" role="alert">{error}</p> : null}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary" disabled={!password || busy}>{busy ? 'Restoring…' : 'Restore it to this computer'}</button>
        </div>
      </form>
    </Dialog>,
    document.body,
  );
}
