// A rotation that was never confirmed: GitLab may hold a new token nobody has. The note says so,
// and — with another stored token of the same instance — asks verify to find that token by name
// and creation time and revoke it (gitlabVerify with usingId; electron/gitlab/vault-ops.ts).
import { useState } from 'react';
import type { Entry } from '../../../electron/api';
import { call, problemOf, type Problem } from '../client';
import { formatInstant } from '../lib/dates';
import { isDead } from '../lib/entry';
import { useApp } from '../store';
import { ProblemText } from './ProblemText';

export function LostRotation({ entry, onFinding }: { entry: Entry; onFinding(problem: Problem): void }) {
  const entries = useApp((s) => s.entries);
  const upsert = useApp((s) => s.upsertEntry);
  const helpers = entries.filter((e) => e.id !== entry.id && e.instance === entry.instance && !isDead(e));
  const [usingId, setUsingId] = useState(helpers[0]?.id ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Problem | null>(null);
  if (!entry.pendingRotation) return null;
  const find = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await call('gitlabVerify', { id: entry.id, usingId });
      upsert(r.entry);
      onFinding({ text: r.finding.message, fix: r.finding.fix ?? null });
    } catch (e) {
      setError(problemOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="warning lost-rotation" role="note" data-testid="lost-rotation">
      <p>
        A rotation started {formatInstant(entry.pendingRotation.startedAt)} was not confirmed. If GitLab made the new token, it is alive
        there and nobody holds it. Verify this token, or find that new token with another of your tokens on this GitLab and revoke it.
      </p>
      {helpers.length ? (
        <p className="lost-rotation-find">
          <label>
            Find it with{' '}
            <select value={usingId} onChange={(e) => setUsingId(e.target.value)}>
              {helpers.map((h) => <option key={h.id} value={h.id}>{h.name}</option>)}
            </select>
          </label>{' '}
          <button type="button" onClick={() => void find()} disabled={busy || !usingId}>{busy ? 'Asking GitLab…' : 'Find and revoke the lost token'}</button>
        </p>
      ) : (
        <p className="muted">Store another token of this account (api scope) to let Token Vault find the lost one, or look on GitLab's token page.</p>
      )}
      {error ? <ProblemText problem={error} /> : null}
    </div>
  );
}
