// One token: what it is, what it may do (in plain words), where it is used, its history, and
// what can be done with it. The secret shows only on Reveal, for ten seconds.
import { Fragment, useEffect, useRef, useState } from 'react';
import type { Entry } from '../../../electron/api';
import { copyEntry, startReplacement } from '../actions';
import { call, messageOf, problemOf, type Problem } from '../client';
import { EarlierTokens } from '../components/EarlierTokens';
import { FollowUpChecklist } from '../components/FollowUpChecklist';
import { LostRotation } from '../components/LostRotation';
import { ProblemText } from '../components/ProblemText';
import { StatusChip, UnverifiedChip } from '../components/StatusChip';
import { describeExpiry, formatDay, formatInstant } from '../lib/dates';
import { useMinute } from '../lib/useMinute';
import { isDead, isGitLabManaged, showUnverified } from '../lib/entry';
import { ageOf, halfWaySwapOld, KIND_LABELS, KIND_NOTES, kindFacts } from '../lib/kinds';
import { HalfWaySwap } from '../components/HalfWaySwap';
import { scopeInfo } from '../lib/scopes';
import { actionWords, noteWords } from '../lib/history';
import { pendingPlaces, pendingWords } from '../lib/follow-up';
import { useApp } from '../store';
import { AuditDialog } from './dialogs/AuditDialog';
import { useOpenVaultIsPersonal } from '../components/VaultSwitcher';
import { useTeamMove } from '../team/MoveToTeam';
import { OwnerAuditDialog } from './dialogs/OwnerAuditDialog';
import { auditTarget } from '../lib/owner-audit';
import { DeleteDialog } from './dialogs/DeleteDialog';
import { EditDialog } from './dialogs/EditDialog';
import { RevokeDialog } from './dialogs/RevokeDialog';
import { RotateDialog } from './dialogs/RotateDialog';
import { ReplaceSecretDialog } from './dialogs/ReplaceSecretDialog';
import { hostOf, VerifyAllDialog } from './dialogs/VerifyAllDialog';
import { unverifiedOn } from '../lib/verify-all';
import { ReleaseLog } from './ReleaseLog';
import { TeamActivity } from '../team/TeamActivity';

/** 'edit-address': the Edit dialog opened on the GitLab address, from an error that blames it. */
type Open = 'edit' | 'edit-address' | 'edit-expiry' | 'replace' | 'rotate' | 'revoke' | 'delete' | 'audit' | 'audit-owner' | 'verify-all' | null;

/** The secret, asked for explicitly and forgotten after the time main allows. */
function useReveal(entry: Entry) {
  const [secret, setSecret] = useState<string | null>(null);
  const [left, setLeft] = useState(0);
  useEffect(() => {
    if (secret === null) return;
    if (left <= 0) {
      setSecret(null);
      return;
    }
    const timer = setTimeout(() => setLeft((n) => n - 1), 1000);
    return () => clearTimeout(timer);
  }, [secret, left]);
  const reveal = async () => {
    try {
      const r = await call('tokensReveal', { id: entry.id });
      setSecret(r.secret);
      setLeft(r.hideAfterSeconds);
    } catch (e) {
      useApp.getState().toast({ tone: 'error', text: messageOf(e) });
    }
  };
  return { secret, left, reveal, hide: () => setSecret(null) };
}

const SCOPELESS = new Set<Entry['kind']>(['trigger', 'runner', 'agent', 'webhook', 'feed', 'incoming-email']);

