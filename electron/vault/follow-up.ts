// After a rotation every "where used" place (a CI/CD variable, a file, a machine) still holds
// the old token. The list of them is kept on the entry as pending tasks until each is ticked
// off, so closing the rotation dialog forgets nothing. Pure functions plus one writer, shared
// by the app's services and the CLI. The list itself is started by startFollowUp (types.ts,
// pure, so the GitLab rotation may use it).
import { invalidInput } from './entry-input';
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
  update(id: string, patch: EntryPatch, event?: HistoryEvent): EntryOverview;
}

/** Ticks places off (or back on) and says so in the token's history; one write. */
export function markPlaces(vault: FollowUpVault, id: string, places: readonly string[], done: boolean, how = '', now = new Date()): EntryOverview {
  const entry = vault.get(id);
  const followUp = tickPlaces(entry, places, done);
  const named = places.map((p) => `"${p.trim()}"`).join(', ');
  const note = done ? `Updated with the new token${how}: ${named}.` : `To update again: ${named}.`;
  return vault.update(id, { followUp }, { at: now.toISOString(), action: 'edited', note: note.slice(0, 2000) });
}
