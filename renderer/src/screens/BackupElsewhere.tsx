// Backups away from this disk: "Back up to…" writes through the save dialog (a USB stick, an
// external disk) and says it was read back intact; "Restore from a file…" picks any .tvbak.
import { useState } from 'react';
import type { BackupInfo } from '../../../electron/api';
import { call, messageOf } from '../client';
import { count } from '../lib/plural';
import { useApp } from '../store';

export function BackupElsewhere({ onRestoreFile }: { onRestoreFile(backup: BackupInfo): void }) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState('');
  const [error, setError] = useState('');
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError('');
    setResult('');
    try {
      await work();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  const backUpTo = () => run(async () => {
    const made = await call('backupsCreateAt', {});
    if (!made) return;
    setResult(`Backup written to ${made.file} and read back intact (${count(made.entries, 'token')}). It opens with the master password in force today.`);
    useApp.getState().toast({ tone: 'success', text: 'Backup written and checked.' });
  });
  const restoreFrom = () => run(async () => {
    const picked = await call('backupsChooseFile', {});
    if (picked) onRestoreFile(picked);
  });
  return (
    <div className="backup-elsewhere">
      <div className="row-actions">
        <button type="button" onClick={() => void backUpTo()} disabled={busy}>Back up to…</button>
        <button type="button" onClick={() => void restoreFrom()} disabled={busy}>Restore from a file…</button>
      </div>
      {result ? <p className="finding" role="status">{result}</p> : null}
      {error ? <p className="field-error" role="alert">{error}</p> : null}
    </div>
  );
}
