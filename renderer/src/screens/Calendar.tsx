// The calendar view: the reminders engineer's ExpiryCalendar over the vault's entries.
import { ExpiryCalendar } from '../calendar';
import { useApp } from '../store';
import { useMinute } from '../lib/useMinute';

export function Calendar() {
  const entries = useApp((s) => s.entries);
  const now = useMinute();
  const open = (id: string) => {
    const { select, setView, setFilters } = useApp.getState();
    setFilters({ query: '', instance: 'all', kind: 'all', status: 'all' });
    select(id);
    setView('list');
  };
  return (
    <section className="page" aria-labelledby="calendar-title">
      <h1 id="calendar-title">Expiry calendar</h1>
      <ExpiryCalendar tokens={entries} now={now} onOpenEntry={open} />
    </section>
  );
}
