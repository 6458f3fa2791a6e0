// The places a rotation left that still hold the old token. Type imports only: the CLI's
// list and show print these, and must start without zod or the vault (cli-startup-graph.test.ts).
import type { EntryOverview } from './types';

/** The places not yet ticked off ([] when there is no follow-up). */
export function pendingPlaces(entry: Pick<EntryOverview, 'followUp'>): string[] {
  return entry.followUp?.places.filter((p) => !p.done).map((p) => p.place) ?? [];
}
