import { useState } from 'react';
import type { Entry } from '../../../../electron/api';
import { call, messageOf } from '../../client';
import { Dialog } from '../../components/Dialog';
import { deleteWords } from '../../lib/entry';
import { useApp } from '../../store';

export function DeleteDialog({ entry, onClose }: { entry: Entry; onClose(): void }) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const remove = async () => {
    setBusy(true);
    try {
      await call('tokensRemove', { id: entry.id });
      useApp.getState().removeEntry(entry.id);
      useApp.getState().toast({ tone: 'info', text: `Moved “${entry.name}” to the Trash. Restore it from Vault ▸ Trash within 30 days.` });
      onClose();
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  };
  return (
    <Dialog title={`Move “${entry.name}” to the Trash?`} onClose={onClose} description={deleteWords(entry)}>
      {error ? <p className="field-error" role="alert">{error}</p> : null}
      <div className="dialog-actions">
        <button type="button" autoFocus onClick={onClose}>Keep it</button>
        <button type="button" className="danger" disabled={busy} onClick={remove}>Move to Trash</button>
      </div>
    </Dialog>
  );
}
