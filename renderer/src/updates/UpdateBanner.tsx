// "Token Vault X is available": shown when a check found a newer version in the signed feed
// (the updateAvailable event, or a check at start that finished before the page listened).
// Install where this build installs verified updates itself (main downloads, checks the signed
// hash and asks before restarting); elsewhere Download opens the releases page. Later hides it
// for this version until the next start.
import { useState } from 'react';
import { call, messageOf } from '../client';
import { useUpdates } from './store';

export function UpdateBanner() {
  const state = useUpdates((s) => s.state);
  const later = useUpdates((s) => s.later);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const version = state?.last?.status === 'newer' ? state.last.version : null;
  if (!state || !state.available || !version || later === version) return null;

  const install = async () => {
    setBusy(true);
    setError('');
    try {
      useUpdates.getState().set(await call('updatesInstall', {}));
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  const download = () => void call('openExternal', { url: state.releasesPage }).catch((e) => setError(messageOf(e)));

  return (
    <section className="app-strip update-banner" aria-labelledby="update-banner-title" data-testid="update-banner">
      <div className="app-strip-text">
        <h2 id="update-banner-title">Token Vault {version} is available</h2>
        <p className="muted">You have {state.current}. {state.install === 'automatic' ? 'Install downloads it, checks it against the signed release and asks before Token Vault restarts.' : 'Download opens the releases page in your browser.'}</p>
        {state.last?.notes ? (
          <div className="update-notes" tabIndex={0} aria-label="What's new">
            <strong>What's new</strong>
            <p>{state.last.notes}</p>
          </div>
        ) : null}
        {error ? <p className="field-error" role="alert">{error}</p> : null}
      </div>
      <div className="app-strip-actions">
        {state.install === 'automatic' ? (
          <button type="button" className="primary" disabled={busy} onClick={() => void install()}>{busy ? 'Downloading…' : 'Install'}</button>
        ) : (
          <button type="button" className="primary" onClick={download}>Download</button>
        )}
        <button type="button" onClick={() => useUpdates.getState().putOff(version)}>Later</button>
      </div>
    </section>
  );
}
