// Toasts: a polite live region. The copy toast counts down to the moment main clears the
// clipboard; the clipboardCleared event replaces it.
import { useEffect, useState } from 'react';
import { useApp, type Toast } from '../store';

function Countdown({ until }: { until: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);
  const left = Math.max(0, Math.ceil((until - now) / 1000));
  return <span className="countdown">clears in {left} s</span>;
}

function ToastItem({ toast }: { toast: Toast }) {
  const dismiss = useApp((s) => s.dismissToast);
  return (
    <div className={`toast toast-${toast.tone}`} role={toast.tone === 'error' ? 'alert' : 'status'}>
      <span>{toast.text}</span>
      {toast.clearsAt ? <Countdown until={toast.clearsAt} /> : null}
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>×</button>
    </div>
  );
}

/**
 * Docked (in the unlocked workspace) the toasts take a row of their own under the view, so
 * they never cover what they are about — Revoke…, Delete…, a form's Save. On the unlock and
 * first-run screens, which have nothing underneath, they float.
 */
export function Toasts({ docked = false }: { docked?: boolean }) {
  const toasts = useApp((s) => s.toasts);
  return (
    <div className={docked ? 'toasts docked' : 'toasts'} aria-live="polite" data-docked={docked || undefined}>
      {toasts.map((t) => <ToastItem key={t.id} toast={t} />)}
    </div>
  );
}
