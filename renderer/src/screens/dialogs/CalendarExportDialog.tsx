// "Add to my calendar": main writes the .ics where the user says (save dialog). Names and
// expiry instants go in; the instance and the scopes only when ticked, as with the CLI.
import { useState } from 'react';
import { call, messageOf } from '../../client';
import { Dialog } from '../../components/Dialog';
import { count } from '../../lib/plural';
import { useApp } from '../../store';

export function CalendarExportDialog({ onClose }: { onClose(): void }) {
  const [withInstance, setWithInstance] = useState(false);
  const [withScopes, setWithScopes] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const save = async () => {
    setBusy(true);
    setError('');
    try {
      const written = await call('calendarExportIcs', { withInstance, withScopes });
      if (!written) return;
      useApp.getState().toast({ tone: 'success', text: `Wrote ${count(written.events, 'event')} to ${written.fileName}. Open it with your calendar app.` });
      onClose();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog title="Add to my calendar" onClose={onClose} description="Saves a calendar file (.ics) with one event when each token stops working and a reminder at each lead time. Importing it again updates the events instead of copying them. Secrets, descriptions and notes never go in.">
      <label className="check">
        <input type="checkbox" checked={withInstance} onChange={(e) => setWithInstance(e.target.checked)} />
        <span>Include each token’s GitLab address</span>
      </label>
      <label className="check">
        <input type="checkbox" checked={withScopes} onChange={(e) => setWithScopes(e.target.checked)} />
        <span>Include each token’s scopes</span>
      </label>
      <p className="muted">A calendar is often synced to other services: leave these off unless you want them there.</p>
      {error ? <p className="field-error" role="alert">{error}</p> : null}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>Cancel</button>
        <button type="button" className="primary" autoFocus disabled={busy} onClick={() => void save()}>Save .ics file…</button>
      </div>
    </Dialog>
  );
}
