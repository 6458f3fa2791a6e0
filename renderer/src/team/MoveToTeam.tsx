// "Move to team vault…" on a personal token: choose the team, read what will happen (stored in
// the team copy first, then this vault's copy goes to its Trash; every member can read it from
// then on), give the team copy's master password, watch the steps, and end on where it is now.
// Rendered by the workspace, not the detail pane: the token leaves this vault's list when it is
// moved, and the result must stay on screen.
import { useEffect, useRef, useState } from 'react';
import { create } from 'zustand';
import type { ApiEvents, Entry, ResultOf } from '../../../electron/api';
import { call, messageOf } from '../client';
import { Dialog } from '../components/Dialog';
import { PasswordField } from '../components/PasswordField';
import { changeVault } from '../components/VaultPlaces';
import { useKnownVaults, type KnownVault } from '../components/VaultSwitcher';
import { useApp } from '../store';
import './team.css';

export const useTeamMove = create<{ entry: Pick<Entry, 'id' | 'name'> | null }>(() => ({ entry: null }));

type Step = ApiEvents['teamMove']['step'];
const STEPS: Array<{ step: Step; words: (team: string) => string }> = [
  { step: 'open', words: (t) => `Opening team vault “${t}”` },
  { step: 'sync-in', words: () => 'Taking in the team’s changes' },
  { step: 'store', words: (t) => `Storing it in “${t}”, then moving this vault’s copy to its Trash` },
  { step: 'send', words: () => 'Sending it to the team' },
];

export function MoveToTeamDialog() {
  const entry = useTeamMove((s) => s.entry);
  if (!entry) return null;
  return <MoveDialog entry={entry} onClose={() => useTeamMove.setState({ entry: null })} />;
}

function MoveDialog({ entry, onClose }: { entry: Pick<Entry, 'id' | 'name'>; onClose(): void }) {
  const [teams, setTeams] = useState<KnownVault[] | null>(null);
  const [chosen, setChosen] = useState('');
  const [password, setPassword] = useState('');
  const [step, setStep] = useState<Step | null>(null);
  const [error, setError] = useState('');
  const [done, setDone] = useState<ResultOf<'teamMoveToken'> | null>(null);
  useEffect(() => {
    call('vaultsKnown', {}).then((known) => {
      useKnownVaults.setState({ known });
      const list = known.recent.filter((v) => v.team && v.exists && v.path !== known.current);
      setTeams(list);
      setChosen(list.find((v) => !v.team?.removed)?.path ?? list[0]?.path ?? '');
    }, (e) => setError(messageOf(e)));
  }, []);
  // A step event travels apart from the call's answer and can arrive after it: one that comes
  // when no move is running must not turn the dialog busy again (it would stay "Moving…").
  const moving = useRef(false);
  useEffect(() => window.tokenVault.on('teamMove', ({ step: s }) => { if (moving.current) setStep(s); }), []);
  const team = teams?.find((t) => t.path === chosen) ?? null;
  const teamName = team?.team?.name ?? team?.name ?? '';

  const move = async () => {
    setError('');
    setStep('open');
    moving.current = true;
    try {
      const result = await call('teamMoveToken', { id: entry.id, path: chosen, password });
      moving.current = false;
      setDone(result);
      setPassword('');
      useApp.getState().removeEntry(entry.id);
    } catch (e) {
      moving.current = false;
      setError(messageOf(e));
      setStep(null);
    }
  };

  if (done) {
    return (
      <Dialog title={`“${done.name}” is now in team vault “${done.teamName}”`} onClose={onClose}>
        <div className="move-result" role="status" data-testid="move-result">
          <p>
            It is stored in <strong>{done.vaultName}</strong>{' '}
            {done.sent ? 'and was sent to the team: every member can read it from their next team sync.' : 'but not yet sent to the team; it goes out with the next team sync, and every member can read it from then on.'}
          </p>
          {done.offline ? <p className="warning">Not sent yet: {done.offline}</p> : null}
          <p>The copy that was in this vault is in its Trash (Vault ▾ → Trash), restorable for 30 days.</p>
        </div>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>Done</button>
          <button type="button" className="primary" autoFocus onClick={() => { onClose(); void changeVault('vaultSwitch', { path: done.path }).catch((e) => useApp.getState().toast({ tone: 'error', text: messageOf(e) })); }}>Switch to {done.vaultName}</button>
        </div>
      </Dialog>
    );
  }

  if (teams !== null && teams.length === 0) {
    return (
      <Dialog title={`Move “${entry.name}” to a team vault`} onClose={onClose}>
        <p data-testid="move-no-team">You have no team vault on this computer yet, so there is nowhere to move it. Create one or join your team’s under Team; then come back to this token. Nothing was changed.</p>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>Close</button>
          <button type="button" className="primary" autoFocus onClick={() => { onClose(); useApp.getState().setView('team'); }}>Go to Team</button>
        </div>
      </Dialog>
    );
  }

  const busy = step !== null;
  return (
    <Dialog title={`Move “${entry.name}” to a team vault`} onClose={() => { if (!busy) onClose(); }} wide>
      <form onSubmit={(e) => { e.preventDefault(); if (!busy && chosen && password) void move(); }}>
        {teams && teams.length > 1 ? (
          <fieldset className="move-teams" disabled={busy}>
            <legend>Which team</legend>
            {teams.map((t) => (
              <label key={t.path}>
                <input type="radio" name="move-team" value={t.path} checked={chosen === t.path} onChange={() => setChosen(t.path)} />
                <span className={`vault-dot vault-${t.colour}`} aria-hidden="true" /> {t.name}
                {t.team && t.team.name !== t.name ? <span className="muted"> (team {t.team.name})</span> : null}
                {t.team?.removed ? <span className="muted"> — you were removed</span> : null}
              </label>
            ))}
          </fieldset>
        ) : team ? (
          <p>To team vault <span className={`vault-dot vault-${team.colour}`} aria-hidden="true" /> <strong>{team.name}</strong>{team.team && team.team.name !== team.name ? ` (team ${team.team.name})` : ''}.</p>
        ) : null}
        <ol className="move-what" aria-label="What happens">
          <li>“{entry.name}” — its fields, its history and its secret — is stored in “{teamName}” first.</li>
          <li>Only then does the copy in this vault go to its Trash (restorable for 30 days).</li>
          <li><strong>Every member of {teamName} can read it from then on</strong>, and a member removed later keeps what they saw.</li>
        </ol>
        <PasswordField label={`Master password of team vault “${team?.name ?? teamName}”`} value={password} onChange={setPassword} autoComplete="current-password" autoFocus disabled={busy} hint="The same as this vault’s, unless you changed it there." />
        {busy ? (
          <ol className="move-steps" aria-label="Moving" aria-live="polite" data-testid="move-steps">
            {STEPS.map((s, i) => {
              const at = STEPS.findIndex((x) => x.step === step);
              return <li key={s.step} className={i < at ? 'done' : i === at ? 'now' : ''}>{i < at ? '✓ ' : i === at ? '… ' : ''}{s.words(teamName)}</li>;
            })}
          </ol>
        ) : null}
        {error ? <p className="field-error" role="alert">{error}</p> : null}
        <div className="dialog-actions">
          <button type="button" onClick={onClose} disabled={busy}>Cancel</button>
          <button type="submit" className="primary" disabled={busy || !chosen || !password}>{busy ? 'Moving…' : `Move to ${team?.name ?? 'the team'}`}</button>
        </div>
      </form>
    </Dialog>
  );
}
