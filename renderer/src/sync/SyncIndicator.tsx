// The top bar's sync state: one word and a dot (synced · syncing · offline · needs the new
// password · paused), its sentence as the description; a click opens Settings → Sync. Nothing
// shows for a vault that does not sync.
import { useEffect } from 'react';
import { call } from '../client';
import { useApp } from '../store';
import { STATE_TONE, STATE_WORDS } from './words';

export function SyncIndicator() {
  const sync = useApp((s) => s.sync);
  useEffect(() => {
    call('syncStatus', {}).then((s) => useApp.getState().setSync(s), () => undefined);
  }, []);
  if (!sync || sync.state === 'off') return null;
  const open = () => {
    useApp.getState().setView('settings');
    // Settings mounts first; then its Sync section is brought into view.
    requestAnimationFrame(() => document.getElementById('sync-title')?.scrollIntoView({ block: 'start' }));
  };
  return (
    <>
      <button type="button" className={`sync-indicator tone-${STATE_TONE[sync.state]}`} onClick={open} aria-describedby="sync-indicator-words" title={sync.message} data-testid="sync-indicator" data-state={sync.state}>
        <span className="sync-dot" aria-hidden="true" />
        {STATE_WORDS[sync.state]}
      </button>
      <span id="sync-indicator-words" hidden>{sync.message}</span>
    </>
  );
}
