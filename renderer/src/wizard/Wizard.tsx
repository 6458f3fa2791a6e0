// The create → copy → store wizard. Every step's choices are saved main-side as a draft, and
// a pasted token goes straight to main, so closing the wizard or the window loses nothing;
// only "Store" or "Discard" ends a draft.
import { useEffect, useRef, useState } from 'react';
import type { Draft, DraftFields, Entry } from '../../../electron/api';
import { messageOf } from '../client';
import { Dialog } from '../components/Dialog';
import { useApp } from '../store';
import { CreateStep } from './CreateStep';
import { isCredentialKind } from './credential-kinds';
import { CredentialCreateStep, DetailsStep } from './CredentialSteps';
import { PasteStep } from './PasteStep';
import { PurposeStep, ScopesStep, ExpiryStep } from './ChoiceSteps';
import { WhereStep } from './WhereStep';
import { stepsComplete } from './steps';
import { rememberInstance, startingInstance } from '../lib/last-instance';
import { discardDraft, readDraft, saveDraft } from './draft-calls';

export type Step = NonNullable<DraftFields['step']>;
const TOKEN_STEPS: Array<{ step: Step; label: string }> = [
  { step: 'purpose', label: 'Purpose' },
  { step: 'scopes', label: 'Scopes' },
  { step: 'expiry', label: 'Expiry' },
  { step: 'create', label: 'Create' },
  { step: 'paste', label: 'Paste & verify' },
  { step: 'where', label: 'Where used' },
];
/** The other credentials: GitLab makes them through the API only, so there is no paste. */
const CREDENTIAL_STEPS: Array<{ step: Step; label: string }> = [
  { step: 'purpose', label: 'Kind' },
  { step: 'details', label: 'Details' },
  { step: 'create', label: 'Create & store' },
  { step: 'where', label: 'Where used' },
];

export interface StepProps {
  fields: DraftFields;
  draft: Draft | null;
  update(patch: DraftFields): void;
  go(step: Step): void;
  setDraft(d: Draft): void;
  stored(entry: Entry): void;
  /** An error blamed the GitLab address: back to Purpose, focus on the address field. */
  editAddress(): void;
  /** Set by editAddress, for the Purpose step's address field to take focus. */
  focusAddress: boolean;
  /** A create call is out: the wizard cannot be closed or discarded until it answers. */
  setBusy(busy: boolean): void;
}

