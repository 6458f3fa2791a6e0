// The last step: note where the token will be used, so a rotation later misses none.
import { useState, type FormEvent } from 'react';
import type { Entry } from '../../../electron/api';
import { copyEntry } from '../actions';
import { call, messageOf } from '../client';
import { useApp } from '../store';

const SUGGESTIONS = ['CI/CD variable in the project', 'Local ~/.netrc or Git credential helper', 'docker login on the build machine', 'A script or cron job', 'Another service’s settings'];

export function WhereStep({ entry, onDone }: { entry: Entry; onDone(): void }) {
  const [places, setPlaces] = useState<string[]>(entry.usedIn);
  const [extra, setExtra] = useState('');
  const [error, setError] = useState('');
  const toggle = (p: string) => setPlaces((all) => (all.includes(p) ? all.filter((x) => x !== p) : [...all, p]));
  const add = (e: FormEvent) => {
    e.preventDefault();
    const p = extra.trim();
    if (p && !places.includes(p)) setPlaces([...places, p]);
    setExtra('');
  };
  const finish = async () => {
    try {
      const changed = places.length !== entry.usedIn.length || places.some((p, i) => p !== entry.usedIn[i]);
      if (changed) useApp.getState().upsertEntry(await call('tokensUpdate', { id: entry.id, patch: { usedIn: places } }));
      onDone();
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <div className="form-grid">
      <p className="success" role="status"><strong>“{entry.name}” is stored</strong>, encrypted{entry.lastVerifiedAt ? ' and checked with GitLab' : ', not yet verified'}.</p>
      {entry.kind === 'trigger' && !entry.expiresAt ? <p className="muted" role="note">GitLab keeps no expiry for this trigger token: it works until it is revoked. Set a rotation reminder on its page.</p> : null}
      <button type="button" className="primary" onClick={() => void copyEntry(entry)}>Copy it now</button>
      <fieldset>
        <legend>Where will you use it?</legend>
        {[...new Set([...SUGGESTIONS, ...places])].map((p) => (
          <label key={p} className="option"><input type="checkbox" checked={places.includes(p)} onChange={() => toggle(p)} /> <span>{p}</span></label>
        ))}
      </fieldset>
      <form onSubmit={add} className="inline-form">
        <label className="field"><span>Another place</span><input value={extra} placeholder="e.g. group/app → Settings → CI/CD → DEPLOY_TOKEN" onChange={(e) => setExtra(e.target.value)} /></label>
        <button type="submit" disabled={!extra.trim()}>Add</button>
      </form>
      {error ? <p className="field-error" role="alert">{error}</p> : null}
      <div className="form-actions"><button type="button" className="primary" onClick={finish}>Done</button></div>
    </div>
  );
}
