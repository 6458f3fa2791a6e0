import { URGENCIES, URGENCY_LABELS } from './model';

/** What each colour means; shown beside the month grid. */
export function UrgencyLegend() {
  return (
    <ul className="tv-cal-legend" aria-label="Colour legend">
      {URGENCIES.map((u) => (
        <li key={u} className={`u-${u}`}>
          <span className="tv-cal-swatch" aria-hidden="true" />
          {URGENCY_LABELS[u]}
        </li>
      ))}
    </ul>
  );
}
