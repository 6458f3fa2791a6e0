// In a personal vault: make a team vault, or join one a manager has added you to. Either makes a
// new vault file beside this one, with this vault's master password, and opens it.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { call, messageOf } from '../client';
import { PasswordField } from '../components/PasswordField';
import { EMPTY_PLACE, PlaceFields, placeArgs } from '../sync/PlaceFields';
import { useApp } from '../store';
import { useTeamNotices } from './notices';

type Mode = 'create' | 'join';

export function TeamStart() {
  const [mode, setMode] = useState<Mode | null>(null);
  return (
    <section className="team-card" aria-labelledby="team-start-title">
      <h2 id="team-start-title">Team vaults</h2>
      <p>A team vault holds the tokens a team owns — project, group, deploy and runner tokens — shared with its members through a folder or a git repository you already have. It sits beside this vault as a vault of its own; your personal tokens stay here.</p>
      <div className="row-actions">
        <button type="button" aria-pressed={mode === 'create'} onClick={() => setMode('create')}>Create a team vault…</button>
        <button type="button" aria-pressed={mode === 'join'} onClick={() => setMode('join')}>Join a team vault…</button>
      </div>
      {mode ? <StartForm key={mode} mode={mode} onCancel={() => setMode(null)} /> : null}
    </section>
  );
}

function StartForm({ mode, onCancel }: { mode: Mode; onCancel(): void }) {
  const [name, setName] = useState('');
  const [place, setPlace] = useState(EMPTY_PLACE);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const shown = useRef(true);
  useEffect(() => () => void (shown.current = false), []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      const args = placeArgs(place, password);
      const status = mode === 'create' ? await call('teamCreate', { ...args, name: name.trim() }) : await call('teamJoin', args);
      // Another vault now: nothing of this one's list, filters or notices stays.
      useApp.getState().forget();
      useTeamNotices.setState({ warnings: [], refused: [] });
      useApp.getState().setStatus(status);
      useApp.getState().setView('team');
      useApp.getState().toast({ tone: 'success', text: mode === 'create' ? `Team vault “${name.trim()}” made; you are its manager.` : 'Joined the team vault.' });
    } catch (err) {
      // A vault made that did not open shows its unlock screen instead of this form: said there.
      if (!shown.current) useApp.getState().toast({ tone: 'error', text: messageOf(err) });
      setError(messageOf(err));
      setBusy(false);
    }
  };
  const ready = place.where.trim() && password && (mode === 'join' || name.trim());
  return (
    <form className="team-form" onSubmit={(e) => void submit(e)} aria-label={mode === 'create' ? 'Create a team vault' : 'Join a team vault'}>
      {mode === 'create' ? (
        <label className="field">
          <span>Team name</span>
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={80} autoFocus />
        </label>
      ) : (
        <p className="muted">A manager has added you with your invite code. Give the place the team syncs through, as they told you.</p>
      )}
      <PlaceFields value={place} onChange={setPlace} disabled={busy} />
      <PasswordField label="Master password of this vault" value={password} onChange={setPassword} autoComplete="current-password" disabled={busy} hint={<small className="muted">The team vault opens with the same master password.</small>} />
      {error ? <p className="field-error" role="alert">{error}</p> : null}
      <div className="form-actions">
        <button type="button" onClick={onCancel} disabled={busy}>Cancel</button>
        <button type="submit" className="primary" disabled={busy || !ready}>{busy ? (mode === 'create' ? 'Creating…' : 'Joining…') : mode === 'create' ? 'Create team vault' : 'Join'}</button>
      </div>
    </form>
  );
}
