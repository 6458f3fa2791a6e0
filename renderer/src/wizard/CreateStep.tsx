// Create: through the API when a stored token may (project/group tokens), otherwise GitLab's
// own page, opened pre-filled in the browser via main; then wait for the paste.
import { useRef, useState } from 'react';
import { call, problemOf, type Problem } from '../client';
import { discardDraft } from './draft-calls';
import { ProblemText } from '../components/ProblemText';
import { formatDay } from '../lib/dates';
import { useApp } from '../store';
import type { StepProps } from './Wizard';

export function CreateStep({ fields, go, stored, editAddress }: StepProps) {
  const entries = useApp((s) => s.entries);
  const [error, setError] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);
  const bot = fields.kind === 'project' || fields.kind === 'group';
  // A personal token with api scope on the same instance may create project/group tokens.
  const creators = bot ? entries.filter((e) => e.instance === fields.instance && e.kind === 'personal' && !e.revoked && e.status !== 'expired' && e.scopes.includes('api')) : [];
  const [usingId, setUsingId] = useState(creators[0]?.id ?? '');

  const createViaApi = async () => {
    if (inFlight.current || !usingId || !bot) return;
    inFlight.current = true; // a double-click must not make two tokens
    setBusy(true);
    setError(null);
    try {
      const entry = await call('gitlabCreate', {
        usingId,
        kind: fields.kind as 'project' | 'group',
        target: fields.target ?? '',
        name: fields.name ?? '',
        scopes: fields.scopes ?? [],
        expiresAt: fields.expiresAt ?? '',
        ...(fields.description ? { description: fields.description } : {}),
      });
      await discardDraft();
      stored(entry);
    } catch (e) {
      setError(problemOf(e));
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };

  const openPage = async () => {
    setError(null);
    try {
      const { url } = await call('gitlabPrefillUrl', {
        instance: fields.instance ?? '',
        kind: fields.kind === 'project' ? 'project' : 'personal',
        ...(fields.target ? { target: fields.target } : {}),
        name: fields.name ?? '',
        scopes: fields.scopes ?? [],
      });
      await call('openExternal', { url });
      go('paste');
    } catch (e) {
      setError(problemOf(e));
    }
  };

  return (
    <div className="form-grid">
      <dl className="facts summary">
        <dt>Name</dt><dd>{fields.name}</dd>
        <dt>Where</dt><dd>{fields.instance}{fields.target ? ` · ${fields.target}` : ''}</dd>
        <dt>Scopes</dt><dd>{(fields.scopes ?? []).join(', ')}</dd>
        <dt>Expires</dt><dd>{fields.expiresAt ? formatDay(fields.expiresAt) : '—'}</dd>
      </dl>
      {creators.length > 0 ? (
        <div className="choice-card">
          <h3>Create it here</h3>
          <label className="field"><span>Using the stored token</span>
            <select value={usingId} onChange={(e) => setUsingId(e.target.value)}>{creators.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}</select>
          </label>
          <button type="button" className="primary" disabled={busy} onClick={createViaApi}>{busy ? 'Creating…' : 'Create and store'}</button>
        </div>
      ) : null}
      {fields.kind !== 'group' ? (
        <div className="choice-card">
          <h3>Create it on GitLab</h3>
          <p className="muted">Opens GitLab’s new-token page in your browser with the name and scopes filled in. GitLab has no expiry field in the link: pick <strong>{fields.expiresAt ? formatDay(fields.expiresAt) : 'the date you chose'}</strong> there. Then copy the token GitLab shows once and come back.</p>
          <button type="button" className={creators.length ? '' : 'primary'} onClick={openPage}>Open GitLab’s page</button>
        </div>
      ) : creators.length === 0 ? <p className="warning">Group tokens can only be made through the API with a stored personal token that has the api scope on this GitLab. Store one first.</p> : null}
      {error ? <ProblemText problem={error} onFix={editAddress} /> : null}
      <div className="form-actions">
        <button type="button" onClick={() => go('expiry')}>Back</button>
        <button type="button" onClick={() => go('paste')}>I already have the token</button>
      </div>
    </div>
  );
}
