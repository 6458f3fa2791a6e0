// Unlock: one password field, Enter submits. A wrong password stays in the field, selected, so
// a typo can be fixed (or the whole retyped at once). After repeated wrong passwords the form
// waits a little longer each time, and says for how long.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { call, codeOf, messageOf } from '../client';
import { PasswordField } from '../components/PasswordField';
import { VaultPlaces } from '../components/VaultPlaces';
import { QuickUnlockOffer } from './QuickUnlockOffer';
import { VaultBadge } from '../components/VaultBadge';
import { useApp } from '../store';

const FREE_ATTEMPTS = 3;
/** After "Wrong master password…": what to try before typing it again (the error alone said only what went wrong). */
const WRONG_PASSWORD_NEXT = 'Check that Caps Lock is off and the keyboard layout is your usual one, then type it again.';
const MAX_WAIT_SECONDS = 30;

export function waitAfter(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(MAX_WAIT_SECONDS, 2 ** (failures - FREE_ATTEMPTS + 1));
}

export function Unlock({ path }: { path: string }) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [failures, setFailures] = useState(0);
  const [waitUntil, setWaitUntil] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const input = useRef<HTMLInputElement>(null);
  const opensAfterUnlock = useApp((s) => s.pendingOpenId !== null);
  const label = useApp((s) => s.status);

  useEffect(() => {
    if (waitUntil <= Date.now()) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [waitUntil]);
  const waiting = Math.max(0, Math.ceil((waitUntil - now) / 1000));
  useEffect(() => {
    if (waiting > 0 || busy) return;
    input.current?.focus();
    // After a refusal the old attempt is selected: typing replaces it, arrows keep it for a fix.
    if (error) input.current?.select();
  }, [waiting, busy, error]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy || waiting > 0 || !password) return;
    setBusy(true);
    setError('');
    try {
      const status = await call('vaultUnlock', { password });
      // For the bench's unlock → first rows breakdown (bench/renderer.ts); a mark costs microseconds.
      performance.mark('tv:unlock-answered');
      setPassword('');
      useApp.getState().setStatus(status);
    } catch (err) {
      setBusy(false);
      setError(codeOf(err) === 'WRONG_PASSWORD' ? `${messageOf(err)} ${WRONG_PASSWORD_NEXT}` : messageOf(err));
      if (codeOf(err) === 'WRONG_PASSWORD') {
        const n = failures + 1;
        setFailures(n);
        const wait = waitAfter(n);
        if (wait > 0) {
          setWaitUntil(Date.now() + wait * 1000);
          setNow(Date.now());
        }
      }
    }
  }

  return (
    <main className="centered">
      <form className="card narrow" onSubmit={submit} aria-labelledby="unlock-title">
        <h1 id="unlock-title">Unlock Token Vault</h1>
        {label ? <p className="unlock-vault"><VaultBadge name={label.name} colour={label.colour} /></p> : null}
        <p className="muted path" title={path}>{path}</p>
        {opensAfterUnlock ? <p className="muted" data-testid="opens-after-unlock">After you unlock, the token from the reminder opens.</p> : null}
        <QuickUnlockOffer />
        <PasswordField
          ref={input}
          label="Master password"
          autoFocus
          autoComplete="current-password"
          value={password}
          disabled={busy || waiting > 0}
          onChange={setPassword}
          invalid={Boolean(error)}
          describedBy="unlock-error"
        />
        <p id="unlock-error" className="field-error" role="alert">
          {error}
          {waiting > 0 ? ` Try again in ${waiting} s.` : ''}
        </p>
        <button type="submit" className="primary" disabled={busy || waiting > 0 || !password}>{busy ? 'Unlocking…' : 'Unlock'}</button>
        <VaultPlaces firstRun={false} />
      </form>
    </main>
  );
}
