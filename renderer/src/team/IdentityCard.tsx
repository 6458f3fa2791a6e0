// Your identity: the name teammates see, your fingerprint (to compare out of band) and your
// invite code (to send a manager), with Copy. Made here the first time, under a name you give.
import { useEffect, useState, type FormEvent } from 'react';
import type { TeamIdentity } from '../../../electron/api';
import { call, messageOf } from '../client';
import { useApp } from '../store';
import { Fingerprint } from './Fingerprint';

export function IdentityCard() {
  const [identity, setIdentity] = useState<TeamIdentity | null | undefined>(undefined);
  const [name, setName] = useState('');
  const [error, setError] = useState('');
  useEffect(() => {
    call('teamIdentity', {}).then(setIdentity, (e) => setError(messageOf(e)));
  }, []);
  const make = async (e: FormEvent) => {
    e.preventDefault();
    setError('');
    try {
      setIdentity(await call('teamMakeIdentity', { name }));
    } catch (err) {
      setError(messageOf(err));
    }
  };
  const copy = async () => {
    try {
      await call('teamCopyInvite', {});
      useApp.getState().toast({ tone: 'success', text: 'Invite code copied. Send it to a manager of the team.' });
    } catch (err) {
      setError(messageOf(err));
    }
  };

  return (
    <section className="team-card" aria-labelledby="identity-title">
      <h2 id="identity-title">Your identity</h2>
      {identity === undefined ? <p className="muted" aria-busy="true">{error}</p> : identity === null ? (
        <form onSubmit={(e) => void make(e)}>
          <p>To be added to a team, you need an identity: a key pair sealed in this vault. Teammates see its name and a fingerprint.</p>
          <label className="field">
            <span>Your name, as your teammates know you</span>
            <input value={name} onChange={(e) => setName(e.target.value)} maxLength={80} autoComplete="name" />
          </label>
          {error ? <p className="field-error" role="alert">{error}</p> : null}
          <div className="form-actions"><button type="submit" className="primary" disabled={!name.trim()}>Make my identity</button></div>
        </form>
      ) : (
        <>
          <dl className="sync-facts">
            <dt>Name</dt>
            <dd>{identity.name}</dd>
            <dt>Fingerprint</dt>
            <dd><Fingerprint value={identity.fingerprint} label="Your fingerprint" /></dd>
          </dl>
          <div className="field">
            <span>Invite code</span>
            <span className="input-with-button">
              <input readOnly value={identity.invite} aria-label="Your invite code" spellCheck={false} onFocus={(e) => e.currentTarget.select()} />
              <button type="button" onClick={() => void copy()}>Copy</button>
            </span>
            <small className="muted">Send it to a manager of the team (chat or mail is fine: it holds no secret). Then read your fingerprint to them by a channel you trust — in person or on a call — so they know the code is yours.</small>
          </div>
          {error ? <p className="field-error" role="alert">{error}</p> : null}
        </>
      )}
    </section>
  );
}
