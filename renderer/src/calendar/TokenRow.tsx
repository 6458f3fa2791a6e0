import { stopsWhen } from '../lib/dates';
import { URGENCY_LABELS, placedLabel, type PlacedToken } from './model';

interface TokenRowProps {
  placed: PlacedToken;
  /** Right-hand text, e.g. "stops at 01:00" or "12 days ago". */
  when: string;
  onOpenEntry(id: string): void;
}

/** One token in a list (agenda, overdue, a day's tokens): a button that opens its detail. */
export function TokenRow({ placed, when, onOpenEntry }: TokenRowProps) {
  const { token, urgency } = placed;
  const host = token.instance?.replace(/^https:\/\//, '');
  const meta = [token.kind, host].filter(Boolean).join(' · ');
  const cutoff = token.expiresAt ? `Stops working ${stopsWhen(token.expiresAt)}.` : placed.rotation ? 'Due for rotation.' : '';
  return (
    <li>
      <button type="button" className={`tv-cal-row u-${urgency}${placed.rotation ? ' is-rotation' : ''}`} data-entry-id={token.id} onClick={() => onOpenEntry(token.id)} title={`${token.name}. ${cutoff}`}>
        <span className="tv-cal-row-name">{placedLabel(placed)}</span>
        <span className="tv-cal-row-when">{when}</span>
        <span className="tv-cal-row-meta">
          <span className="tv-cal-sr-only">{placed.rotation ? 'Rotation reminder' : URGENCY_LABELS[urgency]}. </span>
          {meta}
        </span>
      </button>
    </li>
  );
}

/** When the token stops on this computer's clock, in words: "stops at midnight", "stops at 01:00". */
export function stopsAt(localTime: string): string {
  return localTime === '00:00' ? 'stops at midnight' : `stops at ${localTime}`;
}
