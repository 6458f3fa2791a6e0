// The wizard's draft calls, one after another in the order they were made: the wizard closes at
// once on "Discard draft" and the discard lands behind it, so the next reading of the draft (a
// "New token" clicked right after, the tab's draft dot) must wait for it, and a discard must
// follow the last keystroke's save rather than race it.
import type { DraftFields } from '../../../electron/api';
import { call } from '../client';

let last: Promise<unknown> = Promise.resolve();

function inOrder<T>(run: () => Promise<T>): Promise<T> {
  const next = last.then(run);
  last = next.catch(() => undefined);
  return next;
}

export const readDraft = () => inOrder(() => call('draftGet', {}));
export const saveDraft = (fields: DraftFields) => inOrder(() => call('draftSave', { fields }));
export const discardDraft = () => inOrder(() => call('draftDiscard', {}));
