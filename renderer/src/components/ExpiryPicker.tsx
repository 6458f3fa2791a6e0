// Expiry: presets of 30/60/90/180/365 days or a date, never past the instance's maximum.
import { useId } from 'react';
import { addDays, formatDay } from '../lib/dates';
import { EXPIRY_PRESETS, INSTANCE_MAX_DAYS } from '../lib/scopes';

export function ExpiryPicker({ value, onChange, maxDays = INSTANCE_MAX_DAYS }: { value: string | null; onChange(day: string): void; maxDays?: number }) {
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
      {value ? <p className="muted">Stops working at 00:00 UTC on {formatDay(value)}. GitLab allows at most {maxDays} days.</p> : null}
    </fieldset>
  );
}
