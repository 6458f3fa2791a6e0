// First run: choose the master password. Strength is measured with zxcvbn-ts; the warning
// that it cannot be recovered is plain and always visible.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { call, messageOf } from '../client';
import { loadStrengthChecker, STRENGTH_WORDS, type Strength } from '../lib/strength';
import { useApp } from '../store';

const MIN_SCORE = 3;

export function FirstRun() {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [strength, setStrength] = useState<Strength | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const meterId = useId();
  const confirmHintId = useId();

  useEffect(() => {
    let live = true;
    if (!password) {
      setStrength(null);
      return;
    }
    void loadStrengthChecker().then((check) => {
      if (live) setStrength(check(password, ['token', 'vault', 'gitlab']));
    });
    return () => {
      live = false;
    };
  }, [password]);

  const mismatch = confirm.length > 0 && confirm !== password;
  const strongEnough = (strength?.score ?? 0) >= MIN_SCORE;
  const canCreate = strongEnough && confirm === password && !busy;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!canCreate) return;
    setBusy(true);
    setError('');
    try {
      useApp.getState().setStatus(await call('vaultCreate', { password }));
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  }

  return (
    <main className="centered">
      <form className="card narrow" onSubmit={submit} aria-labelledby="first-run-title">
        <h1 id="first-run-title">Create your vault</h1>
        <p className="muted">Token Vault keeps your GitLab tokens encrypted on this computer. Choose a master password to lock it.</p>
        <label className="field">
          <span>Master password</span>
          <input type="password" autoFocus autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} aria-describedby={meterId} />
        </label>
        <div id={meterId} className="strength" aria-live="polite">
          <meter min={0} max={4} low={2} high={3} optimum={4} value={strength?.score ?? 0} aria-label="Password strength" />
          <span>
            {strength ? <strong>{STRENGTH_WORDS[strength.score]}. </strong> : null}
            <span className="muted">
              {!strength
                ? 'Use a long phrase of several unrelated words.'
                : strength.score < MIN_SCORE
                  ? strength.warning || strength.suggestions[0] || 'Add more words to make it stronger.'
                  : 'Good: this will hold against guessing.'}
            </span>
          </span>
        </div>
        <label className="field">
          <span>Repeat the master password</span>
          <input type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} aria-invalid={mismatch} aria-describedby={confirmHintId} />
        </label>
        <p id={confirmHintId} className={mismatch ? 'field-error' : 'sr-only'}>{mismatch ? 'The two passwords differ.' : ''}</p>
        <div className="warning" role="note">
          <strong>Nobody can recover this password.</strong> If you forget it, the tokens in this vault are gone for good. Write it down somewhere safe, or keep it in your password manager.
        </div>
        {error ? <p className="field-error" role="alert">{error}</p> : null}
        <button type="submit" className="primary" disabled={!canCreate}>{busy ? 'Creating the vault…' : 'Create vault'}</button>
      </form>
    </main>
  );
}
