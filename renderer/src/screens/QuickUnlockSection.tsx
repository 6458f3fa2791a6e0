// Settings' quick unlock: off by default; on, an unlock with the master password lets this
// computer unlock again by Touch ID or a confirm for a number of hours. Saved as it is changed,
// on this computer only. Where the OS cannot protect the key, the switch is off and says why.
import { useEffect, useState } from 'react';
import type { QuickUnlockSettingsView } from '../../../electron/api';
import { call, messageOf } from '../client';
import { useApp } from '../store';

const HOURS = [1, 2, 4, 8, 12, 24];

export function QuickUnlockSection() {
  const [view, setView] = useState<QuickUnlockSettingsView | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    call('quickUnlockSettings', {}).then(setView, (e) => setError(messageOf(e)));
  }, []);

  async function configure(enabled: boolean, hours: number) {
    setError('');
    try {
      const next = await call('quickUnlockConfigure', { enabled, hours });
      setView(next);
      useApp.getState().toast({ tone: 'success', text: enabled ? `Quick unlock is on for ${hours} ${hours === 1 ? 'hour' : 'hours'} after each unlock with the master password.` : 'Quick unlock is off; the master password is needed at every unlock.' });
    } catch (e) {
      setError(messageOf(e));
    }
  }

  const how = view?.method === 'touch-id' ? 'Touch ID' : 'a confirmation';
  return (
    <section className="settings-section" aria-labelledby="quick-unlock-title">
      <h2 id="quick-unlock-title">Quick unlock</h2>
      {view ? (
        <>
          <label className="check">
            <input type="checkbox" checked={view.enabled && !view.refusal} disabled={Boolean(view.refusal)} onChange={(e) => void configure(e.target.checked, view.hours)} aria-describedby="quick-unlock-hint" />
            <span>Let me unlock again with {how} for a while after each password unlock</span>
          </label>
          <small id="quick-unlock-hint" className="muted check-hint">
            {view.refusal ??
              'On this computer only. Anyone at your unlocked computer session can then open the vault with the app until the time is up; nothing is written to disk, so quitting the app, three refused tries or a new master password end it.'}
          </small>
          <label className="field quick-unlock-hours">
            <span>For how long</span>
            <select value={view.hours} disabled={!view.enabled || Boolean(view.refusal)} onChange={(e) => void configure(view.enabled, Number(e.target.value))}>
              {HOURS.map((h) => <option key={h} value={h}>{h} {h === 1 ? 'hour' : 'hours'}</option>)}
            </select>
          </label>
        </>
      ) : null}
      {error ? <p className="field-error" role="alert">{error}</p> : null}
    </section>
  );
}
