// "Show N more of M" under a long token list: lists grow a page at a time so a day with
// thousands of expiries stays quick to render.
export function ShowMore({ hidden, page, onMore }: { hidden: number; page: number; onMore(): void }) {
  if (hidden <= 0) return null;
  return (
    <button type="button" className="tv-cal-navbtn" onClick={onMore}>
      Show {Math.min(page, hidden)} more of {hidden}
    </button>
  );
}
