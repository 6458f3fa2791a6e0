// "Given to programs": the release log (every time a token left the vault for git, a program
// started by `tokenvault run`, or a copy from the command line), newest first, on this
// computer's clock. Settings shows all of it; a token's detail shows its own.
import { useCallback, useState } from 'react';
import type { Release } from '../../../electron/api';
import { call, messageOf } from '../client';
import { formatInstant } from '../lib/dates';
import { useLoadOnFocus } from '../lib/useLoadOnFocus';
import { askedBy, releasedBy, releasedTo } from '../lib/releases';
import { useApp } from '../store';

interface Props {
  /** One token's releases only (its name is then not repeated on each row). */
  entryId?: string;
  /** How many to show first; "Show older" adds as many again. */
  pageSize: number;
  empty: string;
}

export function ReleaseLog({ entryId, pageSize, empty }: Props) {
  const [limit, setLimit] = useState(pageSize);
  const [log, setLog] = useState<{ rows: Release[]; more: boolean } | null>(null);
  const [error, setError] = useState('');
  const open = useApp((s) => s.openToken);
  const known = useApp((s) => s.entries);

  const load = useCallback(() => {
    setError('');
    return call('releasesList', entryId ? { limit, entryId } : { limit }).then(setLog, (e) => setError(messageOf(e)));
  }, [entryId, limit]);
  // A command run in a terminal takes a token while the app sits in the background: coming back
  // to the window shows it.
  useLoadOnFocus(load);

  if (error) return <p className="field-error" role="alert">{error}</p>;
  if (!log) return <p className="muted" aria-busy="true">Reading the log…</p>;
  if (log.rows.length === 0) return <p className="muted" data-testid="releases-empty">{empty}</p>;
  return (
    <>
      <ol className="releases" data-testid="releases">
        {log.rows.map((r, i) => {
          const stillThere = known.some((e) => e.id === r.entryId);
          const asked = askedBy(r);
          return (
            <li key={`${r.at}-${i}`}>
              <div className="release-head">
                <time dateTime={r.at}>{formatInstant(r.at)}</time>{' '}
                {entryId ? null : stillThere ? (
                  <button type="button" className="link release-name" onClick={() => open(r.entryId)}>{r.entryName}</button>
                ) : (
                  <strong className="release-name" title="No longer in the vault">{r.entryName}</strong>
                )}
                {r.purpose === 'changed' ? (entryId ? 'Changed by a program' : ' changed by a program') : <>{entryId ? 'Given to ' : ' given to '}{releasedTo(r)}</>}
              </div>
              <div className="muted release-command">{r.command}</div>
              <div className="muted release-peer" title={r.peerPid !== null ? `Process ${r.peerPid}${r.peerExe ? `: ${r.peerExe}` : ''}` : undefined}>{r.purpose === 'changed' ? (asked ? `${asked}; done through ` : 'Done through ') : asked ? `${asked}; handed out by ` : 'Handed out by '}{releasedBy(r)}.</div>
            </li>
          );
        })}
      </ol>
      {log.more ? <button type="button" onClick={() => setLimit((n) => n + pageSize)}>Show older</button> : null}
    </>
  );
}
