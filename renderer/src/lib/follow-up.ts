// The tasks a rotation leaves: "where used" places still holding the old token. The list is
// kept main-side (sealed in the vault); these only read it for the screens.
import type { Entry } from '../../../electron/api';
import { count } from './plural';

/** The places not yet ticked off. */
export const pendingPlaces = (e: Pick<Entry, 'followUp'>): string[] => e.followUp?.places.filter((p) => !p.done).map((p) => p.place) ?? [];

/** How many tokens still have places to update: the Tokens tab's badge. */
export const tokensWithPendingPlaces = (entries: readonly Pick<Entry, 'followUp'>[]): number => entries.filter((e) => pendingPlaces(e).length > 0).length;

/** "2 places still to update". */
export const pendingWords = (n: number): string => `${count(n, 'place')} still to update`;
