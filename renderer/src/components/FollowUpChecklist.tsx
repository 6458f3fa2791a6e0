// The "tick off each place" list after a rotation. Every tick is stored main-side at once, so
// the list outlives the dialog, a lock and a restart; the last tick clears the token's tasks.
import { useState } from 'react';
import type { Entry } from '../../../electron/api';
import { call, messageOf } from '../client';
import { useApp } from '../store';

interface Props {
  entry: Entry;
  /** The places to show; those no longer on the token's follow-up count as done. */
  places: readonly string[];
}

export function FollowUpChecklist({ entry, places }: Props) {
  // A tick shows at once, while main stores it; it falls back to the stored state if that fails.
  const [inFlight, setInFlight] = useState<ReadonlyMap<string, boolean>>(new Map());
  const stored = (place: string) => entry.followUp?.places.find((p) => p.place === place)?.done ?? true;

  const tick = async (place: string, done: boolean) => {
    setInFlight((m) => new Map(m).set(place, done));
    try {
      useApp.getState().upsertEntry(await call('tokensTickPlace', { id: entry.id, place, done }));
    } catch (e) {
      useApp.getState().toast({ tone: 'error', text: messageOf(e) });
    } finally {
      setInFlight((m) => {
        const next = new Map(m);
        next.delete(place);
        return next;
      });
    }
  };

  return (
    <ul className="checklist follow-up-list">
      {places.map((place) => {
        const pending = inFlight.get(place);
        const done = pending ?? stored(place);
        // Being stored, or nothing left to untick (the token's tasks are cleared).
        const locked = pending !== undefined || (done && entry.followUp === null);
        return (
          <li key={place} className={done ? 'done' : undefined}>
            <label>
              <input type="checkbox" checked={done} disabled={locked} onChange={(e) => void tick(place, e.currentTarget.checked)} /> {place}
            </label>
          </li>
        );
      })}
    </ul>
  );
}
