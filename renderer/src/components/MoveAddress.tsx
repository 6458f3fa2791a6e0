// "Change the address of all N tokens on <host>": Verify all's answer to a failure of the
// address itself. One change for every token on that address (main moves them all or none,
// each keeping its secret and history); Undo puts them back where they were.
import { useId, useState, type FormEvent } from 'react';
import type { Entry } from '../../../electron/api';
import { call, messageOf } from '../client';
import { count } from '../lib/plural';
import { useApp } from '../store';
import './move-address.css';

const hostOf = (instance: string) => instance.replace(/^https?:\/\//, '');

export function MoveAddress({ instance }: { instance: string }) {
  const entries = useApp((s) => s.entries);
  const [address, setAddress] = useState(instance);
  const [moved, setMoved] = useState<{ ids: string[]; to: string } | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const fieldId = useId();
  const errorId = useId();
  // Counted when the dialog shows: the tokens on this address now, whatever their state.
  const [onHost] = useState(() => entries.filter((e) => e.instance === instance).map((e) => e.id));
  if (onHost.length === 0) return null;

  const store = (changed: Entry[]) => changed.forEach((e) => useApp.getState().upsertEntry(e));
  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    setError('');
    try {
      await work();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  const move = (e: FormEvent) => {
    e.preventDefault();
    void act(async () => {
      const { entries: changed } = await call('tokensSetInstance', { ids: onHost, instance: address });
      store(changed);
      setMoved({ ids: onHost, to: changed[0]?.instance ?? address });
    });
  };
  const undo = () =>
    void act(async () => {
      store((await call('tokensSetInstance', { ids: moved?.ids ?? onHost, instance })).entries);
      setMoved(null);
    });

  const all = onHost.length === 1 ? 'the token' : `all ${count(onHost.length, 'token')}`;
  if (moved) {
    return (
      <div className="move-address success" role="status">
        <p>Moved {all} to {hostOf(moved.to)}. Each kept its secret and history; verify them there to be sure.</p>
        <button type="button" disabled={busy} onClick={undo}>Undo</button>
        {error ? <p className="field-error" role="alert">{error}</p> : null}
      </div>
    );
  }
  return (
    <form className="move-address" onSubmit={move} aria-label="Change the GitLab address">
      <p>If GitLab has moved, or the address was mistyped, change it for every token on {hostOf(instance)} at once. Each keeps its secret and history, and Undo puts them back.</p>
      <label className="field" htmlFor={fieldId}>
        <span>New GitLab address</span>
      </label>
      <input id={fieldId} value={address} onChange={(e) => setAddress(e.target.value)} spellCheck={false} aria-invalid={error ? true : undefined} aria-describedby={error ? errorId : undefined} />
      {error ? <p id={errorId} className="field-error" role="alert">{error}</p> : null}
      <div className="dialog-actions">
        <button type="submit" className="primary" disabled={busy || address.trim() === '' || address.trim() === instance}>Change the address of {all} on {hostOf(instance)}</button>
      </div>
    </form>
  );
}
