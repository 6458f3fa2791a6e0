import { useState } from 'react';
import type { Entry } from '../../../../electron/api';
import { call, problemOf, type Problem } from '../../client';
import { Dialog } from '../../components/Dialog';
import { ProblemText } from '../../components/ProblemText';
import { useApp } from '../../store';

/** `onEditAddress`: an error that blames the GitLab address leads to the Edit dialog. */
export function RevokeDialog({ entry, onClose, onEditAddress }: { entry: Entry; onClose(): void; onEditAddress?: () => void }) {
  const [error, setError] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const revoke = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await call('gitlabRevoke', { id: entry.id });
      useApp.getState().upsertEntry(r.entry);
      useApp.getState().toast({ tone: 'info', text: r.message });
      onClose();
    } catch (e) {
      setError(problemOf(e));
      setBusy(false);
    }
  };
  return (
    <Dialog title={`Revoke “${entry.name}” on GitLab?`} onClose={onClose} description="GitLab stops accepting this token at once. Anything still using it will fail. This cannot be undone; the vault keeps the entry, marked revoked.">
      {entry.usedIn.length > 0 ? (
        <>
          <p>It is noted as used in:</p>
          <ul className="used-in">{entry.usedIn.map((u) => <li key={u}>{u}</li>)}</ul>
        </>
      ) : null}
      {error ? <ProblemText problem={error} onFix={onEditAddress} /> : null}
      <div className="dialog-actions">
        <button type="button" autoFocus onClick={onClose}>Cancel</button>
        <button type="button" className="danger" disabled={busy} onClick={revoke}>{busy ? 'Revoking…' : 'Revoke token'}</button>
      </div>
    </Dialog>
  );
}
