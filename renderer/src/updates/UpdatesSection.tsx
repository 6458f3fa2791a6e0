// Settings → Updates: whether Token Vault checks at start, Check now, when it last checked
// and what it found, the version in use, and (folded away) the feed it asks. A feed that is
// not signed by the release key, or cannot be read, is said in one sentence: nothing from it
// was downloaded or installed.
import { useEffect, useId, useState } from 'react';
import type { UpdateState } from '../../../electron/api';
import { call, messageOf } from '../client';
import { formatInstant } from '../lib/dates';
import { useUpdates, whatIsSent } from './store';

function outcome(last: NonNullable<UpdateState['last']>): string {
  if (last.status === 'newer') return `Token Vault ${last.version ?? ''} is available.`;
  if (last.status === 'failed') return `${last.message ?? 'The check failed.'} Nothing was downloaded or installed.`;
  return 'You have the newest version.';
}

export function UpdatesSection() {
  const state = useUpdates((s) => s.state);
  const [busy, setBusy] = useState<'check' | 'save' | null>(null);
  const [error, setError] = useState('');
  const [feed, setFeed] = useState('');
  // The box follows the click at once; main's answer (or its refusal) settles it.
  const [wanted, setWanted] = useState<boolean | null>(null);
  const feedId = useId();
  useEffect(() => void useUpdates.getState().load(), []);
  useEffect(() => setFeed(state && !state.isDefaultFeed ? state.feedUrl : ''), [state?.feedUrl, state?.isDefaultFeed]);
  if (!state) return null;

  const run = async (what: 'check' | 'save', act: () => Promise<UpdateState>) => {
    setBusy(what);
    setError('');
    try {
      useUpdates.getState().set(await act());
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(null);
    }
  };
  const on = state.check === 'on';
  const last = state.last;

  return (
    <section className="settings-section updates-section" aria-labelledby="updates-title">
      <h2 id="updates-title">Updates</h2>
      <p>This is Token Vault {state.current}.</p>
      <label className="check">
        <input
          type="checkbox"
          checked={wanted ?? on}
          disabled={busy !== null}
          onChange={(e) => {
            const check = e.target.checked;
            setWanted(check);
            void run('save', () => call('updatesSet', { check })).finally(() => setWanted(null));
          }}
          aria-describedby="updates-sent"
        />
        <span>Check for a newer version when Token Vault starts</span>
      </label>
      <small id="updates-sent" className="muted check-hint">{whatIsSent(state)}</small>
      <div className="form-actions start">
        <button type="button" disabled={busy !== null} onClick={() => void run('check', () => call('updatesCheck', {}))}>{busy === 'check' ? 'Checking…' : 'Check now'}</button>
      </div>
      <p data-testid="updates-last" role="status" className={last?.status === 'failed' ? 'field-error' : undefined}>
        {last ? <>Last checked {formatInstant(last.checkedAt)}: {outcome(last)}</> : on ? 'Not checked yet in this session.' : 'Not checked: updates are off.'}
      </p>
      {error ? <p className="field-error" role="alert">{error}</p> : null}
      <details className="update-feed">
        <summary>Release feed</summary>
        <p className="muted">Token Vault believes a feed only when it is signed by the key built into this version, whatever its address. Blank: the project's own releases ({state.isDefaultFeed ? state.feedUrl : 'the default'}).</p>
        <label className="field" htmlFor={feedId}>
          <span>Feed address (https)</span>
        </label>
        <span className="input-with-button">
          <input id={feedId} value={feed} spellCheck={false} placeholder="https://…" onChange={(e) => setFeed(e.target.value)} />
          <button type="button" disabled={busy !== null} onClick={() => void run('save', () => call('updatesSet', { check: on, feedUrl: feed.trim() || null }))}>Save feed</button>
        </span>
      </details>
    </section>
  );
}
