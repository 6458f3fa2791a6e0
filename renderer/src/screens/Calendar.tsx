// The calendar view: the reminders engineer's ExpiryCalendar over the vault's entries.
import { useMemo, useState } from 'react';
import { ExpiryCalendar } from '../calendar';
import { CalendarExportDialog } from './dialogs/CalendarExportDialog';
import { useApp } from '../store';
import { useMinute } from '../lib/useMinute';
import { ageOf } from '../lib/kinds';

export function Calendar() {
  const entries = useApp((s) => s.entries);
  const now = useMinute();
  const [exporting, setExporting] = useState(false);
  const day = now.toISOString().slice(0, 10);
  // A never-expiring token with rotate-every also goes on its rotate-by day (the token page's ageOf).
  const tokens = useMemo(() => entries.map((e) => ({ ...e, rotateBy: ageOf(e, now)?.rotateBy ?? null })), [entries, day]);
  const open = (id: string) => {
    const { select, setView, setFilters } = useApp.getState();
    setFilters({ query: '', instance: 'all', kind: 'all', status: 'all', hideDead: false });
    select(id);
    setView('list');
  };
  return (
    <section className="page calendar-page" aria-labelledby="calendar-title">
      <div className="page-header">
        <h1 id="calendar-title">Expiry calendar</h1>
        <button type="button" onClick={() => setExporting(true)}>Add to my calendar…</button>
      </div>
      <ExpiryCalendar tokens={tokens} now={now} onOpenEntry={open} />
      {exporting ? <CalendarExportDialog onClose={() => setExporting(false)} /> : null}
    </section>
  );
}