export function TokenDetail({ entry }: { entry: Entry }) {
  const [open, setOpen] = useState<Open>(null);
  // A team copy's tokens are the team's already: only a personal vault's move to one.
  const personalVault = useOpenVaultIsPersonal();
  const editButton = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef<Open>(null);
  // Edit opened from another dialog's error (Rotate, Revoke, Audit, Verify all) has no opener
  // left to give focus back to when it closes: the Edit… button takes it, not the page body.
  useEffect(() => {
    if (open === null && wasOpen.current === 'edit-address' && (document.activeElement === document.body || document.activeElement === null)) editButton.current?.focus();
    wasOpen.current = open;
  }, [open]);
  // The Edit that was open when the vault locked, with its unsaved fields (Workspace found it).
  const reopen = useApp((s) => (s.reopenEdit?.id === entry.id ? s.reopenEdit : null));
  useEffect(() => {
    if (reopen) setOpen('edit');
  }, [reopen]);
  const [verifying, setVerifying] = useState(false);
  const [finding, setFinding] = useState<Problem | null>(null);
  const upsert = useApp((s) => s.upsertEntry);
  const isGitLab = isGitLabManaged(entry);
  const revealed = useReveal(entry);
  const now = useMinute();
  const dead = isDead(entry);
  const age = ageOf(entry, now);
  const ownFacts = kindFacts(entry);
  const entries = useApp((s) => s.entries);
  // Offered on an unverified token when others of its instance are unverified too.
  const unverifiedHere = entry.instance && showUnverified(entry) ? unverifiedOn(entries, entry.instance) : [];

  // Every error that blames the GitLab address (verify, rotate, revoke, audit, verify all) leads here.
  const editAddress = () => setOpen('edit-address');

  const verify = async () => {
    setVerifying(true);
    setFinding(null);
    try {
      const r = await call('gitlabVerify', { id: entry.id });
      upsert(r.entry);
      setFinding({ text: r.finding.message, fix: r.finding.fix ?? null });
    } catch (e) {
      setFinding(problemOf(e));
    } finally {
      setVerifying(false);
    }
  };

  return (
    <article className="detail" aria-labelledby="detail-title">
      <header className="detail-header">
        <div>
          <h1 id="detail-title">{entry.name}</h1>
          <p className="muted">{entry.instance ?? 'No GitLab instance'} · {KIND_LABELS[entry.kind]}</p>
        </div>
        <div className="chips">
          <StatusChip entry={entry} now={now} />
          {showUnverified(entry) ? <UnverifiedChip /> : null}
        </div>
      </header>

      {dead ? (
        <p className="dead-banner" role="note" data-testid="dead-banner">
          <strong>This token no longer works</strong>: {entry.status === 'revoked' ? 'it was revoked' : describeExpiry(entry.expiresAt, now).replace(/^Expired/, 'it expired')}. Create a replacement with the same name, scopes and places of use.
        </p>
      ) : null}
      {entry.status === 'unknown' || entry.status === 'never' ? (
        <p className="warning expiry-note" role="note" data-testid="expiry-note">
          {entry.status === 'unknown'
            ? <><strong>Expiry unknown</strong> — no reminder can warn you before it stops working. </>
            : <><strong>Never expires</strong> — a risk: a leaked copy works for ever, and GitLab no longer issues tokens like this. Replace it with one that expires. </>}
          <button type="button" className="link" onClick={() => setOpen('edit-expiry')}>{entry.status === 'unknown' ? 'Set the date…' : 'Set a date…'}</button>
        </p>
      ) : null}
      <div className="actions" role="toolbar" aria-label="Token actions">
        {dead ? <button type="button" className="primary" onClick={() => void startReplacement(entry)}>Create replacement</button> : null}
        <button type="button" className={dead ? '' : 'primary'} onClick={() => void copyEntry(entry)}>Copy</button>
        {revealed.secret === null ? <button type="button" onClick={revealed.reveal}>Reveal</button> : <button type="button" onClick={revealed.hide}>Hide</button>}
        {isGitLab ? <button type="button" onClick={verify} disabled={verifying}>{verifying ? 'Asking GitLab…' : 'Verify now'}</button> : null}
        {isGitLab && !dead ? <button type="button" onClick={() => setOpen('rotate')}>Rotate…</button> : null}
        <button type="button" ref={editButton} onClick={() => setOpen('edit')}>Edit…</button>
        <button type="button" onClick={() => setOpen('replace')}>Replace token…</button>
      </div>
      {unverifiedHere.length > 1 && entry.instance ? (
        <p className="note verify-all-offer">
          This token and {unverifiedHere.length - 1} more on {hostOf(entry.instance)} were never confirmed by GitLab.{' '}
          <button type="button" onClick={() => setOpen('verify-all')}>Verify all {unverifiedHere.length} unverified tokens on {hostOf(entry.instance)}</button>
        </p>
      ) : null}
      {revealed.secret !== null ? (
        <div className="revealed" role="group" aria-label="Revealed token">
          <code className="secret">{revealed.secret}</code>
          <span className="muted">hides in {revealed.left} s</span>
        </div>
      ) : null}
      {finding ? <ProblemText problem={finding} className="finding" role="status" onFix={editAddress} /> : null}
      {halfWaySwapOld(entry) === null ? <LostRotation entry={entry} onFinding={setFinding} /> : <HalfWaySwap entry={entry} onFinding={setFinding} />}

      {entry.followUp ? (
        <section className="follow-up" aria-labelledby="follow-up-title" data-testid="follow-up">
          <h2 id="follow-up-title">{pendingWords(pendingPlaces(entry).length)}</h2>
          <p className="muted">Since the new token arrived ({formatInstant(entry.followUp.rotatedAt)}), these places still hold the old one. Tick each off once it has the new token.</p>
          <FollowUpChecklist entry={entry} places={entry.followUp.places.map((p) => p.place)} />
        </section>
      ) : null}

      <dl className="facts">
        <dt>Expiry</dt>
        <dd>{entry.status === 'revoked' ? `Revoked: no longer works${entry.expiresAt ? ` (it would have expired ${formatDay(entry.expiresAt)})` : ''}` : entry.expiresAt ? describeExpiry(entry.expiresAt, now) : entry.status === 'never' ? 'Never expires' : 'Unknown'}</dd>
        <dt>Last checked with GitLab</dt>
        <dd>{entry.lastVerifiedAt ? formatInstant(entry.lastVerifiedAt) : 'Never'}</dd>
        {age ? (<><dt>Age</dt><dd data-testid="age">{age.words}</dd></>) : null}
        {age ? (<><dt>Rotation reminder</dt><dd>{age.rotateBy ? `Every ${entry.facts?.rotateEveryDays} days: ${age.overdue ? 'due now' : 'next'} by ${formatDay(age.rotateBy)}` : 'None set (Edit… to set one)'}</dd></>) : null}
        {ownFacts.length === 0 && entry.gitlab.username ? (<><dt>Belongs to</dt><dd>{entry.gitlab.username}{entry.gitlab.target ? ` · ${entry.gitlab.target}` : ''}</dd></>) : null}
        {ownFacts.map(([label, value]) => (<Fragment key={label}><dt>{label}</dt><dd>{value}</dd></Fragment>))}
        {entry.description ? (<><dt>Description</dt><dd>{entry.description}</dd></>) : null}
      </dl>
      {KIND_NOTES[entry.kind] ? <p className="muted kind-note" data-testid="kind-note">{KIND_NOTES[entry.kind]}</p> : null}

      <h2>What it may do</h2>
      {entry.scopes.length === 0 ? <p className="muted">{SCOPELESS.has(entry.kind) ? 'This kind has no scopes: it may do what its kind does, where it belongs.' : 'No scopes recorded.'}</p> : (
        <ul className="scopes">
          {entry.scopes.map((s) => {
            const info = scopeInfo(s);
            return <li key={s} className={`scope scope-${info.risk}`}><code>{s}</code> <span>{info.plain}</span></li>;
          })}
        </ul>
      )}

      <h2>Where it is used</h2>
      {entry.usedIn.length === 0 ? <p className="muted">Nothing noted. Add the CI variables, scripts or machines that use it (Edit), so rotating it later misses none.</p> : (
        <ul className="used-in">{entry.usedIn.map((u) => <li key={u}>{u}</li>)}</ul>
      )}

      <h2>Given to programs</h2>
      <ReleaseLog key={entry.id} entryId={entry.id} pageSize={5} empty="Not handed to git or another program yet." />

      <TeamActivity key={`activity-${entry.id}-${entry.updatedAt}`} entryId={entry.id} pageSize={5} />

      <h2>History</h2>
      <ol className="history">
        {[...entry.history].reverse().map((h, i) => (
          <li key={`${h.at}-${i}`}><time dateTime={h.at}>{formatInstant(h.at)}</time> <span>{actionWords(h.action)}</span>{h.note ? <span className="muted"> — {noteWords(h.note)}</span> : null}</li>
        ))}
      </ol>
      <EarlierTokens entry={entry} />

      <footer className="detail-footer" role="toolbar" aria-label="More actions">
        {isGitLab && entry.kind === 'personal' && !entry.revoked ? <button type="button" onClick={() => setOpen('audit')}>Audit account…</button> : null}
        {personalVault ? <button type="button" onClick={() => useTeamMove.setState({ entry: { id: entry.id, name: entry.name } })}>Move to team vault…</button> : null}
        {isGitLab && auditTarget(entry) ? <button type="button" onClick={() => setOpen('audit-owner')}>Audit {auditTarget(entry)}…</button> : null}
        <span className="actions-end">
          {isGitLab && !entry.revoked ? <button type="button" className="danger" onClick={() => setOpen('revoke')}>Revoke…</button> : null}
          <button type="button" className="danger" onClick={() => setOpen('delete')}>Delete…</button>
        </span>
      </footer>

      {open === 'edit' && <EditDialog entry={entry} draft={reopen?.fields} onClose={() => { useApp.setState({ reopenEdit: null }); setOpen(null); }} />}
      {open === 'edit-address' && <EditDialog entry={entry} focus="instance" onClose={() => setOpen(null)} />}
      {open === 'edit-expiry' && <EditDialog entry={entry} focus="expiry" onClose={() => setOpen(null)} />}
      {open === 'replace' && <ReplaceSecretDialog entry={entry} onClose={() => setOpen(null)} />}
      {open === 'rotate' && <RotateDialog entry={entry} onClose={() => setOpen(null)} onEditAddress={editAddress} />}
      {open === 'revoke' && <RevokeDialog entry={entry} onClose={() => setOpen(null)} onEditAddress={editAddress} />}
      {open === 'delete' && <DeleteDialog entry={entry} onClose={() => setOpen(null)} />}
      {open === 'audit' && <AuditDialog entry={entry} onClose={() => setOpen(null)} onEditAddress={editAddress} />}
      {open === 'audit-owner' && auditTarget(entry) && <OwnerAuditDialog entry={entry} target={auditTarget(entry)!} onClose={() => setOpen(null)} onEditAddress={editAddress} />}
      {open === 'verify-all' && entry.instance && <VerifyAllDialog instance={entry.instance} tokens={unverifiedOn(entries, entry.instance)} onClose={() => setOpen(null)} onEditAddress={editAddress} />}
    </article>
  );
}
