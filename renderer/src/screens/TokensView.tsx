// Find and copy: search as you type, filters, the virtualised list, and the selected token's
// detail beside it. Enter in the search box or the list copies the selected token.
import { useEffect, useMemo, useRef, useState } from 'react';
import { filterEntries, instancesOf, warmSearchIndex } from '../lib/filter';
import { DEFAULT_FILTERS, useApp } from '../store';
import { ExpirySummary, summaryHorizon } from '../calendar';
import { call } from '../client';
import { count } from '../lib/plural';
import { useMinute } from '../lib/useMinute';
import { copyEntry } from '../actions';
import { EmptyVaultActions } from './EmptyVaultActions';
import { TokenDetail } from './TokenDetail';
import { TokenList, type TokenListHandle } from './TokenList';
import type { Entry } from '../../../electron/api';

const KINDS: Array<Entry['kind'] | 'all'> = ['all', 'personal', 'project', 'group', 'deploy', 'trigger', 'runner', 'agent', 'service-account', 'oauth-app', 'webhook', 'feed', 'incoming-email', 'other'];
const STATUSES = [
  ['all', 'Any status'],
  ['active', 'Active'],
  ['expiring', 'Expiring soon'],
  ['expired', 'Expired'],
  ['revoked', 'Revoked'],
  ['unknown', 'Expiry unknown'],
  ['never', 'Never expires'],
  ['unverified', 'Unverified'],
] as const;

export function TokensView() {
  const entries = useApp((s) => s.entries);
  const loadedAt = useApp((s) => s.loadedAt);
  const firstScreen = useApp((s) => s.firstScreen);
  const filters = useApp((s) => s.filters);
  const setFilters = useApp((s) => s.setFilters);
  const selectedId = useApp((s) => s.selectedId);
  const select = useApp((s) => s.select);
  const setView = useApp((s) => s.setView);
  const list = useRef<TokenListHandle>(null);
  const now = useMinute();
  const horizonDays = useSummaryHorizon();

  const search = useRef<HTMLInputElement>(null);
  // "/" jumps to the search box from anywhere in the list view, as in most list-heavy apps.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLSelectElement;
      if (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey && !document.querySelector('dialog[open]')) {
        e.preventDefault();
        search.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  // After the first rows are on screen, so the first keystroke does not pay for it.
  useEffect(() => {
    const timer = setTimeout(() => warmSearchIndex(entries), 50);
    return () => clearTimeout(timer);
  }, [entries]);
  // Until the whole list is in, only its first screen shows, and only as the list opens (no search,
  // no filter, by name): counts and anything filtered wait for the whole list, typed text included.
  const loaded = loadedAt > 0;
  const untouched = sameFilters(filters, DEFAULT_FILTERS);
  const shown = useMemo(() => (loaded ? filterEntries(entries, filters) : firstScreen && untouched ? firstScreen.entries : []), [loaded, entries, filters, firstScreen, untouched]);
  const instances = useMemo(() => instancesOf(entries), [entries]);
  const selected = shown.find((e) => e.id === selectedId) ?? null;

  const onSearchKey = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      list.current?.focus();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const target = selected ?? shown[0];
      if (target) {
        select(target.id);
        void copyEntry(target);
      }
    } else if (e.key === 'Escape' && filters.query) {
      setFilters({ query: '' });
    }
  };

  if (loadedAt > 0 && entries.length === 0) {
    return (
      <section className="empty" aria-labelledby="empty-title">
        <h1 id="empty-title">No tokens yet</h1>
        <p>Create a GitLab token with the guided wizard, and Token Vault stores it the moment GitLab shows it.</p>
        <button type="button" className="primary" autoFocus onClick={() => setView('wizard')}>Create a token</button>
        <EmptyVaultActions />
      </section>
    );
  }

  return (
    <div className="tokens-view">
      <section className="list-pane" aria-label="Tokens">
        <div className="list-tools">
          <input
            ref={search}
            type="search"
            className="search"
            placeholder="Search tokens (/)"
            aria-keyshortcuts="/"
            aria-label="Search tokens"
            autoFocus
            value={filters.query}
            onChange={(e) => setFilters({ query: e.target.value })}
            onKeyDown={onSearchKey}
          />
          <div className="filters">
            <select aria-label="Instance" value={filters.instance} disabled={!loaded} onChange={(e) => setFilters({ instance: e.target.value })}>
              <option value="all">All instances</option>
              {instances.map((i) => <option key={i} value={i}>{i.replace(/^https:\/\//, '')}</option>)}
            </select>
            <select aria-label="Kind" value={filters.kind} onChange={(e) => setFilters({ kind: e.target.value as Entry['kind'] | 'all' })}>
              {KINDS.map((k) => <option key={k} value={k}>{k === 'all' ? 'All kinds' : k}</option>)}
            </select>
            <select aria-label="Status" value={filters.status} onChange={(e) => setFilters({ status: e.target.value as typeof filters.status })}>
              {STATUSES.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
            </select>
            <select aria-label="Sort" value={filters.sort} onChange={(e) => setFilters({ sort: e.target.value as 'name' | 'expiry' })}>
              <option value="name">By name</option>
              <option value="expiry">Soonest expiry first</option>
            </select>
          </div>
          <div className="list-status">
            <p className="muted result-count" aria-live="polite" aria-busy={!loaded} data-testid="result-count">
              {!loaded
                ? firstScreen ? `Loading ${count(firstScreen.total, 'token')}…` : 'Loading…'
                : shown.length === entries.length ? count(entries.length, 'token') : `${shown.length} of ${count(entries.length, 'token')}`}
            </p>
            <label className="check hide-dead">
              <input type="checkbox" checked={filters.hideDead} onChange={(e) => setFilters({ hideDead: e.target.checked })} />
              <span>Hide revoked and expired</span>
            </label>
          </div>
        </div>
        {!loaded && shown.length === 0 ? (
          <p className="empty-inline" data-testid="list-loading">Loading the list…</p>
        ) : shown.length === 0 ? (
          <p className="empty-inline">No token matches. Clear the search or the filters to see them all.</p>
        ) : (
          <TokenList ref={list} now={now} entries={shown} selectedId={selected?.id ?? null} onSelect={select} onActivate={(e) => void copyEntry(e)} />
        )}
      </section>
      <section className="detail-pane" aria-label="Token details">
        {selected ? <TokenDetail key={selected.id} entry={selected} /> : (
          <div className="detail-empty">
            {loaded ? <ExpirySummary tokens={entries} now={now} horizonDays={horizonDays} onOpenCalendar={() => setView('calendar')} /> : <p className="muted" data-testid="summary-loading">Loading the expiry summary…</p>}
            <p className="empty-inline">Select a token to see its details. Type to search; Enter copies the first match.</p>
          </div>
        )}
      </section>
    </div>
  );
}

function sameFilters(a: typeof DEFAULT_FILTERS, b: typeof DEFAULT_FILTERS): boolean {
  return (Object.keys(b) as (keyof typeof b)[]).every((k) => a[k] === b[k]);
}

/** The summary speaks of the next 30 days, or of the user's largest reminder lead time. */
function useSummaryHorizon(): number {
  const [days, setDays] = useState(30);
  useEffect(() => {
    call('settingsGet', {}).then((s) => setDays(summaryHorizon(s.defaultLeadDays)), () => undefined);
  }, []);
  return days;
}
