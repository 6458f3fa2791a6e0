// Audit: every personal access token of this token's account on its GitLab, beside what the
// vault holds, so forgotten or over-broad tokens stand out — and can be dealt with: each row
// names its vault entry, the table sorts by any column, a token only on GitLab can be stored
// (if someone still has it) and any live one revoked, each after a confirmation (AuditAction).
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AuditRow, Entry } from '../../../../electron/api';
import { call, problemOf, type Problem } from '../../client';
import { Dialog } from '../../components/Dialog';
import { ProblemText } from '../../components/ProblemText';
import { canRevoke, canStore, sortAuditRows, stateOf, type AuditSort, type AuditSortKey } from '../../lib/audit-table';
import { formatDay, formatInstant } from '../../lib/dates';
import { scopeInfo } from '../../lib/scopes';
import { useApp } from '../../store';
import { AuditAction, type AuditActionKind } from './AuditAction';
import './audit.css';

const broad = (scopes: string[]) => scopes.some((s) => scopeInfo(s).risk === 'high');

const COLUMNS: Array<{ key: AuditSortKey; label: string }> = [
  { key: 'name', label: 'Name' },
  { key: 'expires', label: 'Expires' },
  { key: 'lastUsed', label: 'Last used' },
  { key: 'state', label: 'State' },
  { key: 'vault', label: 'Vault entry' },
];

/** `onEditAddress`: an error that blames the GitLab address leads to the Edit dialog. */
export function AuditDialog({ entry, onClose, onEditAddress }: { entry: Entry; onClose(): void; onEditAddress?: () => void }) {
  const entries = useApp((s) => s.entries);
  const [rows, setRows] = useState<AuditRow[] | null>(null);
  const [error, setError] = useState<Problem | null>(null);
  const [sort, setSort] = useState<AuditSort>({ key: 'vault', dir: 'asc' });
  const [acting, setActing] = useState<{ kind: AuditActionKind; row: AuditRow } | null>(null);
  const [done, setDone] = useState('');
  const load = useCallback(() => call('gitlabAudit', { usingId: entry.id }).then((r) => setRows(r.rows), (e) => setError(problemOf(e))), [entry.id]);
  useEffect(() => void load(), [load]);

  const names = useMemo(() => new Map(entries.map((e) => [e.id, e.name])), [entries]);
  const sorted = useMemo(() => (rows ? sortAuditRows(rows, sort) : []), [rows, sort]);
  const missing = rows?.filter((r) => canStore(r)).length ?? 0;
  // Verifying links a live token only; a revoked or expired namesake is reported, not worth the advice.
  const byNameOnly = rows?.filter((r) => r.matchedBy === 'name' && r.active && !r.revoked).length ?? 0;
  const sortBy = (key: AuditSortKey) => setSort((s) => ({ key, dir: s.key === key && s.dir === 'asc' ? 'desc' : 'asc' }));
  const finish = (message: string) => {
    setActing(null);
    setDone(message);
    void load();
  };

  return (
    <Dialog title={`Tokens of this account on ${entry.instance?.replace(/^https?:\/\//, '') ?? 'GitLab'}`} onClose={onClose} wide>
      {error ? <ProblemText problem={error} onFix={onEditAddress} /> : null}
      {rows === null && !error ? <p className="muted">Asking GitLab…</p> : null}
      {rows && rows.length === 0 ? <p className="muted">GitLab lists no personal access tokens for this account.</p> : null}
      {rows && rows.length > 0 ? (
        <>
          <p>{missing === 0 ? 'Every active token of this account is in the vault.' : `${missing} active token${missing === 1 ? ' is' : 's are'} not in the vault. Store ${missing === 1 ? 'it' : 'them'} if someone still has ${missing === 1 ? 'it' : 'them'}; if nobody knows what uses ${missing === 1 ? 'it' : 'them'}, revoke.`}</p>
          {byNameOnly > 0 ? <p className="muted">{byNameOnly === 1 ? 'One active token' : `${byNameOnly} active tokens`} in the vault {byNameOnly === 1 ? 'was' : 'were'} matched by name only: verify {byNameOnly === 1 ? 'it' : 'them'} so the vault knows which GitLab token {byNameOnly === 1 ? 'it is' : 'they are'}.</p> : null}
          {done ? <p className="success" role="status">{done}</p> : null}
          {acting ? (
            <AuditAction
              key={`${acting.kind}-${acting.row.tokenId}`}
              kind={acting.kind}
              row={acting.row}
              using={entry}
              entryName={acting.row.entryId ? names.get(acting.row.entryId) ?? null : null}
              onDone={finish}
              onCancel={() => setActing(null)}
            />
          ) : null}
          <div className="audit-scroll">
            <table className="audit">
              <thead>
                <tr>
                  {COLUMNS.map((c) => (
                    <th key={c.key} scope="col" aria-sort={sort.key === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
                      <button type="button" className="sort" onClick={() => sortBy(c.key)}>
                        {c.label}<span aria-hidden="true">{sort.key === c.key ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
                      </button>
                    </th>
                  ))}
                  <th scope="col"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                {sorted.map((r) => {
                  const held = r.entryId ? names.get(r.entryId) ?? 'in the vault' : null;
                  return (
                    <tr key={r.tokenId} className={canStore(r) ? 'attention' : undefined}>
                      <th scope="row">
                        {r.name}
                        <small className={broad(r.scopes) ? 'scopes scope-high' : 'scopes muted'}>{r.scopes.join(', ')}</small>
                      </th>
                      <td className="day">{r.expiresAt ? formatDay(r.expiresAt) : 'Never'}</td>
                      {/* The day is what matters here; the hour is in the title. */}
                      <td className="day" title={r.lastUsedAt ? formatInstant(r.lastUsedAt) : undefined}>{r.lastUsedAt ? formatDay(r.lastUsedAt.slice(0, 10)) : 'Never'}</td>
                      <td>{stateOf(r)}</td>
                      <td className="in-vault">{held ? (r.matchedBy === 'name' ? `${held} (not yet verified)` : held) : 'Not in vault'}</td>
                      <td className="audit-row-actions">
                        {canStore(r) ? <button type="button" onClick={() => { setDone(''); setActing({ kind: 'store', row: r }); }} aria-label={`Store ${r.name}…`}>Store it…</button> : null}
                        {canRevoke(r) ? <button type="button" className="danger" onClick={() => { setDone(''); setActing({ kind: 'revoke', row: r }); }} aria-label={`Revoke ${r.name}…`}>Revoke…</button> : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      <div className="dialog-actions"><button type="button" autoFocus onClick={onClose}>Close</button></div>
    </Dialog>
  );
}
