// Backups: make one now, see them all, check one opens, restore one (after a confirmation
// that says what happens to the current vault).
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { BackupInfo } from '../../../electron/api';
import { call, messageOf } from '../client';
import { Dialog } from '../components/Dialog';
import { formatInstant } from '../lib/dates';
import { count } from '../lib/plural';
import { useApp } from '../store';
import { BackupElsewhere } from './BackupElsewhere';

type Action = { kind: 'verify' | 'restore'; backup: BackupInfo } | null;

/** Why a backup exists, in words: the vault names them by reason (see electron/vault/backups.ts). */
const REASONS: Record<string, string> = {
  manual: 'Made by you',
  daily: 'Daily, automatic',
  'before-rm': 'Before a delete',
  'before-import': 'Before an import',
  'before-restore': 'Before a restore',
  picked: 'Chosen by you',
  replaced: 'Vault replaced by a restore',
};
const reasonText = (reason: string) => REASONS[reason] ?? reason.replace(/-/g, ' ');

const size = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

function PasswordAction({ action, onClose, onDone }: { action: NonNullable<Action>; onClose(): void; onDone(): void }) {
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [result, setResult] = useState('');
  const restore = action.kind === 'restore';
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      if (restore) {
        const status = await call('backupsRestore', { file: action.backup.file, password });
        useApp.getState().setStatus(status);
        await useApp.getState().loadEntries();
        useApp.getState().toast({ tone: 'success', text: "Backup restored. The vault now opens with the backup's master password; the vault it replaced was kept as a backup." });
        onDone();
      } else {
        const r = await call('backupsVerify', { file: action.backup.file, password });
        setResult(`This backup opens and holds ${count(r.entries, 'token')}, all intact.`);
      }
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
      setPassword('');
    }
  };
  return (
    <Dialog
      title={restore ? 'Restore this backup?' : 'Check this backup'}
      onClose={onClose}
      description={
        restore
          ? `The vault will be replaced by the backup from ${formatInstant(action.backup.createdAt)}, and its master password becomes the backup's: the one in force when the backup was made, which you type below. The current vault is kept as a backup first, so nothing is lost.`
          : 'Opens the backup with its master password and checks every entry.'
      }
    >
      <form onSubmit={submit}>
        <label className="field">
          <span>Master password of the backup</span>
          <input type="password" autoFocus required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {error ? <p className="field-error" role="alert">{error}</p> : null}
        {result ? <p className="finding" role="status">{result}</p> : null}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>{result ? 'Close' : 'Cancel'}</button>
          <button type="submit" className={restore ? 'danger' : 'primary'} disabled={busy || !password}>{restore ? 'Restore backup' : 'Check backup'}</button>
        </div>
      </form>
    </Dialog>
  );
}

export function Backups() {
  const [backups, setBackups] = useState<BackupInfo[] | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [action, setAction] = useState<Action>(null);
  const [folder, setFolder] = useState('');
  const load = useCallback(() => call('backupsList', {}).then((b) => setBackups([...b].sort((x, y) => y.createdAt.localeCompare(x.createdAt))), (e) => setError(messageOf(e))), []);
  useEffect(() => void call('backupsFolder', {}).then((f) => setFolder(f.path), () => undefined), []);
  useEffect(() => void load(), [load]);

  const create = async () => {
    setBusy(true);
    setError('');
    try {
      await call('backupsCreate', {});
      useApp.getState().toast({ tone: 'success', text: 'Backup written.' });
      await load();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="page" aria-labelledby="backups-title">
      <div className="page-header">
        <h1 id="backups-title">Backups</h1>
        <button type="button" className="primary" onClick={create} disabled={busy}>{busy ? 'Writing backup…' : 'Back up now'}</button>
      </div>
      <p className="muted">A backup is a complete copy of the vault that opens with the same master password. Keep one somewhere other than this computer.</p>
      {folder ? <p className="folder-now" data-testid="backup-folder">Folder: <code>{folder}</code> <span className="muted">(change it in Settings)</span></p> : null}
      <BackupElsewhere onRestoreFile={(backup) => setAction({ kind: 'restore', backup })} />
      {error ? <p className="field-error" role="alert">{error}</p> : null}
      {backups && backups.length === 0 ? <p className="empty-inline">No backups yet. Press “Back up now” to make the first.</p> : null}
      {backups && backups.length > 0 ? (
        <table className="backups">
          <thead><tr><th scope="col">Made</th><th scope="col">Why</th><th scope="col">Size</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {backups.map((b) => (
              <tr key={b.file}>
                <td>{formatInstant(b.createdAt)}<br /><small className="muted backup-file">{b.name}</small></td>
                <td>{reasonText(b.reason)}</td>
                <td>{size(b.sizeBytes)}</td>
                <td>
                  <div className="row-actions">
                  <button type="button" onClick={() => setAction({ kind: 'verify', backup: b })} aria-label={`Check backup from ${formatInstant(b.createdAt)}`}>Check</button>
                  <button type="button" onClick={() => setAction({ kind: 'restore', backup: b })} aria-label={`Restore backup from ${formatInstant(b.createdAt)}`}>Restore…</button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {action ? <PasswordAction action={action} onClose={() => setAction(null)} onDone={() => { setAction(null); void load(); }} /> : null}
    </section>
  );
}
