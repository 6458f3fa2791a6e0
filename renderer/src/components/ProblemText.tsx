// An error (or a failed check) as its one sentence, followed by the button that leads to where
// it can be fixed. Main decides which fix applies (ApiCallError.fix, GitLabFinding.fix); no
// screen reads the sentence to guess it.
import type { ErrorFix } from '../../../electron/api';
import type { Problem } from '../client';

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
  return (
    <p className={`problem ${className}`} role={role}>
      {problem.text}
      {fix ? <button type="button" className="fix-action" onClick={() => onFix?.(fix)}>{FIX_LABELS[fix]}</button> : null}
    </p>
  );
}
