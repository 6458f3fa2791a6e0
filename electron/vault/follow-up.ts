// After a rotation every "where used" place (a CI/CD variable, a file, a machine) still holds
// the old token. The list of them is kept on the entry as pending tasks until each is ticked
// off, so closing the rotation dialog forgets nothing. Pure functions plus one writer, shared
// by the app's services and the CLI. The list itself is started by startFollowUp (types.ts,
// pure, so the GitLab rotation may use it).
import { invalidInput } from './entry-input';
import { busy } from './errors';
import type { EntryOverview, EntryPatch, HistoryEvent, RotationFollowUp } from './types';

export { pendingPlaces } from './pending-places';

/**
 * The follow-up with `places` ticked (or unticked); null once every place is done. A place
 * that is not on the list is refused by name, so a typo never silently clears anything.
 */
export function tickPlaces(entry: Pick<EntryOverview, 'name' | 'followUp'>, places: readonly string[], done: boolean): RotationFollowUp | null {
  const current = entry.followUp;
  if (!current) throw invalidInput(`No places are waiting to be updated for "${entry.name}".`);
  const wanted = new Set(places.map((p) => p.trim()));
  const unknown = [...wanted].filter((p) => !current.places.some((q) => q.place === p));
  if (unknown.length) throw invalidInput(`"${unknown[0]}" is not one of the places to update for "${entry.name}".`);
  const next = current.places.map((p) => (wanted.has(p.place) ? { ...p, done } : p));
  return next.every((p) => p.done) ? null : { ...current, places: next };
}

interface FollowUpVault {
  get(id: string): EntryOverview;
  /** `expect` sees the entry as committed, inside the write, and throws to change nothing. */
  update(id: string, patch: EntryPatch, event?: HistoryEvent, expect?: (current: EntryOverview) => void): EntryOverview;
}

/** The list on disk moved between reading and writing (another process ticked a place). */
class MovedMeanwhile extends Error {}

const sameFollowUp = (a: RotationFollowUp | null, b: RotationFollowUp | null) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Ticks places off (or back on) and says so in the token's history; one write. The app and the
 * CLI may tick at the same moment: the write checks the list it started from is still the one
 * on disk and, if not, starts again from the new one, so no tick is lost.
 */
export function markPlaces(vault: FollowUpVault, id: string, places: readonly string[], done: boolean, how = '', now = new Date()): EntryOverview {
  const named = places.map((p) => `"${p.trim()}"`).join(', ');
  const note = done ? `Updated with the new token${how}: ${named}.` : `To update again: ${named}.`;
  for (let attempt = 0; ; attempt++) {
    const entry = vault.get(id);
    const followUp = tickPlaces(entry, places, done);
    try {
      return vault.update(id, { followUp }, { at: now.toISOString(), action: 'edited', note: note.slice(0, 2000) }, (onDisk) => {
        if (!sameFollowUp(onDisk.followUp, entry.followUp)) throw new MovedMeanwhile();
      });
    } catch (error) {
      if (!(error instanceof MovedMeanwhile)) throw error;
      if (attempt >= 2) throw busy();
    }
  }
}
