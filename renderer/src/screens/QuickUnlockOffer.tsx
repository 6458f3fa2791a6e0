// The unlock screen's quick unlock: a button while this app keeps the vault's key sealed (after
// an unlock with the master password, until its time limit), or the sentence saying why it ended.
// The prompt itself (Touch ID or a dialog) is main's: the page only asks for it.
import { useEffect, useState } from 'react';
import type { QuickUnlockOfferView } from '../../../electron/api';
import { call, codeOf, messageOf } from '../client';
import { formatInstant } from '../lib/dates';
import { useApp } from '../store';
import './quick-unlock.css';

export function QuickUnlockOffer() {
  const [offer, setOffer] = useState<QuickUnlockOfferView>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  useEffect(() => {
    call('quickUnlockOffer', {}).then(setOffer, () => setOffer(null));
  }, []);

  async function quickUnlock() {
    setBusy(true);
    setError('');
    try {
      useApp.getState().setStatus(await call('vaultQuickUnlock', {}));
    } catch (err) {
      setBusy(false);
      // Ended (time, three refusals, a changed password): the button goes and the sentence stays.
      if (codeOf(err) === 'QUICK_UNLOCK_REFUSED') setError(messageOf(err));
      else setOffer({ ended: messageOf(err) });
    }
  }

  if (!offer) return null;
  if ('ended' in offer) return <p className="muted quick-unlock-ended" data-testid="quick-unlock-ended">{offer.ended}</p>;
  const label = offer.method === 'touch-id' ? 'Unlock with Touch ID' : 'Quick unlock';
  return (
    <div className="quick-unlock" data-testid="quick-unlock">
      <button type="button" className="primary" onClick={() => void quickUnlock()} disabled={busy} aria-describedby="quick-unlock-until">
        {busy ? 'Waiting for your confirmation…' : label}
      </button>
      <small id="quick-unlock-until" className="muted">Without the master password until {formatInstant(offer.until)}, while this app stays open.</small>
      {error ? <p className="field-error" role="alert">{error}</p> : null}
      <p className="muted quick-unlock-or">or enter the master password</p>
    </div>
  );
}
