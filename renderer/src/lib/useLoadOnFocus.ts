// Logs that something outside the window adds to — a command in a terminal taking a token, another
// member's entries arriving with a sync — are read again when the person comes back to the window,
// so what they see is never older than their last look elsewhere.
import { useEffect } from 'react';

/** Calls `load` now, again each time `load` changes, and whenever the window gets the focus back. */
export function useLoadOnFocus(load: () => unknown): void {
  useEffect(() => {
    const again = () => void load();
    again();
    window.addEventListener('focus', again);
    return () => window.removeEventListener('focus', again);
  }, [load]);
}