export function Wizard({ onClose }: { onClose(): void }) {
  const [draft, setDraft] = useState<Draft | null>(null);
  const [fields, setFields] = useState<DraftFields | null>(null);
  const [storedEntry, setStoredEntry] = useState<Entry | null>(null);
  const [error, setError] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  const entries = useApp((s) => s.entries);

  useEffect(() => {
    readDraft().then(
      (d) => {
        setDraft(d);
        setFields(d?.fields ?? { step: 'purpose', instance: startingInstance(entries), kind: 'personal' });
      },
      (e) => setError(messageOf(e)),
    );
    // Entries only seed the default instance; the draft is read once per opening.
  }, []);

  const step = storedEntry ? 'where' : (fields?.step ?? 'purpose');
  // The token a replacement goes into (startReplacement): named from the first step on.
  const replacing = useApp((s) => (fields?.replaces ? (s.entries.find((e) => e.id === fields.replaces) ?? null) : null));
  const body = useRef<HTMLDivElement>(null);
  // A new step takes focus: its own autofocus field if it has one, else its heading. The first
  // step's heading exists only once the draft has been read (before that nothing is drawn and
  // the focus was left on the page's body, where a keyboard user had to start over).
  const loaded = fields !== null;
  useEffect(() => {
    if (!body.current?.contains(document.activeElement)) heading.current?.focus();
  }, [step, loaded]);

  const persist = (next: DraftFields) => {
    setFields(next);
    saveDraft(next).then(setDraft, (e) => setError(messageOf(e)));
  };
  const update = (patch: DraftFields) => fields && persist({ ...fields, ...patch });
  const [focusAddress, setFocusAddress] = useState(false);
  const [busy, setBusy] = useState(false);
  const go = (s: Step) => {
    setFocusAddress(false);
    if (fields) persist({ ...fields, step: s });
  };
  const editAddress = () => {
    go('purpose');
    setFocusAddress(true);
  };
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  // The wizard leaves at once and the discard lands behind it (draft-calls keeps the order): a
  // user's next click is never undone by a close that arrives late, and nothing here can fail
  // in a way the user could act on in the wizard they just left (a failure is a toast).
  const discardNow = () => {
    setConfirmDiscard(false);
    onClose();
    discardDraft().catch((e) => useApp.getState().toast({ tone: 'error', text: `The draft was not discarded: ${messageOf(e)}` }));
  };
  const discard = () => (draft?.hasSecret ? setConfirmDiscard(true) : discardNow());
  const stored = (entry: Entry) => {
    rememberInstance(entry.instance);
    useApp.getState().upsertEntry(entry);
    setStoredEntry(entry);
  };

  if (!fields) return <section className="page" aria-busy="true">{error ? <p className="field-error" role="alert">{error}</p> : null}</section>;
  const props: StepProps = { fields, draft, update, go, setDraft, stored, editAddress, focusAddress, setBusy };
  const credential = isCredentialKind(fields.kind);
  const STEPS = credential ? CREDENTIAL_STEPS : TOKEN_STEPS;
  const current = STEPS.findIndex((s) => s.step === step);
  const complete = stepsComplete(fields, draft);
  const reachable = (i: number) => STEPS.slice(0, i).every((s) => complete[s.step]);

  return (
    <section className="page wizard" aria-labelledby="wizard-title">
      <div className="page-header">
        <h1 id="wizard-title">{fields.replaces ? `Replacing “${replacing?.name ?? fields.name ?? ''}”` : credential ? 'New GitLab credential' : 'New token'}</h1>
        <div className="header-actions">
          {!storedEntry ? <button type="button" onClick={onClose} disabled={busy} title={busy ? 'Waiting for GitLab’s answer to be stored' : 'Your choices and any pasted token are kept'}>Close (keep draft)</button> : null}
          {!storedEntry ? <button type="button" className="danger subtle" disabled={busy} onClick={discard}>Discard draft</button> : null}
        </div>
      </div>
      {fields.replaces ? (
        <p className="note replacing-note" role="note">The new token goes into <strong>“{replacing?.name ?? fields.name}”</strong>: its history, where it is used and its reminders stay; the old secret is kept among its earlier tokens.</p>
      ) : null}
      <ol className="steps" aria-label="Steps">
        {STEPS.map((s, i) => (
          <li key={s.step} aria-current={s.step === step ? 'step' : undefined} className={i < current || (i > current && reachable(i)) ? 'done' : undefined}>
            {/* Any step whose earlier steps are complete can be visited, back or forth (not after storing: the draft is gone then). */}
            {i !== current && reachable(i) && !storedEntry ? <button type="button" className="step-link" onClick={() => go(s.step)}>{s.label}</button> : s.label}
          </li>
        ))}
      </ol>
      {draft?.hasSecret && step !== 'paste' && !storedEntry ? (
        <p className="note" role="note">A pasted token ({draft.secretPrefix ?? 'unknown kind'}…) is waiting to be stored. <button type="button" className="link" onClick={() => go('paste')}>Go to it</button></p>
      ) : null}
      {error ? <p className="field-error" role="alert">{error}</p> : null}
      <div className="step-body" ref={body}>
        <h2 ref={heading} tabIndex={-1} className="step-title">{STEPS[current]?.label}</h2>
        {step === 'purpose' && <PurposeStep {...props} />}
        {step === 'scopes' && <ScopesStep {...props} />}
        {step === 'expiry' && <ExpiryStep {...props} />}
        {step === 'details' && <DetailsStep {...props} />}
        {step === 'create' && (credential ? <CredentialCreateStep {...props} /> : <CreateStep {...props} />)}
        {(step === 'paste' || step === 'store') && <PasteStep {...props} />}
        {confirmDiscard ? (
          <Dialog title="Discard the pasted token?" onClose={() => setConfirmDiscard(false)} description="It has not been stored. GitLab shows a token only once: if you have not saved it anywhere else, it is gone for good and you will need to make a new one.">
            <div className="dialog-actions">
              <button type="button" autoFocus onClick={() => setConfirmDiscard(false)}>Keep it</button>
              <button type="button" className="danger" onClick={discardNow}>Discard token</button>
            </div>
          </Dialog>
        ) : null}
        {step === 'where' && storedEntry && <WhereStep entry={storedEntry} onDone={() => { useApp.getState().select(storedEntry.id); onClose(); }} />}
      </div>
    </section>
  );
}
