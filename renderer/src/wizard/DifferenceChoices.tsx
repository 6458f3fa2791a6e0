// Where GitLab's answer about the pasted token differs from what was entered in the wizard:
// one radio pair per field, "Use GitLab's" / "Keep mine", and the choice decides what is
// stored. The defaults (main-side, draft-differences.ts) are GitLab's expiry and scopes, the
// user's name; the hint under each says what the choice changes.
import { useId } from 'react';
import type { DifferenceChoice, DraftDifference, DraftFields } from '../../../electron/api';
import { formatDay } from '../lib/dates';

const LABELS: Record<DraftDifference['field'], string> = { name: 'Name', expiresAt: 'Expiry date', scopes: 'Scopes' };
const HINTS: Record<DraftDifference['field'], string> = {
  name: 'The name in the vault is your label for it; GitLab’s is what its token list shows. Either way the vault knows which token it is.',
  expiresAt: 'GitLab stops the token on its own date whatever you store; reminders follow the stored one. The next Verify records GitLab’s date.',
  scopes: 'GitLab’s are what the token can really do. The next Verify records GitLab’s scopes.',
};

function shown(d: DraftDifference, side: DifferenceChoice): string {
  if (d.field === 'name') return `“${d[side]}”`;
  if (d.field === 'expiresAt') return d[side] ? formatDay(d[side]) : 'never';
  return d[side].length ? d[side].join(', ') : 'none';
}

export function DifferenceChoices({ differences, choices, choose }: {
  differences: DraftDifference[];
  /** The choices as the wizard holds them now (ahead of main's answer), over main's `use`. */
  choices: DraftFields['choices'];
  choose(field: DraftDifference['field'], use: DifferenceChoice): void;
}) {
  const id = useId();
  if (differences.length === 0) return null;
  return (
    <section className="differences" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>GitLab describes this token differently</h3>
      <p className="muted">For each difference, choose what the vault stores.</p>
      {differences.map((d) => {
        const use = choices?.[d.field] ?? d.use;
        return (
          <fieldset key={d.field} className="difference" aria-describedby={`${id}-${d.field}-hint`}>
            <legend>{LABELS[d.field]}</legend>
            {(['gitlab', 'mine'] as const).map((side) => (
              <label key={side} className="option">
                <input type="radio" name={`${id}-${d.field}`} checked={use === side} onChange={() => choose(d.field, side)} />
                <span>{side === 'gitlab' ? 'Use GitLab’s' : 'Keep mine'}: <strong>{shown(d, side)}</strong></span>
              </label>
            ))}
            <small id={`${id}-${d.field}-hint`} className="muted">{HINTS[d.field]}</small>
          </fieldset>
        );
      })}
    </section>
  );
}
