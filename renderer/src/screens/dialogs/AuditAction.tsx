// What the audit does to one row, confirmed first: Revoke (on GitLab; the vault marks its entry
// revoked) or Store it (paste the token someone still has; GitLab is asked what it is, and it is
// stored only if it is that token). Shown above the table so it is in view at 800×600.
import { useState, type FormEvent } from 'react';
import type { AuditRow, Entry } from '../../../../electron/api';
import { ApiCallError, call, problemOf, type Problem } from '../../client';
import { ProblemText } from '../../components/ProblemText';
import { useApp } from '../../store';

export type AuditActionKind = 'revoke' | 'store';

interface Props {
  kind: AuditActionKind;
  row: AuditRow;
  /** The stored token the audit was made with: it revokes tokens the vault does not hold. */
  using: Entry;
  entryName: string | null;
  onDone(message: string): void;
  onCancel(): void;
}

export function AuditAction({ kind, row, using, entryName, onDone, onCancel }: Props) {
  const [pasted, setPasted] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Problem | null>(null);

  const run = async (work: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    try {
      onDone(await work());
    } catch (e) {
      setError(problemOf(e));
      setBusy(false);
    }
  };

  const revoke = () =>
    void run(async () => {
      if (row.entryId) {
        const r = await call('gitlabRevoke', { id: row.entryId });
        useApp.getState().upsertEntry(r.entry);
        return r.message;
      }
      const r = await call('gitlabRevokeListed', { usingId: using.id, tokenId: row.tokenId });
      if (r.entry) useApp.getState().upsertEntry(r.entry);
      return `“${row.name}”: ${r.message}`;
    });

  const store = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const secret = pasted;
      setPasted('');
      try {
        await call('existingPaste', { secret, ...(using.instance ? { instance: using.instance } : {}) });
        const { finding } = await call('existingVerify', {});
        if (!finding?.ok) throw new ApiCallError('NOT_CONFIRMED', `${finding?.message ?? 'GitLab could not say what this token is.'} Nothing was stored.`);
        if (finding.name !== row.name) throw new ApiCallError('NOT_THIS_TOKEN', `GitLab says this is “${finding.name ?? 'another token'}”, not “${row.name}”; nothing was stored.`);
        const entry = await call('existingStore', { name: row.name, kind: 'personal' });
        useApp.getState().upsertEntry(entry);
        return `Stored “${entry.name}” in the vault.`;
      } catch (err) {
        // The pasted token goes: nothing half-stored waits main-side.
        await call('existingDiscard', {}).catch(() => undefined);
        throw err;
      }
    });
  };

  if (kind === 'revoke') {
    return (
      <section className="audit-action warning" aria-label={`Revoke ${row.name}`}>
        <p><strong>Revoke “{row.name}” on GitLab?</strong> Whatever uses it stops working at once; this cannot be undone.{entryName ? ` The vault marks “${entryName}” revoked.` : ' It is not in the vault.'}</p>
        {error ? <ProblemText problem={error} /> : null}
        <div className="dialog-actions">
          <button type="button" onClick={onCancel} disabled={busy}>Cancel</button>
          <button type="button" className="danger" autoFocus onClick={revoke} disabled={busy}>{busy ? 'Revoking…' : 'Revoke on GitLab'}</button>
        </div>
      </section>
    );
  }
  return (
    <form className="audit-action note" onSubmit={store} aria-label={`Store ${row.name}`}>
      <p><strong>Store “{row.name}”:</strong> paste the token. GitLab shows a token only when it is made, so only whoever kept it has it; if nobody does, revoke it instead.</p>
      <label className="field">
        <span>The token “{row.name}”</span>
        <input type="password" autoFocus autoComplete="off" spellCheck={false} value={pasted} onChange={(e) => setPasted(e.target.value)} />
      </label>
      {error ? <ProblemText problem={error} /> : null}
      <div className="dialog-actions">
        <button type="button" onClick={onCancel} disabled={busy}>Cancel</button>
        <button type="submit" className="primary" disabled={busy || pasted.trim() === ''}>{busy ? 'Storing…' : 'Store in the vault'}</button>
      </div>
    </form>
  );
}
