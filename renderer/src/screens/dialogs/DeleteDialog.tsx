import { useState } from 'react';
import type { Entry } from '../../../../electron/api';
import { call, messageOf } from '../../client';
import { Dialog } from '../../components/Dialog';
import { useApp } from '../../store';

/** What deleting here does on GitLab, as fits the token: nothing, and for a live one that matters. */
function onGitLab(entry: Entry): string {
  if (entry.status === 'revoked') return 'It is already revoked on GitLab.';
  if (entry.status === 'expired') return 'It has already expired on GitLab.';
  return 'This changes nothing on GitLab: the token keeps working there until it expires or is revoked.';
}

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
    <Dialog title={`Move “${entry.name}” to the Trash?`} onClose={onClose} description={`${onGitLab(entry)} It stays in the Trash for 30 days, where you can restore it, then it is deleted for good.`}>
      {error ? <p className="field-error" role="alert">{error}</p> : null}
      <div className="dialog-actions">
        <button type="button" autoFocus onClick={onClose}>Keep it</button>
        <button type="button" className="danger" disabled={busy} onClick={remove}>Move to Trash</button>
      </div>
    </Dialog>
  );
}
