// Every credential of one project or group, beside the vault (issue 22, item 4): what GitLab lists —
// access, deploy, trigger, runner, agent and service accounts' tokens, webhooks — and what the vault
// holds for it, each row in vault / only on GitLab / only in vault / not checked, expiring soon flagged.
// A list GitLab would not give whole is named with its reason (the role it needs, the version it lacks).
// Main asks GitLab (gitlabAuditOwner); this window sees names, ids and dates, never a secret.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Entry, OwnerAudit } from '../../../../electron/api';
import { call, problemOf, type Problem } from '../../client';
import { Dialog } from '../../components/Dialog';
import { ProblemText } from '../../components/ProblemText';
import { formatDay } from '../../lib/dates';
import { AUDIT_KIND_LABEL, AUDIT_LIST_LABEL, auditors, countsLine, rowNote, sortOwnerRows, STATE_HINT, STATE_LABEL } from '../../lib/owner-audit';
import { useApp } from '../../store';
import './audit.css';

/** More rows than this are a runaway list: the first ones are shown, the CLI's --json has them all. */
const SHOWN = 1000;

export function OwnerAuditDialog({ entry, target, onClose, onEditAddress }: { entry: Entry; target: string; onClose(): void; onEditAddress?: () => void }) {
  const entries = useApp((s) => s.entries);
  const candidates = useMemo(() => auditors(entries, entry.instance), [entries, entry.instance]);
  const preferred = entry.facts?.managedBy && candidates.some((c) => c.id === entry.facts?.managedBy) ? entry.facts.managedBy : (candidates[0]?.id ?? '');
  const [usingId, setUsingId] = useState(preferred);
  const [report, setReport] = useState<OwnerAudit | null>(null);
  const [error, setError] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const load = useCallback(() => {
    if (!usingId) return;
    setBusy(true);
    setError(null);
    call('gitlabAuditOwner', { usingId, target })
      .then(setReport, (e) => { setReport(null); setError(problemOf(e)); })
      .finally(() => setBusy(false));
  }, [usingId, target]);
  useEffect(() => load(), [load]);

  const rows = useMemo(() => (report ? sortOwnerRows(report.rows) : []), [report]);
  const partial = report?.lists.filter((l) => l.message) ?? [];
  const whose = report ? `${report.owner.kind} ${report.owner.target}` : target;
  return (
    <Dialog title={`Every credential of ${whose}`} onClose={onClose} wide>
      {candidates.length ? (
        <div className="inline-form owner-audit-using">
          <label className="field"><span>Ask GitLab with</span>
            <select value={usingId} disabled={busy} onChange={(e) => setUsingId(e.target.value)}>{candidates.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}</select>
          </label>
          <button type="button" disabled={busy} onClick={load}>Check again</button>
        </div>
      ) : (
        <p role="note">No stored token of {entry.instance?.replace(/^https?:\/\//, '')} can ask GitLab: store a personal access token with the read_api scope (a Maintainer’s, or the group’s Owner’s) first.</p>
      )}
      {error ? <ProblemText problem={error} onFix={onEditAddress} /> : null}
      {busy && !report ? <p className="muted">Asking GitLab for every list…</p> : null}
      {report ? (
        <>
          <p role="status" className="owner-audit-counts">{countsLine(report.counts)}.{report.version ? <span className="muted"> GitLab {report.version}.</span> : null}</p>
          {partial.length ? (
            <ul className="audit-lists" aria-label="Lists not read whole">
              {partial.map((l) => <li key={l.kind} className={l.status === 'read' ? 'muted' : undefined}><strong>{AUDIT_LIST_LABEL[l.kind]}:</strong> {l.message}</li>)}
            </ul>
          ) : null}
          {report.counts.only_on_gitlab ? <p className="muted owner-audit-advice">Only on GitLab: nobody stored these here. Store one if someone still has it; revoke it on GitLab if nobody knows what uses it.</p> : null}
          {rows.length > SHOWN ? <p className="muted">Showing the first {SHOWN} of {rows.length} rows; <code>tokenvault gitlab audit {report.owner.target} --json</code> lists them all.</p> : null}
          <div className="audit-scroll">
            <table className="audit owner-audit">
              <thead>
                <tr><th scope="col">Name</th><th scope="col">Kind</th><th scope="col">Expires</th><th scope="col">State</th><th scope="col">Vault entry</th></tr>
              </thead>
              <tbody>
                {rows.slice(0, SHOWN).map((r) => (
                  <tr key={`${r.kind}-${r.gitlabId ?? r.entryId}`} className={r.state === 'in_vault' ? undefined : 'attention'}>
                    <th scope="row">
                      {r.name}
                      {r.detail && r.detail !== r.name ? <small className="scopes muted">{r.detail}</small> : null}
                      {rowNote(r, report) ? <small className="scopes muted">{rowNote(r, report)}</small> : null}
                    </th>
                    <td>{AUDIT_KIND_LABEL[r.kind]}{r.gitlabId !== null ? <small className="scopes muted">id {r.gitlabId}</small> : null}</td>
                    <td className="day">{r.expiresAt ? formatDay(r.expiresAt) : 'Never'}{r.expiringSoon ? <span className="chip chip-expiring">soon</span> : null}</td>
                    <td>{STATE_LABEL[r.state]}{STATE_HINT[r.state] ? <small className="scopes muted">{STATE_HINT[r.state]}</small> : null}</td>
                    <td className="in-vault">{r.entryName ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      <div className="dialog-actions"><button type="button" autoFocus onClick={onClose}>Close</button></div>
    </Dialog>
  );
}
