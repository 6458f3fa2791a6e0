// Audit: every personal access token of this token's account on its GitLab, beside what the
// vault holds, so forgotten or over-broad tokens stand out.
import { useEffect, useState } from 'react';
import type { AuditRow, Entry } from '../../../../electron/api';
import { call, problemOf, type Problem } from '../../client';
import { Dialog } from '../../components/Dialog';
import { ProblemText } from '../../components/ProblemText';
import { formatDay, formatInstant } from '../../lib/dates';
import { scopeInfo } from '../../lib/scopes';

const broad = (scopes: string[]) => scopes.some((s) => scopeInfo(s).risk === 'high');

function state(row: AuditRow): string {
  if (row.revoked) return 'Revoked';
  if (!row.active) return 'Expired';
  return 'Active';
}

/** `onEditAddress`: an error that blames the GitLab address leads to the Edit dialog. */
export function AuditDialog({ entry, onClose, onEditAddress }: { entry: Entry; onClose(): void; onEditAddress?: () => void }) {
  const [rows, setRows] = useState<AuditRow[] | null>(null);
  const [error, setError] = useState<Problem | null>(null);
  useEffect(() => {
    call('gitlabAudit', { usingId: entry.id }).then((r) => setRows(r.rows), (e) => setError(problemOf(e)));
  }, [entry.id]);
  const missing = rows?.filter((r) => r.entryId === null && r.active && !r.revoked).length ?? 0;
  // Verifying links a live token only; a revoked or expired namesake is reported, not worth the advice.
  const byNameOnly = rows?.filter((r) => r.matchedBy === 'name' && r.active && !r.revoked).length ?? 0;
  return (
    <Dialog title={`Tokens of this account on ${entry.instance?.replace(/^https?:\/\//, '') ?? 'GitLab'}`} onClose={onClose} wide>
      {error ? <ProblemText problem={error} onFix={onEditAddress} /> : null}
      {rows === null && !error ? <p className="muted">Asking GitLab…</p> : null}
      {rows && rows.length === 0 ? <p className="muted">GitLab lists no personal access tokens for this account.</p> : null}
      {rows && rows.length > 0 ? (
        <>
          <p>{missing === 0 ? 'Every active token of this account is in the vault.' : `${missing} active token${missing === 1 ? ' is' : 's are'} not in the vault. If nobody knows what uses ${missing === 1 ? 'it' : 'them'}, revoke on GitLab.`}</p>
          {byNameOnly > 0 ? <p className="muted">{byNameOnly === 1 ? 'One active token' : `${byNameOnly} active tokens`} in the vault {byNameOnly === 1 ? 'was' : 'were'} matched by name only: verify {byNameOnly === 1 ? 'it' : 'them'} so the vault knows which GitLab token {byNameOnly === 1 ? 'it is' : 'they are'}.</p> : null}
          <table className="audit">
            <thead><tr><th scope="col">Name</th><th scope="col">Scopes</th><th scope="col">Expires</th><th scope="col">Last used</th><th scope="col">State</th><th scope="col">In vault</th></tr></thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.tokenId} className={r.entryId === null && r.active && !r.revoked ? 'attention' : undefined}>
                  <td>{r.name}</td>
                  <td className={broad(r.scopes) ? 'scope-high' : undefined}>{r.scopes.join(', ')}</td>
                  <td>{r.expiresAt ? formatDay(r.expiresAt) : 'Never'}</td>
                  <td>{r.lastUsedAt ? formatInstant(r.lastUsedAt) : 'Never'}</td>
                  <td>{state(r)}</td>
                  <td className="in-vault">{r.entryId ? (r.matchedBy === 'name' ? 'Yes, not yet verified' : 'Yes') : 'No'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      <div className="dialog-actions"><button type="button" autoFocus onClick={onClose}>Close</button></div>
    </Dialog>
  );
}
