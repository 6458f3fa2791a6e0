// A password input for every master-password form (first run, unlock, change password): a
// Show/Hide toggle, a Caps Lock warning while the key is on, and room for a hint or error
// tied to the input with aria-describedby. The value is the caller's: nothing here clears it.
// Nothing in it changes height as the warning comes and goes.
import { forwardRef, useId, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface PasswordFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  autoComplete: 'new-password' | 'current-password';
  autoFocus?: boolean;
  disabled?: boolean;
  invalid?: boolean;
  /** Ids of other elements describing the input (a strength meter, an error). */
  describedBy?: string;
  /** Shown under the input, before the Caps Lock warning. */
  hint?: ReactNode;
}

export const PasswordField = forwardRef<HTMLInputElement, PasswordFieldProps>(function PasswordField(
  { label, value, onChange, autoComplete, autoFocus, disabled, invalid, describedBy, hint },
  ref,
) {
  const inputId = useId();
  const capsId = useId();
  const [shown, setShown] = useState(false);
  const [capsLock, setCapsLock] = useState(false);
  // getModifierState is the only way a page can know; it is read on every key and on focus-out reset.
  const readCaps = (e: KeyboardEvent<HTMLInputElement>) => setCapsLock(e.getModifierState('CapsLock'));
  const described = [describedBy, capsLock ? capsId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field password-field">
      <label htmlFor={inputId}>{label}</label>
      <div className="password-row">
        <input
          ref={ref}
          id={inputId}
          type={shown ? 'text' : 'password'}
          autoFocus={autoFocus}
          autoComplete={autoComplete}
          spellCheck={false}
          autoCapitalize="off"
          value={value}
          disabled={disabled}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={readCaps}
          onKeyUp={readCaps}
          onBlur={() => setCapsLock(false)}
          aria-invalid={invalid ? true : undefined}
          aria-describedby={described}
        />
        {/* Named by its text alone ("Show"/"Hide"), so the field's label stays the only match for it. */}
        <button
          type="button"
          className="reveal-toggle"
          aria-pressed={shown}
          aria-controls={inputId}
          disabled={disabled}
          onClick={() => setShown((s) => !s)}
        >
          {shown ? 'Hide' : 'Show'}
        </button>
      </div>
      {hint}
      {/* Its line is always there, empty while Caps Lock is off: the warning goes on focus-out,
          which a press on the button below starts, and a line that vanished then would move the
          button up from under the pointer, so the release lands beside it and the click is lost. */}
      <p id={capsId} className="caps-warning" role="status">{capsLock ? 'Caps Lock is on.' : ''}</p>
    </div>
  );
});
