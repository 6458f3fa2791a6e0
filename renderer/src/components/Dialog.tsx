// A modal on the native <dialog>: focus moves in and is trapped by the browser, Escape
// closes, and focus returns to whatever opened it.
//
// Focus lands on the control the dialog means (its autoFocus field or button), never on the
// × in the corner: a closed <dialog> is display:none, so React's autoFocus could not focus
// anything in it and showModal() then picked the first focusable, the ×. So the dialog is
// rendered open (non-modal) for React's autoFocus to work, then re-opened modal at once,
// before the first paint, keeping that focus.
import { useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react';

const FOCUSABLE = 'input:not([type=hidden]):not(:disabled), select:not(:disabled), textarea:not(:disabled), button:not(:disabled), [href], [tabindex]:not([tabindex="-1"])';

interface DialogProps {
  title: string;
  onClose(): void;
  children: ReactNode;
  /** Shown under the title. */
  description?: string;
  wide?: boolean;
}

export function Dialog({ title, onClose, children, description, wide }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descId = useId();
  // Read during the first render, before any child's autoFocus moves focus into the dialog.
  const [opener] = useState(() => document.activeElement as HTMLElement | null);
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const active = document.activeElement as HTMLElement | null;
    const wanted = active && dialog.contains(active) ? active : null;
    if (dialog.open) dialog.close();
    dialog.showModal();
    const fallback = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].find((el) => !el.closest('.dialog-header'));
    (wanted ?? fallback)?.focus();
    return () => {
      dialog.close();
      opener?.focus?.();
    };
  }, [opener]);
  return (
    <dialog
      ref={ref}
      open
      className={wide ? 'dialog dialog-wide' : 'dialog'}
      aria-labelledby={titleId}
      aria-describedby={description ? descId : undefined}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <header className="dialog-header">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>×</button>
      </header>
      {description ? <p id={descId} className="muted">{description}</p> : null}
      {children}
    </dialog>
  );
}
