// Rotate: GitLab revokes the old token at once and hands back a new one, which is stored in
// the same step. Before, the "where used" list is shown; after, it becomes a checklist whose
// ticks are stored as they happen: what is left when Done is pressed stays on the token.
import { useEffect, useState } from 'react';
import type { Entry } from '../../../../electron/api';
import { copyEntry } from '../../actions';
import { call, problemOf, type Problem } from '../../client';
import { Dialog } from '../../components/Dialog';
import { ProblemText } from '../../components/ProblemText';
import { ExpiryPicker } from '../../components/ExpiryPicker';
import { FollowUpChecklist } from '../../components/FollowUpChecklist';
import { addDays } from '../../lib/dates';
import { useLifetimeLimit } from '../../lib/lifetime';
import { useApp } from '../../store';

/** `onEditAddress`: an error that blames the GitLab address leads to the Edit dialog. */
export function RotateDialog({ entry, onClose, onEditAddress }: { entry: Entry; onClose(): void; onEditAddress?: () => void }) {
  const [expiresAt, setExpiresAt] = useState<string | null>(addDays(90));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Problem | null>(null);
  const [done, setDone] = useState<{ entry: Entry; message: string } | null>(null);
  // The token as the store has it now: each tick updates it.
  const live = useApp((s) => s.entries.find((e) => e.id === entry.id));
  const limit = useLifetimeLimit(entry.instance ? entry.id : null);
  // A preset beyond the instance's maximum is pulled back to it once the maximum is known.
  useEffect(() => {
    if (limit && expiresAt && expiresAt > addDays(limit.maxDays)) setExpiresAt(addDays(limit.maxDays));
  }, [limit, expiresAt]);

  const rotate = async () => {
    if (!expiresAt) return;
    setBusy(true);
    setError(null);
    try {
      const r = await call('gitlabRotate', { id: entry.id, expiresAt });
      useApp.getState().upsertEntry(r.entry);
      setDone(r);
    } catch (e) {
      setError(problemOf(e));
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <Dialog title="Rotated" onClose={onClose} description={done.message}>
        {done.entry.followUp ? (
          <>
            <p>Update each place that uses it, then tick it off. What is left unticked stays on the token as a task.</p>
            <FollowUpChecklist entry={live ?? done.entry} places={done.entry.followUp.places.map((p) => p.place)} />
          </>
        ) : <p className="muted">No places were noted for this token.</p>}
        <div className="dialog-actions">
          <button type="button" className="primary" autoFocus onClick={() => void copyEntry(done.entry)}>Copy new token</button>
          <button type="button" onClick={onClose}>Done</button>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog title={`Rotate “${entry.name}”`} onClose={onClose} description="GitLab replaces this token with a new one with the same name and scopes. The old one stops working immediately.">
      {entry.usedIn.length > 0 ? (
        <>
          <p>You will need to update:</p>
          <ul className="used-in">{entry.usedIn.map((u) => <li key={u}>{u}</li>)}</ul>
        </>
      ) : <p className="muted">No places are noted for this token; anything using it will need the new one.</p>}
      <ExpiryPicker value={expiresAt} onChange={setExpiresAt} limit={limit} />
      {error ? <ProblemText problem={error} onFix={onEditAddress} /> : null}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>Cancel</button>
        <button type="button" className="primary" disabled={busy || !expiresAt} onClick={rotate}>{busy ? 'Rotating…' : 'Rotate now'}</button>
      </div>
    </Dialog>
  );
}
