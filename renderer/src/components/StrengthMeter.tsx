// The strength of a new master password: a meter of fixed size (typing moves nothing) and
// one line of advice in the app's own words. Shared by first run and change password.
import { useEffect, useState } from 'react';
import { adviceFor, loadStrengthChecker, STRENGTH_WORDS, type Strength } from '../lib/strength';

const USER_INPUTS = ['token', 'vault', 'gitlab', 'tokenvault', 'master', 'password'];

export interface Measured {
  /** The last measurement, for display (null when the field is empty or nothing was measured yet). */
  shown: Strength | null;
  /** The measurement of exactly this password, for decisions; null until it is ready. */
  current: Strength | null;
}

/** The password's strength, measured as it is typed (the checker loads on first use). */
export function useStrength(password: string): Measured {
  // Kept with the password it measured, so a stale "Strong" never answers for newer text.
  const [measured, setMeasured] = useState<{ password: string; strength: Strength } | null>(null);
  useEffect(() => {
    let live = true;
    if (!password) return;
    void loadStrengthChecker().then((check) => {
      if (live) setMeasured({ password, strength: check(password, USER_INPUTS) });
    });
    return () => {
      live = false;
    };
  }, [password]);
  if (!password) return { shown: null, current: null };
  return { shown: measured?.strength ?? null, current: measured && measured.password === password ? measured.strength : null };
}

export function StrengthMeter({ id, password, strength }: { id: string; password: string; strength: Strength | null }) {
  return (
    <div id={id} className="strength" aria-live="polite">
      <meter min={0} max={4} low={2} high={3} optimum={4} value={strength?.score ?? 0} aria-label="Password strength" />
      <span>
        {strength ? <strong>{STRENGTH_WORDS[strength.score]}. </strong> : null}
        <span className="muted" data-testid="strength-advice">{adviceFor(strength, password)}</span>
      </span>
    </div>
  );
}
