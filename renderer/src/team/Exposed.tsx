// What removed members still know: every token they could read whose secret is still the one
// they saw. "Rotate all of them" rotates each through GitLab, one after another, with progress,
// and ends with a report of what was rotated and what could not be, and why.
import { useEffect, useState } from 'react';
import type { ExposedToken, RotationOutcomeView, TeamRotationProgress, TeamStatus } from '../../../electron/api';
import { call, messageOf } from '../client';
import { count } from '../lib/plural';
import { useApp } from '../store';
import { formatDay } from '../lib/dates';

/** Before any rotation: why this one will wait, and what to do here (not the CLI's command). */
function heldWords(held: NonNullable<ExposedToken['held']>): string {
  const who = held.setBy
    ? `Its GitLab address${held.instance ? ` (${held.instance})` : ''} was last set by ${held.setBy} (removed${held.removedAt ? ` on ${formatDay(held.removedAt.slice(0, 10))}` : ''})`
    : `No signed change in the team’s place shows who set its GitLab address${held.instance ? ` (${held.instance})` : ''}`;
  return `${who}: it will not be rotated until you check the address in its Edit… dialog (GitLab address).`;
}

export function Exposed({ team, onRotated }: { team: TeamStatus; onRotated(): void }) {
  const [progress, setProgress] = useState<TeamRotationProgress | null>(null);
  const [report, setReport] = useState<RotationOutcomeView[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  useEffect(() => window.tokenVault.on('teamRotation', setProgress), []);
  const leavers = [...new Set(team.exposed.flatMap((e) => e.leavers))];
  const rotate = async () => {
    setBusy(true);
    setError('');
    setReport(null);
    setProgress(null);
    try {
      const { outcomes, sync } = await call('teamRotateExposed', {});
      setReport(outcomes);
      if (sync?.offline) useApp.getState().toast({ tone: 'warning', text: `The new secrets are stored here but not yet sent to the team: ${sync.offline}` });
      onRotated();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  if (!team.exposed.length && !report) return null;
  const rotated = report?.filter((o) => o.rotated).length ?? 0;
  return (
    <section className="team-card exposed" aria-labelledby="exposed-title">
      <h2 id="exposed-title">What {leavers.length ? leavers.join(', ') : 'removed members'} still know{leavers.length === 1 ? 's' : ''}</h2>
      {team.exposed.length ? (
        <>
          <p className="exposed-lead">
            {leavers.join(' and ')} could read {count(team.exposed.length, 'token')} below, and still can: their copy and the place’s older files hold them. Removing someone takes nothing back that they saw; a new secret does.
          </p>
          <ul className="exposed-list">
            {team.exposed.map((e) => (
              <li key={e.id}>
                <strong>{e.name}</strong> <span className="muted">({e.kind}) — read by {e.leavers.join(', ')}{e.rotatable || e.held ? '' : '; to replace by hand'}</span>
                {e.held ? <span className="exposed-refusal">{heldWords(e.held)}</span> : e.addressChanged ? <span className="muted exposed-address">Its address is not the one it was added with; last set by {e.addressSetBy ?? 'you, on this device'}.</span> : null}
              </li>
            ))}
          </ul>
          {team.role === null || !team.exposed.some((e) => e.rotatable) ? null : (
            <div className="row-actions">
              <button type="button" className="primary" disabled={busy} onClick={() => void rotate()}>{busy ? 'Rotating…' : 'Rotate all of them'}</button>
              {busy && progress ? (
                <span role="status" className="muted">
                  <progress max={progress.total} value={progress.done} aria-label="Rotation progress" /> {progress.done} of {progress.total} — {progress.last.name}
                </span>
              ) : null}
            </div>
          )}
        </>
      ) : null}
      {error ? <p className="field-error" role="alert">{error}</p> : null}
      {report ? (
        <div className="rotation-report" data-testid="rotation-report">
          <h3>Rotation report: {rotated} rotated, {report.length - rotated} could not be</h3>
          <ul>
            {report.map((o) => (
              <li key={o.name} className={o.rotated ? 'rotated' : 'not-rotated'}>
                <strong>{o.rotated ? 'Rotated' : 'Not rotated'}:</strong> {o.name} — {o.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
