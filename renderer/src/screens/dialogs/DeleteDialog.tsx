import { useState } from 'react';
import type { Entry } from '../../../../electron/api';
import { call, messageOf } from '../../client';
import { Dialog } from '../../components/Dialog';
import { useApp } from '../../store';

export function DeleteDialog({ entry, onClose }: { entry: Entry; onClose(): void }) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const remove = async () => {
    setBusy(true);
    try {
      await call('tokensRemove', { id: entry.id });
      useApp.getState().removeEntry(entry.id);
      useApp.getState().toast({ tone: 'info', text: `Deleted “${entry.name}” from the vault.` });
      onClose();
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  };
  return (
    <Dialog title={`Delete “${entry.name}”?`} onClose={onClose} description="This removes the token from the vault only; it keeps working on GitLab until it expires or is revoked. Backups made earlier still hold it.">
      {error ? <p className="field-error" role="alert">{error}</p> : null}
      <div className="dialog-actions">
        <button type="button" autoFocus onClick={onClose}>Keep it</button>
        <button type="button" className="danger" disabled={busy} onClick={remove}>Delete from vault</button>
      </div>
    </Dialog>
  );
}
