// First run's "Join a synced vault…": this computer's vault made from the replicas your other
// devices write to a synced folder or a git remote, opened with that vault's master password.
import { useState, type FormEvent } from 'react';
import { createPortal } from 'react-dom';
import { call, messageOf } from '../client';
import { Dialog } from '../components/Dialog';
import { PasswordField } from '../components/PasswordField';
import { useApp } from '../store';
import { EMPTY_PLACE, PlaceFields, placeArgs } from './PlaceFields';

export function JoinSyncedVault({ onClose }: { onClose(): void }) {
  const [place, setPlace] = useState(EMPTY_PLACE);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const why = !place.where.trim() ? (place.kind === 'folder' ? 'Choose the folder your other device syncs through.' : 'Type the git remote’s address.') : !password ? 'Type the synced vault’s master password.' : null;
  const join = async (e: FormEvent) => {
    e.preventDefault();
    if (why || busy) return;
    setBusy(true);
    setError('');
    try {
      const status = await call('syncJoin', placeArgs(place, password));
      setPassword('');
      useApp.getState().setStatus(status);
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };
  // Into the body: first run's own card is a form, and a form inside a form submits the outer one.
  return createPortal(
    <Dialog title="Join a synced vault" onClose={onClose} description="Your other device already syncs its vault through a folder or a git remote: this computer gets its own copy of it, kept in step from then on.">
      <form onSubmit={join} noValidate>
        <PlaceFields value={place} onChange={setPlace} disabled={busy} />
        <PasswordField label="Master password of the synced vault" autoComplete="current-password" value={password} onChange={setPassword} disabled={busy} />
        {error ? <p className="field-error" role="alert">{error}</p> : null}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary" disabled={Boolean(why) || busy}>{busy ? 'Joining…' : 'Join'}</button>
        </div>
        {why && !busy ? <p className="muted why-disabled">{why}</p> : null}
      </form>
    </Dialog>,
    document.body,
  );
}
