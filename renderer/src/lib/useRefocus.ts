// A refused password (restore, undo restore) is kept, and the field that was wrong gets the focus
// back with its text selected, as on the unlock screen: the field was disabled while the answer was
// awaited, which took the focus away, so without this the person has to find the field again.
import { useEffect, type RefObject } from 'react';

/** After a refusal the wrong field is focused with what was typed selected, as Unlock does: a typo is fixed in place, or typing replaces it. */
export function useRefocus(field: RefObject<HTMLInputElement | null>, refused: boolean) {
  useEffect(() => {
    if (!refused || !field.current) return;
    field.current.focus();
    field.current.select();
  }, [field, refused]);
}
