// Paste → verify → store. The pasted text goes to main at once (trimmed, checked, kind
// detected) and the field is emptied: from then on the token lives in the draft, main-side.
// GitLab is asked straight away; if it cannot answer, the token can still be stored.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { call, problemOf, type Problem } from '../client';
import { ProblemText } from '../components/ProblemText';
import { StoredAs } from '../components/StoredAs';
import { formatDay } from '../lib/dates';
import { DifferenceChoices } from './DifferenceChoices';
import type { StepProps } from './Wizard';

export function PasteStep({ fields, draft, setDraft, stored, go, update, editAddress }: StepProps) {
  const [text, setText] = useState('');
  const [error, setError] = useState<Problem | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [storing, setStoring] = useState(false);
  const storingRef = useRef(false);
  const storeButton = useRef<HTMLButtonElement>(null);

  const take = async (raw: string) => {
    setError(null);
    try {
      setDraft(await call('draftPaste', { secret: raw }));
      setText('');
      setVerifying(true);
      setDraft(await call('draftVerify', {}));
    } catch (e) {
      setError(problemOf(e));
    } finally {
      setVerifying(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void take(text);
  };
  const reverify = async () => {
    setVerifying(true);
    setError(null);
    try {
      setDraft(await call('draftVerify', {}));
    } catch (e) {
      setError(problemOf(e));
    } finally {
      setVerifying(false);
    }
  };
  const store = async () => {
    if (storingRef.current) return;
    storingRef.current = true;
    setStoring(true);
    setError(null);
    try {
      stored(await call('draftStore', {}));
    } catch (e) {
      setError(problemOf(e));
    } finally {
      storingRef.current = false;
      setStoring(false);
    }
  };

  const f = draft?.finding ?? null;
  const hasSecret = draft?.hasSecret === true;
  // A token waiting without GitLab's answer (the address was changed since): ask again on arrival.
  const unanswered = hasSecret && f === null;
  useEffect(() => {
    if (unanswered) void reverify();
    // Once per arrival at this step; reverify itself sets the answer.
  }, []);
  // A paste that does not look like this kind of token (no GitLab prefix, another kind's) and
  // that GitLab does not know either was most likely the wrong thing copied: the field to paste
  // again is open and focused, rather than "Store unverified" waiting for Enter.
  const looksWrong = hasSecret && !verifying && f !== null && !f.ok && (draft?.mismatches.length ?? 0) > 0;
  const againField = useRef<HTMLInputElement>(null);
  // Once GitLab has answered, the next thing to do is store: focus goes there.
  useEffect(() => {
    if (!hasSecret || verifying) return;
    if (looksWrong) againField.current?.focus();
    else storeButton.current?.focus();
  }, [hasSecret, verifying, looksWrong]);

  const pasteForm = (
    <form onSubmit={submit} className="paste-form">
      <label className="field">
        <span>{hasSecret ? 'Paste a different token' : 'Paste the token GitLab showed you'}</span>
        <input
          ref={againField}
          type="password"
          autoFocus={!hasSecret}
          autoComplete="off"
          spellCheck={false}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onPaste={(e) => {
            e.preventDefault();
            void take(e.clipboardData.getData('text'));
          }}
          aria-describedby="paste-hint"
        />
      </label>
      <small id="paste-hint" className="muted">Pasting checks it with GitLab at once. Spaces and line breaks around it are removed.</small>
      <button type="submit" disabled={!text}>Use this token</button>
    </form>
  );

  return (
    <div className="form-grid">
      {!hasSecret && draft?.notice ? <p className="warning" role="alert">{draft.notice}</p> : null}
      {hasSecret && draft ? (
        <div className="verify-result" aria-live="polite">
          <p className="success"><strong>Token received</strong> ({draft.detectedKind ?? 'unknown kind'}{draft.secretPrefix ? `, starts with ${draft.secretPrefix}` : ''}). It is kept safe until you store or discard it, encrypted while the vault is locked.</p>
          {verifying ? <p>Asking GitLab about it…</p> : f ? (
            f.ok ? (
              <dl className="facts">
                <dt>GitLab says</dt><dd>{f.message}</dd>
                <dt>Scopes</dt><dd>{f.scopes?.join(', ')}</dd>
                <dt>Expires</dt><dd>{f.expiresAt ? formatDay(f.expiresAt) : 'Never'}</dd>
              </dl>
            ) : (
              <ProblemText className="warning" problem={{ text: `GitLab could not confirm it: ${f.message} You can still store it, marked unverified, and verify it later.`, fix: f.fix ?? null }} onFix={editAddress} />
            )
          ) : null}
          {draft.mismatches.length ? <ul className="warning" aria-label="About the paste">{draft.mismatches.map((m) => <li key={m}>{m}</li>)}</ul> : null}
          {!verifying ? <DifferenceChoices differences={draft.differences} choices={fields.choices} choose={(field, use) => update({ choices: { ...fields.choices, [field]: use } })} /> : null}
          {draft.storedAs ? <StoredAs holder={draft.storedAs} /> : null}
          {/* Storing's answer belongs beside the Store button, not under "Pasted the wrong thing?". */}
          {error ? <ProblemText problem={error} onFix={editAddress} /> : null}
          <div className="form-actions">
            <button type="button" onClick={() => go('create')}>Back</button>
            {f && !f.ok ? <button type="button" onClick={reverify} disabled={verifying}>Try GitLab again</button> : null}
            <button ref={storeButton} type="button" className="primary" onClick={store} disabled={storing || verifying || !!draft.storedAs}>{storing ? 'Storing…' : fields.replaces ? (f?.ok ? 'Store as replacement' : 'Store as replacement, unverified') : f?.ok ? 'Store token' : 'Store unverified'}</button>
          </div>
        </div>
      ) : null}
      {hasSecret ? (
        <details className="paste-again" open={text.length > 0 || error !== null || looksWrong}>
          <summary>Pasted the wrong thing?</summary>
          {pasteForm}
        </details>
      ) : pasteForm}
      {!hasSecret ? <div className="form-actions start"><button type="button" onClick={() => go('create')}>Back</button></div> : null}
      {error && !hasSecret ? <ProblemText problem={error} onFix={editAddress} /> : null}
    </div>
  );
}
