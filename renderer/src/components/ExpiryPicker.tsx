// Expiry: presets of 30/60/90/180/365 days or a date, never past the instance's maximum (its own
// when a stored token could read it, else GitLab's default of 365 days).
import { useId } from 'react';
import { addDays, stopsWhen } from '../lib/dates';
import type { LifetimeLimit } from '../lib/lifetime';
import { EXPIRY_PRESETS, INSTANCE_MAX_DAYS } from '../lib/scopes';

/** `limit`: the instance's own maximum (lib/lifetime.ts), with the sentence saying where it comes from. */
export function ExpiryPicker({ value, onChange, limit }: { value: string | null; onChange(day: string): void; limit?: LifetimeLimit | null }) {
  const maxDays = limit?.maxDays ?? INSTANCE_MAX_DAYS;
  const name = useId();
  const max = addDays(maxDays);
  const min = addDays(1);
  return (
    <fieldset className="expiry-picker">
      <legend>Expires</legend>
      <div className="preset-row">
        {EXPIRY_PRESETS.filter((d) => d <= maxDays).map((d) => {
          const day = addDays(d);
          return (
            <label key={d} className="preset">
              <input type="radio" name={name} checked={value === day} onChange={() => onChange(day)} />
              <span>{d} days</span>
            </label>
          );
        })}
      </div>
      <label className="field inline">
        <span>Or a date</span>
        <input type="date" min={min} max={max} value={value ?? ''} onChange={(e) => e.target.value && onChange(e.target.value > max ? max : e.target.value)} />
      </label>
      {value ? <p className="muted">Stops working {stopsWhen(value)}. {limit ? limit.note : `GitLab allows at most ${maxDays} days by default.`}</p> : null}
    </fieldset>
  );
}
