// The secrets a token held before, kept when one was replaced (rotation, Replace token…, a
// replacement): when each was replaced and what it was set to expire, never the secret; "Put
// back" makes one current again (the current one is kept in its place), unverified until GitLab
// is asked. Reloaded whenever the token changes.
import { useEffect, useState } from 'react';
import type { Entry, OldSecret } from '../../../electron/api';
import { call, messageOf } from '../client';
import { formatDay, formatInstant } from '../lib/dates';
import { useApp } from '../store';

export function EarlierTokens({ entry }: { entry: Entry }) {
  const [kept, setKept] = useState<OldSecret[]>([]);
  const [error, setError] = useState('');
  const [confirm, setConfirm] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    call('tokensOldSecrets', { id: entry.id }).then((k) => live && setKept(k), () => live && setKept([]));
    return () => {
      live = false;
    };
  }, [entry.id, entry.updatedAt]);
  if (!kept.length) return null;

  const putBack = async (old: OldSecret) => {
    setError('');
    try {
      const updated = await call('tokensRestoreOldSecret', { id: entry.id, oldId: old.id });
      useApp.getState().upsertEntry(updated);
      useApp.getState().toast({ tone: 'success', text: `Put back the token “${entry.name}” held until ${formatDay(old.replacedAt.slice(0, 10))}. Verify it to check that GitLab still accepts it.` });
      setConfirm(null);
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <section aria-labelledby={`earlier-${entry.id}`}>
      <h3 id={`earlier-${entry.id}`} className="subhead">Earlier tokens</h3>
      <ul className="earlier-tokens">
        {kept.map((k) => (
          <li key={k.id}>
            <span>Replaced {formatInstant(k.replacedAt)}<span className="muted"> — {k.expiresAt ? `was set to expire ${formatDay(k.expiresAt)}` : 'had no expiry date'}</span></span>
            {confirm === k.id ? (
              <span className="inline-confirm">
                <button type="button" className="primary" onClick={() => void putBack(k)}>Put it back</button>
                <button type="button" onClick={() => setConfirm(null)}>Cancel</button>
              </span>
            ) : (
              <button type="button" className="subtle" onClick={() => setConfirm(k.id)} aria-label={`Put back the token replaced ${formatInstant(k.replacedAt)}`}>Put back…</button>
            )}
          </li>
        ))}
      </ul>
      {confirm ? <p className="muted" role="note">The current token is kept here in its place. An earlier token may have been revoked by the rotation that replaced it; verify it afterwards.</p> : null}
      {error ? <p className="field-error" role="alert">{error}</p> : null}
    </section>
  );
}
