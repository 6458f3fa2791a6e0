// Backups: make one now, see them all, check one opens, restore one (RestoreDialog: the current
// password, then the backup's), and undo the restore made in this session.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { BackupInfo, ResultOf } from '../../../electron/api';
import { call, messageOf } from '../client';
import { ActionTable } from '../components/ActionTable';
import { Dialog } from '../components/Dialog';
import { formatInstant } from '../lib/dates';
import { count } from '../lib/plural';
import { useApp } from '../store';
import { BackupElsewhere } from './BackupElsewhere';
import { RestoreDialog, UndoRestoreDialog } from './RestoreDialog';

type Action = { kind: 'verify' | 'restore'; backup: BackupInfo } | { kind: 'undo'; restoredAt: string } | null;

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

function CheckBackup({ backup, onClose }: { backup: BackupInfo; onClose(): void }) {
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [result, setResult] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      const r = await call('backupsVerify', { file: backup.file, password });
      setResult(`This backup opens and holds ${count(r.entries, 'token')}, all intact.`);
      setPassword('');
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog title="Check this backup" onClose={onClose} description="Opens the backup with its master password and checks every entry.">
      <form onSubmit={submit}>
        <label className="field">
          <span>Master password of the backup</span>
          <input type="password" autoFocus required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {error ? <p className="field-error" role="alert">{error}</p> : null}
        {result ? <p className="finding" role="status">{result}</p> : null}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>{result ? 'Close' : 'Cancel'}</button>
          <button type="submit" className="primary" disabled={busy || !password}>Check backup</button>
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
  const [lastRestore, setLastRestore] = useState<ResultOf<'backupsLastRestore'>>(null);
  const load = useCallback(() => {
    void call('backupsLastRestore', {}).then(setLastRestore, () => setLastRestore(null));
    void call('backupsFolder', {}).then((f) => setFolder(f.path), () => undefined);
    return call('backupsList', {}).then((b) => setBackups([...b].sort((x, y) => y.createdAt.localeCompare(x.createdAt))), (e) => setError(messageOf(e)));
  }, []);
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
      {lastRestore ? (
        <div className="notice-row" role="status" data-testid="last-restore">
          <span>A backup was restored at {formatInstant(lastRestore.restoredAt)}; the vault it replaced is kept.</span>
          <button type="button" onClick={() => setAction({ kind: 'undo', restoredAt: lastRestore.restoredAt })}>Undo restore…</button>
        </div>
      ) : null}
      <BackupElsewhere onRestoreFile={(backup) => setAction({ kind: 'restore', backup })} />
      {error ? <p className="field-error" role="alert">{error}</p> : null}
      <ActionTable
        items={backups}
        columns={['Made', 'Why', 'Size']}
        rowKey={(b) => b.file}
        empty="No backups yet. Press “Back up now” to make the first."
        cells={(b) => [
          <>{formatInstant(b.createdAt)}<br /><small className="muted backup-file">{b.name}</small></>,
          <>{reasonText(b.reason)}{b.otherVault ? <><br /><small className="muted">Another vault</small></> : null}</>,
          size(b.sizeBytes),
        ]}
        actions={(b) => (
          <>
            <button type="button" onClick={() => setAction({ kind: 'verify', backup: b })} aria-label={`Check backup from ${formatInstant(b.createdAt)}`}>Check</button>
            <button type="button" onClick={() => setAction({ kind: 'restore', backup: b })} aria-label={`Restore backup from ${formatInstant(b.createdAt)}`}>Restore…</button>
          </>
        )}
      />
      {action?.kind === 'verify' ? <CheckBackup backup={action.backup} onClose={() => setAction(null)} /> : null}
      {action?.kind === 'restore' ? <RestoreDialog backup={action.backup} onClose={() => setAction(null)} onDone={() => { setAction(null); void load(); }} /> : null}
      {action?.kind === 'undo' ? <UndoRestoreDialog restoredAt={action.restoredAt} onClose={() => setAction(null)} onDone={() => { setAction(null); void load(); }} /> : null}
    </section>
  );
}
