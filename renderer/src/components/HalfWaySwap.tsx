// A deploy, trigger or agent token swap that stopped half-way (issue 22): the new token is stored,
// the old one is still live on GitLab until the places are updated and it is revoked. Said plainly,
// with the one button that finishes it (gitlabRotate goes on where the swap stopped).
import { useState } from 'react';
import type { Entry } from '../../../electron/api';
import { call, problemOf, type Problem } from '../client';
import { formatInstant } from '../lib/dates';
import { halfWaySwapOld } from '../lib/kinds';
import { useApp } from '../store';
import { ProblemText } from './ProblemText';

export function HalfWaySwap({ entry, onFinding }: { entry: Entry; onFinding(problem: Problem): void }) {
  const upsert = useApp((s) => s.upsertEntry);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Problem | null>(null);
  const oldId = halfWaySwapOld(entry);
  if (oldId === null || !entry.pendingRotation) return null;
  const finish = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await call('gitlabRotate', { id: entry.id });
      upsert(r.entry);
      onFinding({ text: r.message, fix: null });
    } catch (e) {
      setError(problemOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="warning lost-rotation" role="note" data-testid="half-way-swap">
      <p>
        The swap started {formatInstant(entry.pendingRotation.startedAt)} stopped half-way. GitLab has two live tokens: the new one
        (id {entry.gitlab.tokenId}), stored here, and the old one (id {oldId}), still live until every place has the new one. The history
        below says which step failed.
      </p>
      <p>
        <button type="button" className="primary" onClick={() => void finish()} disabled={busy}>{busy ? 'Finishing…' : 'Finish the swap'}</button>{' '}
        <span className="muted">sets the CI/CD variables left, then revokes id {oldId}.</span>
      </p>
      {error ? <ProblemText problem={error} /> : null}
    </div>
  );
}
