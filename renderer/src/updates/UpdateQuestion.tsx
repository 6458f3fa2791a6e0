// The first-run question: may Token Vault check for updates? Nothing is checked until the
// person says yes (main keeps 'unasked' until then, and the answer in updates.json); what a
// check sends is said before they answer. Settings → Updates changes it later.
import { useState } from 'react';
import { call, messageOf } from '../client';
import { useUpdates, whatIsSent } from './store';

export function UpdateQuestion() {
  const state = useUpdates((s) => s.state);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  if (!state || state.check !== 'unasked') return null;

  const answer = async (check: boolean) => {
    setBusy(true);
    setError('');
    try {
      useUpdates.getState().set(await call('updatesSet', { check }));
      // Said yes: look now rather than at the next start.
      if (check) useUpdates.getState().set(await call('updatesCheck', {}));
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="app-strip update-question" aria-labelledby="update-question-title" data-testid="update-question">
      <div className="app-strip-text">
        <h2 id="update-question-title">Check for updates?</h2>
        <p>{whatIsSent(state)}</p>
        <p className="muted">Until you say yes it does not check, and nothing is ever installed without asking you. Settings → Updates changes this later.</p>
        {error ? <p className="field-error" role="alert">{error}</p> : null}
      </div>
      <div className="app-strip-actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void answer(true)}>Yes, check for updates</button>
        <button type="button" disabled={busy} onClick={() => void answer(false)}>No, don't check</button>
      </div>
    </section>
  );
}
