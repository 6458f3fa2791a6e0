// Verify all: every never-confirmed token of one GitLab instance, checked with gitlabVerify
// (the same call as "Verify now"), two at a time with a pause, progress as it goes and a
// summary at the end. Cancel (or closing) starts no further check; running ones finish. A
// failure of the address itself (unknown host, refused, TLS…) stops the run, is said once, and
// offers to change the address of every token on it (MoveAddress).
import { useEffect, useRef, useState } from 'react';
import type { Entry, GitLabFinding } from '../../../../electron/api';
import { call, problemOf } from '../../client';
import { Dialog } from '../../components/Dialog';
import { MoveAddress } from '../../components/MoveAddress';
import { ProblemText } from '../../components/ProblemText';
import { runPaced, type Outcome } from '../../lib/paced';
import { count } from '../../lib/plural';
import { hostWideFailure, stopsTheRun, summarize, summaryLines, VERIFY_ALL_PACE } from '../../lib/verify-all';
import { useApp } from '../../store';

type Checked = { finding: GitLabFinding };

export const hostOf = (instance: string) => instance.replace(/^https?:\/\//, '');

/** `onEditAddress`: when checks blame the GitLab address, a button leads to the Edit dialog. */
export function VerifyAllDialog({ instance: asked, tokens, onClose, onEditAddress }: { instance: string; tokens: Entry[]; onClose(): void; onEditAddress?: () => void }) {
  // The list is fixed when the dialog opens: tokens verified during the run leave the store's unverified set.
  const [targets] = useState(tokens);
  // So is the address: moving its tokens (MoveAddress) changes the opener's, not this run's.
  const [instance] = useState(asked);
  const [checked, setChecked] = useState(0);
  const [outcomes, setOutcomes] = useState<Outcome<Checked>[] | null>(null);
  const [cancelled, setCancelled] = useState(false);
  const abort = useRef<AbortController | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    abort.current = controller;
    // Only the current run speaks (React's development mode runs this effect twice).
    const current = () => abort.current === controller;
    void runPaced(targets, async (e) => {
      const r = await call('gitlabVerify', { id: e.id });
      useApp.getState().upsertEntry(r.entry);
      return { finding: r.finding };
    }, {
      ...VERIFY_ALL_PACE,
      signal: controller.signal,
      stopAfter: stopsTheRun,
      onProgress: (n) => { if (current()) setChecked(n); },
    }).then((o) => { if (current()) setOutcomes(o); });
    // Closing (or unmounting) is a cancel: nothing more is asked of GitLab.
    return () => controller.abort();
  }, [targets]);

  const cancel = () => {
    setCancelled(true);
    abort.current?.abort();
  };
  const running = outcomes === null;
  // Said once, not once per token: every check of this address would say the same.
  const hostFailure = outcomes?.map(hostWideFailure).find((f) => f !== null) ?? null;
  const problems = outcomes ? targets.flatMap((e, i) => {
    const o = outcomes[i];
    if (!o || o.status === 'skipped' || hostWideFailure(o)) return [];
    if (o.status === 'failed') return [{ name: e.name, ...problemOf(o.error) }];
    return o.value.finding.ok ? [] : [{ name: e.name, text: o.value.finding.message, fix: o.value.finding.fix ?? null }];
  }) : [];
  const blamingAddress = problems.filter((p) => p.fix === 'instance-address').length;

  return (
    <Dialog title={`Verify ${count(targets.length, 'unverified token')} on ${hostOf(instance)}`} onClose={onClose}>
      <p className="muted">Each token is checked with GitLab, two at a time with a short pause, so GitLab's rate limits are respected.</p>
      <div aria-live="polite" data-testid="verify-all-status">
        {running ? (
          <>
            <p>{cancelled ? `Cancelling… checked ${checked} of ${targets.length}.` : `Checked ${checked} of ${targets.length}…`}</p>
            <progress max={targets.length} value={checked} aria-label="Tokens checked" />
          </>
        ) : (
          <div className="verify-all-summary" role="status">
            <p><strong>Checked {checked} of {targets.length}.</strong></p>
            {summaryLines(summarize(outcomes), cancelled).map((line) => <p key={line}>{line}</p>)}
          </div>
        )}
      </div>
      {problems.length > 0 ? (
        <ul className="verify-all-problems" aria-label="Tokens GitLab did not confirm">
          {problems.map((p) => <li key={p.name}><strong>{p.name}</strong>: {p.text}</li>)}
        </ul>
      ) : null}
      {hostFailure ? (
        <div className="host-failure">
          <ProblemText className="warning" role="status" problem={{ text: hostFailure.message, fix: null }} />
          <MoveAddress instance={instance} />
        </div>
      ) : null}
      {blamingAddress > 0 ? (
        <ProblemText
          className="note"
          role="status"
          problem={{ text: `${blamingAddress === problems.length ? (problems.length === 1 ? 'The check blames' : `All ${problems.length} checks blame`) : `${blamingAddress} of ${targets.length} checks blame`} the GitLab address ${hostOf(instance)}.`, fix: 'instance-address' }}
          onFix={onEditAddress}
        />
      ) : null}
      <div className="dialog-actions">
        {running ? <button type="button" autoFocus onClick={cancel} disabled={cancelled}>Cancel</button> : <button type="button" autoFocus onClick={onClose}>Close</button>}
      </div>
    </Dialog>
  );
}
