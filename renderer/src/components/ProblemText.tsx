// An error (or a failed check) as its one sentence, followed by the button that leads to where
// it can be fixed. Main decides which fix applies (ApiCallError.fix, GitLabFinding.fix); no
// screen reads the sentence to guess it.
import type { ErrorFix } from '../../../electron/api';
import type { Problem } from '../client';
import { useApp } from '../store';

const FIX_LABELS: Record<ErrorFix, string> = {
  'instance-address': 'Edit GitLab address',
};

export function ProblemText({ problem, onFix, className = 'field-error', role = 'alert' }: {
  problem: Problem;
  /** Leads to the fix; without it (nowhere to go from here) only the sentence shows. */
  onFix?: ((fix: ErrorFix) => void) | undefined;
  className?: string;
  role?: 'alert' | 'status';
}) {
  const fix = problem.fix && onFix ? problem.fix : null;
  // A secret already stored: main names the token holding it; a live one can be opened from here.
  const holder = useApp((s) => (problem.entryId ? (s.entries.find((e) => e.id === problem.entryId) ?? null) : null));
  const open = () => {
    if (!holder) return;
    useApp.getState().select(holder.id);
    useApp.getState().setView('list');
  };
  return (
    <p className={`problem ${className}`} role={role}>
      {problem.text}
      {fix ? <button type="button" className="fix-action" onClick={() => onFix?.(fix)}>{FIX_LABELS[fix]}</button> : null}
      {holder ? <button type="button" className="fix-action" onClick={open}>Open “{holder.name}”</button> : null}
    </p>
  );
}
