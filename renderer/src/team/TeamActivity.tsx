// "Activity": the team's audit log, newest first, on this computer's clock — who added, changed,
// copied, handed to a program, rotated, revoked or deleted which team token. Every entry shown
// carries its author's signature (main checks it); what was refused or is missing is said above
// the list, never shown as genuine. The Team screen shows the whole vault's; a team token's detail
// shows its own. Nothing when the vault is not a team copy.
import { useCallback, useState } from 'react';
import type { TeamLogView } from '../../../electron/api';
import { call, messageOf } from '../client';
import { formatInstant } from '../lib/dates';
import { useLoadOnFocus } from '../lib/useLoadOnFocus';
import { useApp } from '../store';

interface Props {
  /** One token's entries (its name is then not repeated on each row). */
  entryId?: string;
  /** How many to show first; "Show older" adds as many again. */
  pageSize: number;
  /** Heading level: the Team screen's cards use h2, as does a token's detail. */
  card?: boolean;
}

export function TeamActivity({ entryId, pageSize, card }: Props) {
  const [log, setLog] = useState<TeamLogView | null | undefined>(undefined);
  const [shown, setShown] = useState(pageSize);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const open = useApp((s) => s.openToken);
  const known = useApp((s) => s.entries);

  const load = useCallback(() => call('teamLog', entryId ? { entryId } : {}).then(setLog, (e) => setError(messageOf(e))), [entryId]);
  // A copy in a terminal, or another member's entries arriving with a sync: coming back shows them.
  useLoadOnFocus(load);

  const exportCsv = async () => {
    setBusy(true);
    setError('');
    try {
      const written = await call('teamLogExport', entryId ? { entryId } : {});
      if (written) useApp.getState().toast({ tone: 'success', text: `Wrote ${written.entries} ${written.entries === 1 ? 'entry' : 'entries'} to ${written.fileName}.` });
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  if (log === null) return null;
  const title = entryId ? 'Activity in the team' : 'Activity';
  return (
    <section className={card ? 'team-card team-activity' : 'team-activity'} aria-labelledby={`activity-title${entryId ? '-token' : ''}`} data-testid="team-activity">
      <div className="activity-head">
        <h2 id={`activity-title${entryId ? '-token' : ''}`}>{title}</h2>
        {log && log.rows.length ? <button type="button" disabled={busy} onClick={() => void exportCsv()}>{busy ? 'Exporting…' : 'Export CSV…'}</button> : null}
      </div>
      {error ? <p className="field-error" role="alert">{error}</p> : null}
      {log?.problems.length ? (
        <div className="warning activity-problems" role="alert" data-testid="activity-problems">
          <strong>Not shown: {log.problems.length === 1 ? 'one part of the log was' : `${log.problems.length} parts of the log were`} refused or is missing.</strong>
          <ul>{log.problems.map((p) => <li key={p}>{p}</li>)}</ul>
        </div>
      ) : null}
      {log === undefined ? <p className="muted" aria-busy="true">Reading the log…</p> : log.rows.length === 0 ? (
        <p className="muted" data-testid="activity-empty">{entryId ? 'Nobody in the team has done anything with it since it came here.' : 'Nothing recorded yet.'}</p>
      ) : (
        <>
          <ol className="releases activity" data-testid="activity">
            {log.rows.slice(0, shown).map((r, i) => {
              const member = r.action.startsWith('member-');
              const stillThere = !member && r.entryId !== null && known.some((e) => e.id === r.entryId);
              return (
                <li key={`${r.at}-${r.fingerprint}-${i}`} data-testid="activity-row">
                  <div className="release-head">
                    <time dateTime={r.at}>{formatInstant(r.at)}</time>{' '}
                    <strong title={`Fingerprint ${r.fingerprint}`}>{r.author}</strong>
                    {r.standing === 'removed' ? <span className="muted"> (removed since)</span> : null} {r.what}
                    {entryId || !r.entryName ? null : stillThere ? (
                      <> <button type="button" className="link release-name" onClick={() => open(r.entryId!)}>{r.entryName}</button></>
                    ) : (
                      <> <span className="release-name" title={member ? undefined : 'No longer in the vault'}>{r.entryName}</span></>
                    )}
                    {r.pending ? <span className="activity-pending" title="Made here; it reaches the team with the next sync."> not yet sent</span> : null}
                  </div>
                  {r.detail ? <div className="muted release-command">{r.detail}</div> : null}
                </li>
              );
            })}
          </ol>
          {log.rows.length > shown ? <button type="button" onClick={() => setShown((n) => n + pageSize)}>Show older ({log.rows.length - shown} more)</button> : null}
        </>
      )}
    </section>
  );
}
