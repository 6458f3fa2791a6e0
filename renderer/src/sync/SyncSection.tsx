// Settings → Sync. Not syncing: how it works and the set-up form (a folder or a git remote, the
// master password). Syncing: where, this device, the last sync and what went wrong in main's
// own sentence, Sync now, Pause/Resume, the new password when another device changed it, and
// the devices, each but this one with Forget….
import { useEffect, useState, type FormEvent } from 'react';
import type { SyncDevice, SyncReportView } from '../../../electron/api';
import { call, messageOf } from '../client';
import { PasswordField } from '../components/PasswordField';
import { formatInstant } from '../lib/dates';
import { count } from '../lib/plural';
import { useApp } from '../store';
import { ForgetDeviceDialog } from './ForgetDeviceDialog';
import { EMPTY_PLACE, PlaceFields, placeArgs } from './PlaceFields';
import { STATE_TONE, STATE_WORDS } from './words';

/** What a finished sync did, in one line for a toast. */
export function reportLine(report: SyncReportView): string {
  if (report.offline) return `Not synced: ${report.offline}`;
  const parts = [report.added.length && `${count(report.added.length, 'token')} added`, report.changed.length && `${report.changed.length} changed`, report.removed.length && `${report.removed.length} removed`].filter(Boolean);
  return parts.length ? `Synced: ${parts.join(', ')}.` : 'Synced; nothing new.';
}

export function SyncSection() {
  const sync = useApp((s) => s.sync);
  const [devices, setDevices] = useState<SyncDevice[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [forgetting, setForgetting] = useState<SyncDevice | null>(null);
  const syncing = sync !== null && sync.state !== 'off';
  const loadDevices = () => call('syncDevices', {}).then(setDevices, () => setDevices(null));
  useEffect(() => {
    call('syncStatus', {}).then((s) => useApp.getState().setSync(s), (e) => setError(messageOf(e)));
  }, []);
  // Read again when the state changes (a sync ended, a device forgotten), not at every timed sync.
  useEffect(() => {
    if (syncing && sync?.state !== 'syncing') void loadDevices();
  }, [syncing, sync?.state]);

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
  const syncNow = () =>
    act(async () => {
      const report = await call('syncNow', {});
      useApp.getState().setSync(report.state);
      useApp.getState().toast({ tone: report.offline || report.refused.length ? 'warning' : 'success', text: reportLine(report) });
    });
  const pause = (paused: boolean) => act(async () => useApp.getState().setSync(await call('syncPause', { paused })));

  return (
    <section className="settings-section" aria-labelledby="sync-title">
      <h2 id="sync-title">Sync</h2>
      {!sync ? <p className="muted" aria-busy="true">{error}</p> : !syncing ? <SyncSetup /> : (
        <>
          <div className={`sync-state tone-${STATE_TONE[sync.state]}`} role="status" data-testid="sync-state">
            <span className="state-word"><span className="sync-dot" aria-hidden="true" />{STATE_WORDS[sync.state]}</span>
            {sync.state === 'synced' ? null : <span>{sync.message}</span>}
            {sync.refused.slice(1).map((line) => <span key={line}>{line}</span>)}
          </div>
          <dl className="sync-facts">
            <dt>Syncs through</dt>
            <dd>{sync.place?.kind === 'git' ? 'the git remote' : 'the folder'} <code>{sync.place?.where}</code></dd>
            <dt>This device</dt>
            <dd>{sync.device?.name}</dd>
            <dt>Last sync</dt>
            <dd>{sync.lastSync ? `${formatInstant(sync.lastSync.at)}${sync.lastSync.ok ? '' : ' (did not reach the place)'}` : 'never'}</dd>
            <dt>Changed here, not yet synced</dt>
            <dd>{sync.pending}</dd>
          </dl>
          {sync.needsPassword ? <NewPasswordForm /> : null}
          <div className="row-actions sync-actions">
            <button type="button" className="primary" disabled={busy || sync.state === 'syncing'} onClick={() => void syncNow()}>{sync.state === 'syncing' ? 'Syncing…' : 'Sync now'}</button>
            {sync.paused ? <button type="button" disabled={busy} onClick={() => void pause(false)}>Resume syncing</button> : <button type="button" disabled={busy} onClick={() => void pause(true)}>Pause syncing</button>}
          </div>
          {error ? <p className="field-error" role="alert">{error}</p> : null}
          <h3>Devices</h3>
          {devices ? (
            <table className="sync-devices">
              <thead><tr><th>Device</th><th>Last wrote its replica</th><th><span className="sr-only">Actions</span></th></tr></thead>
              <tbody>
                {devices.map((d) => (
                  <tr key={d.id}>
                    <td>{d.name}{d.thisDevice ? ' (this device)' : ''}{d.forgotten ? ' (forgotten)' : ''} <span className="muted">{d.id.slice(0, 8)}</span></td>
                    <td>{d.lastSync ? formatInstant(d.lastSync) : 'not seen here'}</td>
                    <td>{d.thisDevice || d.forgotten ? null : <button type="button" onClick={() => setForgetting(d)} aria-label={`Forget ${d.name}…`}>Forget…</button>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {forgetting ? <ForgetDeviceDialog device={forgetting} onClose={() => { setForgetting(null); void loadDevices(); }} /> : null}
        </>
      )}
    </section>
  );
}

function SyncSetup() {
  const [place, setPlace] = useState(EMPTY_PLACE);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const why = !place.where.trim() ? (place.kind === 'folder' ? 'Choose the folder first.' : 'Type the git remote’s address first.') : !password ? 'Type the master password: it locks the key your other devices join with.' : null;
  const start = async (e: FormEvent) => {
    e.preventDefault();
    if (why || busy) return;
    setBusy(true);
    setError('');
    try {
      const report = await call('syncSetup', placeArgs(place, password));
      setPassword('');
      useApp.getState().setSync(report.state);
      useApp.getState().toast({ tone: report.offline ? 'warning' : 'success', text: report.offline ? `Sync is set up, but ${report.offline}` : 'This vault now syncs. On your other devices, choose “Join a synced vault” with the same place.' });
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };
  return (
    <form className="form-grid" onSubmit={start} noValidate>
      <p className="muted">
        Keep this vault on all your devices through a tool you already run. The vault itself never goes there: each device writes its own sealed replica, which shows ids, sizes and times, never names, addresses or tokens.
      </p>
      <PlaceFields value={place} onChange={setPlace} disabled={busy} />
      <PasswordField label="Master password" autoComplete="current-password" value={password} onChange={setPassword} disabled={busy} />
      {error ? <p className="field-error" role="alert">{error}</p> : null}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={Boolean(why) || busy}>{busy ? 'Setting up sync…' : 'Start syncing'}</button>
      </div>
      {why && !busy ? <p className="muted why-disabled">{why}</p> : null}
    </form>
  );
}

function NewPasswordForm() {
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const give = async (e: FormEvent) => {
    e.preventDefault();
    if (!password || busy) return;
    setBusy(true);
    setError('');
    try {
      const report = await call('syncNewPassword', { password });
      setPassword('');
      useApp.getState().setSync(report.state);
      useApp.getState().toast({ tone: 'success', text: reportLine(report) });
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="inline-form" onSubmit={give} noValidate>
      <PasswordField label="The new master password (set on the other device)" autoComplete="current-password" value={password} onChange={setPassword} disabled={busy} hint={error ? <p className="field-error" role="alert">{error}</p> : null} />
      <button type="submit" className="primary" disabled={!password || busy}>{busy ? 'Checking…' : 'Use it'}</button>
    </form>
  );
}
