// Which vault: open another (a work vault, a personal one), make a new one where you choose, or
// go back to one opened before; at first run, restore from a backup. Shown at first run and on
// the unlock screen; the Vault menu offers the first two. Main does the picking (native dialogs)
// and remembers the list. A backup picked as a vault is offered for restore, never opened in place.
import { useEffect, useState } from 'react';
import type { ArgsOf, MethodName, ResultOf } from '../../../electron/api';
import { call, codeOf, messageOf } from '../client';
import { useApp } from '../store';
import { RestoreToComputer } from './RestoreToComputer';
import { JoinSyncedVault } from '../sync/JoinSyncedVault';

type Known = ResultOf<'vaultsKnown'>;
type PlaceMethod = Extract<MethodName, 'vaultOpenFile' | 'vaultChooseNewFile'>;

/** Runs a vault-changing call and shows whatever screen the new vault needs (unlock, first run). */
export async function changeVault<M extends PlaceMethod | 'vaultSwitch'>(method: M, args: ArgsOf<M>): Promise<void> {
  const status = (await call(method, args)) as ResultOf<'vaultSwitch'> | null;
  if (status) useApp.getState().setStatus(status);
}

export function VaultPlaces({ firstRun }: { firstRun: boolean }) {
  const [known, setKnown] = useState<Known | null>(null);
  const [error, setError] = useState('');
  // Asked again whenever the vault changes (the screen may stay the same: first run → first run).
  const path = useApp((s) => s.status?.path);
  useEffect(() => {
    call('vaultsKnown', {}).then(setKnown, () => undefined);
  }, [path]);
  const [offer, setOffer] = useState<{ name: string; createdAt: string | null; why: string | null } | null>(null);
  const [joining, setJoining] = useState(false);
  const run = (work: () => Promise<void>) => {
    setError('');
    work().catch((e) => {
      // A backup picked as a vault: main kept it; offer to restore it instead.
      if (codeOf(e) === 'IS_A_BACKUP') setOffer({ name: '', createdAt: null, why: messageOf(e) });
      else setError(messageOf(e));
    });
  };
  const chooseBackup = () => run(async () => {
    const picked = await call('vaultChooseBackup', {});
    if (picked) setOffer({ ...picked, why: null });
  });
  const others = known?.recent.filter((v) => v.path !== known.current && v.exists) ?? [];
  const recent = others.length ? (
    <nav aria-label="Vaults opened before" className="vault-recent">
      {others.map((v) => (
        <button key={v.path} type="button" className="link vault-switch" title={v.path} onClick={() => run(() => changeVault('vaultSwitch', { path: v.path }))}>
          <span className={`vault-dot vault-${v.colour}`} aria-hidden="true" /> Switch to {v.name} <span className="muted">({v.path})</span>
        </button>
      ))}
    </nav>
  ) : null;
  const dialogs = (
    <>
      {joining ? <JoinSyncedVault onClose={() => setJoining(false)} /> : null}
      {offer ? <RestoreToComputer why={offer.why} name={offer.name} createdAt={offer.createdAt} onClose={() => setOffer(null)} /> : null}
    </>
  );
  const failed = error ? <p className="field-error" role="alert">{error}</p> : null;
  const openFile = <button type="button" onClick={() => run(() => changeVault('vaultOpenFile', {}))}>{firstRun ? 'Open an existing vault…' : 'Open another vault…'}</button>;
  const newFile = <button type="button" onClick={() => run(() => changeVault('vaultChooseNewFile', {}))}>{firstRun ? 'Keep it somewhere else…' : 'New vault…'}</button>;
  if (firstRun) {
    // Someone with a vault already (another computer, a backup, a synced folder) reads this
    // column first; where the new vault goes comes after, beside the choice to put it elsewhere.
    return (
      <aside className="vault-places first-run-places" aria-label="Other ways to start">
        <h2>Already have a vault?</h2>
        <div className="stacked-actions">
          {openFile}
          <button type="button" onClick={chooseBackup}>Restore from a backup…</button>
          <button type="button" onClick={() => setJoining(true)}>Join a synced vault…</button>
        </div>
        {recent}
        <h2>Where the new vault goes</h2>
        {known ? <p className="muted">The new vault will be kept at <code>{known.current}</code>.</p> : null}
        <div className="stacked-actions">{newFile}</div>
        {failed}
        {dialogs}
      </aside>
    );
  }
  return (
    <div className="vault-places">
      <div className="row-actions">
        {openFile}
        {newFile}
      </div>
      {dialogs}
      {recent}
      {failed}
    </div>
  );
}
