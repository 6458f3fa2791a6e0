// "Add an existing token" — one made earlier on GitLab's site, not through the wizard: paste it
// (with its GitLab address), GitLab is asked at once when there is an address, then name it
// and store. The pasted text goes to main and the field empties: the page never keeps it.
import { useMemo, useRef, useState, type FormEvent } from 'react';
import type { Draft, Entry } from '../../../../electron/api';
import { call, problemOf, type Problem } from '../../client';
import { Dialog } from '../../components/Dialog';
import { ProblemText } from '../../components/ProblemText';
import { StoredAs } from '../../components/StoredAs';
import { rememberInstance, startingInstance } from '../../lib/last-instance';
import { formatDay } from '../../lib/dates';
import { useApp } from '../../store';

const KINDS: Array<{ kind: Entry['kind']; label: string }> = [
  { kind: 'personal', label: 'Personal access token' },
  { kind: 'project', label: 'Project access token' },
  { kind: 'group', label: 'Group access token' },
  { kind: 'deploy', label: 'Deploy token' },
  { kind: 'other', label: 'Other' },
];

const kindFromPrefix = (prefix: string | null): Entry['kind'] => (prefix === 'gldt-' ? 'deploy' : prefix === 'glpat-' ? 'personal' : 'other');

export function AddExistingDialog({ onClose }: { onClose(): void }) {
  const entries = useApp((s) => s.entries);
  const [instance, setInstance] = useState(() => startingInstance(entries));
  const [pasted, setPasted] = useState('');
  const [draft, setDraft] = useState<Draft | null>(null);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<Entry['kind']>('personal');
  /** Asked only when GitLab could not say: without it the token is "Expiry unknown" and no reminder fires. */
  const [expiresAt, setExpiresAt] = useState('');
  const [busy, setBusy] = useState<'' | 'checking' | 'storing'>('');
  const [error, setError] = useState<Problem | null>(null);
  const [focusAddress, setFocusAddress] = useState(false);
  const addressField = useRef<HTMLInputElement>(null);
  const taken = useMemo(() => new Set(entries.map((e) => e.name.toLowerCase())), [entries]);

  const close = () => {
    void call('existingDiscard', {}).catch(() => undefined);
    onClose();
  };
  const take = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      let next = await call('existingPaste', { secret: pasted, instance });
      setPasted('');
      rememberInstance(next.fields.instance);
      setKind(kindFromPrefix(next.secretPrefix));
      setDraft(next);
      if (next.fields.instance) {
        setBusy('checking');
        next = await call('existingVerify', {});
        setDraft(next);
      }
      if (next.finding?.ok && next.finding.name) setName(next.finding.name);
    } catch (err) {
      setError(problemOf(err));
    } finally {
      setBusy('');
    }
  };
  const store = async (e: FormEvent) => {
    e.preventDefault();
    setBusy('storing');
    setError(null);
    try {
      const entry = await call('existingStore', { name, kind, ...(gitlabSaid ? {} : { expiresAt: expiresAt || null }) });
      const { upsertEntry, select, setView, toast } = useApp.getState();
      upsertEntry(entry);
      select(entry.id);
      setView('list');
      toast({ tone: 'success', text: `Stored “${entry.name}”.` });
      onClose();
    } catch (err) {
      setError(problemOf(err));
      setBusy('');
    }
  };

  // An error that blames the address leads to its field; after a paste that means the first
  // form again (the token is pasted anew there: the address is taken with it).
  const editAddress = () => {
    if (draft) {
      void call('existingDiscard', {}).catch(() => undefined);
      setDraft(null);
      setError(null);
      setFocusAddress(true);
    } else addressField.current?.focus();
  };

  const f = draft?.finding ?? null;
  const gitlabSaid = f?.ok === true;
  const nameTaken = taken.has(name.trim().toLowerCase());
  return (
    <Dialog title="Add an existing token" onClose={close} description="For a token you made earlier on GitLab’s site. Paste it; Token Vault asks GitLab what it is, then you name it.">
      {!draft ? (
        <form onSubmit={take}>
          <label className="field">
            <span>GitLab address</span>
            <input ref={addressField} autoFocus={focusAddress} value={instance} onChange={(e) => setInstance(e.target.value)} placeholder="https://gitlab.com" spellCheck={false} />
          </label>
          <label className="field">
            <span>The token</span>
            <input type="password" autoFocus={!focusAddress} autoComplete="off" value={pasted} onChange={(e) => setPasted(e.target.value)} placeholder="glpat-…" spellCheck={false} />
          </label>
          {error ? <ProblemText problem={error} onFix={editAddress} /> : null}
          <div className="dialog-actions">
            <button type="button" onClick={close}>Cancel</button>
            <button type="submit" className="primary" disabled={!pasted.trim()}>Next</button>
          </div>
        </form>
      ) : (
        <form onSubmit={store}>
          <p className="muted">Token received{draft.detectedKind ? ` (${draft.detectedKind})` : ''}. It is kept by Token Vault itself; this window never holds it.</p>
          {busy === 'checking' ? <p className="muted" role="status">Asking GitLab…</p> : null}
          {f ? (
            <ProblemText
              className={f.ok ? 'finding' : 'warning'}
              role="status"
              problem={{
                text: f.ok
                  ? `GitLab knows this token${f.name ? ` as “${f.name}”` : ''}: ${f.scopes?.join(', ') || 'no scopes'}, ${f.expiresAt ? `expires ${formatDay(f.expiresAt)}` : 'never expires (a risk: GitLab no longer makes such tokens)'}${f.username ? `, user ${f.username}` : ''}.`
                  : `${f.message} You can still store it; it will be marked unverified.`,
                fix: f.fix ?? null,
              }}
              onFix={editAddress}
            />
          ) : null}
          {draft.mismatches.map((m) => <p key={m} className="warning">{m}</p>)}
          {draft.storedAs ? <StoredAs holder={draft.storedAs} onOpen={close} /> : null}
          <label className="field">
            <span>Name</span>
            <input autoFocus required value={name} onChange={(e) => setName(e.target.value)} aria-invalid={nameTaken} aria-describedby="existing-name-hint" />
          </label>
          <p id="existing-name-hint" className={nameTaken ? 'field-error' : 'sr-only'}>{nameTaken ? 'The vault already has a token by that name.' : ''}</p>
          <label className="field">
            <span>Kind</span>
            <select value={kind} onChange={(e) => setKind(e.target.value as Entry['kind'])}>
              {KINDS.map((k) => <option key={k.kind} value={k.kind}>{k.label}</option>)}
            </select>
          </label>
          {!gitlabSaid && busy !== 'checking' ? (
            <>
              <label className="field">
                <span>Expires on</span>
                <input type="date" value={expiresAt} onChange={(e) => setExpiresAt(e.target.value)} aria-describedby="existing-expiry-hint" />
              </label>
              <p id="existing-expiry-hint" className="muted">GitLab could not tell when it expires. Copy the date from GitLab’s Access tokens page, so you are reminded in time; left empty, it shows as “Expiry unknown”.</p>
            </>
          ) : null}
          {error ? <ProblemText problem={error} onFix={editAddress} /> : null}
          <div className="dialog-actions">
            <button type="button" onClick={close}>Cancel</button>
            <button type="submit" className="primary" disabled={busy !== '' || !name.trim() || nameTaken || !!draft.storedAs}>{busy === 'storing' ? 'Storing…' : 'Store token'}</button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
