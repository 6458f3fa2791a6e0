// Adding a member: paste their invite code, see who it names and their fingerprint (to compare
// with them by a channel you trust), choose a role. A code whose name matches someone this team
// knew under another key is refused loudly by the core; the manager can add it anyway only after
// saying they compared the new fingerprint with that person.
import { useState, type FormEvent } from 'react';
import type { TeamSyncNotice } from '../../../electron/api';
import { call, codeOf, messageOf } from '../client';
import { Fingerprint } from './Fingerprint';
import { sentence } from './words';

export function InviteForm({ onDone }: { onDone(notice: TeamSyncNotice): void }) {
  const [code, setCode] = useState('');
  const [who, setWho] = useState<{ name: string; fingerprint: string } | null>(null);
  const [role, setRole] = useState<'member' | 'manager'>('member');
  const [keyChanged, setKeyChanged] = useState('');
  const [compared, setCompared] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const read = async (text: string) => {
    setCode(text);
    setWho(null);
    setKeyChanged('');
    setCompared(false);
    setError('');
    if (!text.trim()) return;
    try {
      setWho(await call('teamReadInvite', { code: text }));
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const add = async (e: FormEvent) => {
    e.preventDefault();
    if (!who) return;
    setBusy(true);
    setError('');
    try {
      const notice = await call('teamInvite', { code, role, newKey: keyChanged !== '' && compared });
      setCode('');
      setWho(null);
      setKeyChanged('');
      onDone(notice);
    } catch (err) {
      if (codeOf(err) === 'KEY_CHANGED') setKeyChanged(messageOf(err));
      else setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="team-card" onSubmit={(e) => void add(e)} aria-labelledby="invite-title">
      <h2 id="invite-title">Add a member</h2>
      <label className="field">
        <span>Their invite code</span>
        <textarea value={code} onChange={(e) => void read(e.target.value)} rows={2} spellCheck={false} placeholder="tvid1.…" />
        <small className="muted">They find it under Team → Your identity (or run “tokenvault identity”).</small>
      </label>
      {who ? (
        <div className="invite-who" data-testid="invite-who">
          <p>This code is <strong>{who.name}</strong>’s, with the fingerprint</p>
          <Fingerprint value={who.fingerprint} label={`${who.name}’s fingerprint`} />
          <p className="muted">Ask {who.name} to read their fingerprint to you — in person or on a call — and add them only if every group matches.</p>
        </div>
      ) : null}
      {keyChanged ? (
        <div className="key-warning" role="alert" data-testid="key-warning">
          <strong>Key changed</strong>
          <p>{sentence(keyChanged)}</p>
          <label className="check">
            <input type="checkbox" checked={compared} onChange={(e) => setCompared(e.target.checked)} />
            <span>{who?.name ?? 'They'} made a new identity, and I compared the new fingerprint with them in person or on a call</span>
          </label>
        </div>
      ) : null}
      <fieldset className="place-kind" disabled={!who || busy}>
        <legend>Role</legend>
        <label className="check"><input type="radio" name="invite-role" checked={role === 'member'} onChange={() => setRole('member')} /><span>Member — uses, adds, edits and rotates tokens</span></label>
        <label className="check"><input type="radio" name="invite-role" checked={role === 'manager'} onChange={() => setRole('manager')} /><span>Manager — also adds and removes members</span></label>
      </fieldset>
      {error ? <p className="field-error" role="alert">{error}</p> : null}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={!who || busy || (keyChanged !== '' && !compared)}>{busy ? 'Adding…' : who ? `Add ${who.name}` : 'Add'}</button>
      </div>
    </form>
  );
}
