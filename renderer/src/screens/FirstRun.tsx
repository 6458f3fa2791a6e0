// First run: choose the master password. Strength is measured with zxcvbn-ts and explained in
// plain words; the warning that it cannot be recovered is plain and always visible; while
// "Create vault" is disabled, the line under it says why.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { call, messageOf } from '../client';
import { PasswordField } from '../components/PasswordField';
import { StrengthMeter, useStrength } from '../components/StrengthMeter';
import { MIN_SCORE, REFUSED_BELOW } from '../lib/strength';
import { VaultPlaces } from '../components/VaultPlaces';
import { useApp } from '../store';

/**
 * Why the new password cannot be used yet, or null when it can; `repeatLabel` names the form's own
 * repeat field. "Fair" is allowed (the meter's advice explains the risk) unless the person ticked
 * "Only accept a strong password" (`strict`): then it is held to the rule they chose.
 */
export function whyNotYet(password: string, confirm: string, score: number | null, repeatLabel = 'Repeat the master password', strict = false): string | null {
  if (!password) return 'Choose a master password first.';
  if (score === null) return 'Checking how strong it is…';
  if (score < REFUSED_BELOW) return 'The password is too easy to guess yet; the advice above says how to fix it.';
  if (strict && score < MIN_SCORE) return 'You asked for a strong password: add a word, or untick “Only accept a strong password”.';
  if (!confirm) return `Type the password again in “${repeatLabel}”.`;
  if (confirm !== password) return 'Make the two passwords match to continue.';
  return null;
}

export function FirstRun() {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const strength = useStrength(password);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const meterId = useId();
  const confirmHintId = useId();
  const whyId = useId();

  const mismatch = confirm.length > 0 && confirm !== password;
  const [strict, setStrict] = useState(false);
  const why = whyNotYet(password, confirm, strength.current?.score ?? null, undefined, strict);
  const canCreate = why === null && !busy;
  useEffect(() => setError(''), [password, confirm]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!canCreate) return;
    setBusy(true);
    setError('');
    try {
      const status = await call('vaultCreate', { password });
      useApp.setState({ justCreated: true });
      useApp.getState().setStatus(status);
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  }

  return (
    // Two columns from 800 px wide: the new vault's form on the left, the other ways in (a vault
    // or backup from before, a synced one, another place for the file) on the right, so both fit
    // a 600 px high window with "Create vault" and "Restore from a backup…" in sight.
    <main className="centered first-run">
      <div className="card first-run-card">
        <form className="first-run-form" onSubmit={submit} aria-labelledby="first-run-title">
          <h1 id="first-run-title">Create your vault</h1>
          <p className="muted">Token Vault keeps your GitLab tokens encrypted on this computer. Choose a master password to lock it.</p>
          <PasswordField label="Master password" autoFocus autoComplete="new-password" value={password} onChange={setPassword} describedBy={meterId} />
          <StrengthMeter id={meterId} password={password} strength={strength.shown} />
          <label className="check"><input type="checkbox" checked={strict} onChange={(e) => setStrict(e.target.checked)} /> <span>Only accept a strong password</span></label>
          <PasswordField
            label="Repeat the master password"
            autoComplete="new-password"
            value={confirm}
            onChange={setConfirm}
            invalid={mismatch}
            describedBy={confirmHintId}
            hint={<p id={confirmHintId} className={mismatch ? 'field-error' : 'sr-only'}>{mismatch ? 'The two passwords differ.' : ''}</p>}
          />
          <div className="warning" role="note">
            <strong>Nobody can recover this password.</strong> If you forget it, the tokens in this vault are gone for good. Write it down somewhere safe, or keep it in your password manager.
          </div>
          {error ? <p className="field-error" role="alert">{error}</p> : null}
          <button type="submit" className="primary" disabled={!canCreate} aria-describedby={why ? whyId : undefined}>{busy ? 'Creating the vault…' : 'Create vault'}</button>
          {why && !busy ? <p id={whyId} className="muted why-disabled" data-testid="why-disabled">{why}</p> : null}
        </form>
        <VaultPlaces firstRun={true} />
      </div>
    </main>
  );
}
