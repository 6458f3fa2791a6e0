// "Show N more of M" under a long token list: lists grow a page at a time so a day with
// thousands of expiries stays quick to render. `unit` names what is counted when it is not
// tokens (the agenda pages by days).
import { count, formFor } from '../lib/plural';

export function ShowMore({ hidden, page, unit, onMore }: { hidden: number; page: number; unit?: string; onMore(): void }) {
  if (hidden <= 0) return null;
  const next = Math.min(page, hidden);
  // "Show 14 more", not "Show 14 more of 14": the total only when a click will not show it all.
  const rest = next === hidden ? (unit ? ` ${formFor(next, unit)}` : '') : ` of ${unit ? count(hidden, unit) : hidden}`;
  return (
    <button type="button" className="tv-cal-navbtn" onClick={onMore}>
      {`Show ${next} more${rest}`}
    </button>
  );
}
