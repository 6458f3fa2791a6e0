// The token list, virtualised with @tanstack/react-virtual so 10,000 entries cost what 30 do.
// A listbox: arrow keys move the selection, Enter or Ctrl/Cmd+C copies, Home/End jump; a double
// click or the row's copy button copies too. Rows are two short lines — the name whole on the
// first beside the copy button's room, chips, where and when on the second — so 15 fit at
// 1200×800 and 9 at 800×600.
import { useVirtualizer } from '@tanstack/react-virtual';
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import type { Entry } from '../../../electron/api';
import { RowCopyButton } from '../components/RowCopyButton';
import { StatusChip, UnverifiedChip } from '../components/StatusChip';
import { isDead, rowExpiry, showUnverified } from '../lib/entry';
import { pendingPlaces } from '../lib/follow-up';

export interface TokenListHandle {
  focus(): void;
}

interface Props {
  entries: Entry[];
  now: Date;
  selectedId: string | null;
  onSelect(id: string): void;
  onActivate(entry: Entry): void;
}

const ROW_HEIGHT = 42;

/** "2 to update": places a rotation left that still hold the old token. */
function FollowUpChip({ entry }: { entry: Entry }) {
  const n = pendingPlaces(entry).length;
  if (n === 0) return null;
  return <span className="chip chip-tasks" title={`${n} ${n === 1 ? 'place' : 'places'} still to update with the new token`}>{n} to update</span>;
}

export const TokenList = forwardRef<TokenListHandle, Props>(function TokenList({ entries, now, selectedId, onSelect, onActivate }, ref) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: entries.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
  const selectedIndex = entries.findIndex((e) => e.id === selectedId);

  useImperativeHandle(ref, () => ({
    focus: () => {
      scroller.current?.focus();
      if (selectedIndex === -1 && entries[0]) onSelect(entries[0].id);
    },
  }));

  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  const move = (to: number) => {
    const target = entries[Math.max(0, Math.min(entries.length - 1, to))];
    if (target) onSelect(target.id);
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    // Ctrl/Cmd+C on the selected row copies its token, as in KeePassXC (the list holds no text
    // to copy, so nothing else is taken from the user).
    if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'c') {
      const entry = entries[selectedIndex];
      if (entry) {
        e.preventDefault();
        onActivate(entry);
      }
      return;
    }
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(selectedIndex + 1),
      ArrowUp: () => move(selectedIndex - 1),
      Home: () => move(0),
      End: () => move(entries.length - 1),
      PageDown: () => move(selectedIndex + 8),
      PageUp: () => move(selectedIndex - 8),
      Enter: () => {
        const entry = entries[selectedIndex];
        if (entry) onActivate(entry);
      },
    };
    const action = keys[e.key];
    if (action) {
      e.preventDefault();
      action();
    }
  };

  return (
    <div
      ref={scroller}
      className="token-list"
      role="listbox"
      aria-label="Tokens"
      tabIndex={0}
      aria-activedescendant={selectedIndex >= 0 ? `token-${entries[selectedIndex]?.id}` : undefined}
      onKeyDown={onKeyDown}
    >
      <div className="token-list-inner" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const entry = entries[item.index];
          if (!entry) return null;
          const selected = entry.id === selectedId;
          return (
            <div
              key={entry.id}
              id={`token-${entry.id}`}
              role="option"
              aria-selected={selected}
              className={['token-row', selected ? 'selected' : '', isDead(entry) ? 'dead' : ''].filter(Boolean).join(' ')}
              // Measured: a name too long for one line takes two, and only that row grows.
              ref={virtualizer.measureElement}
              data-index={item.index}
              style={{ transform: `translateY(${item.start}px)`, minHeight: ROW_HEIGHT }}
              onClick={() => onSelect(entry.id)}
              // A double click copies; without this the browser would also select a word of the row.
              onMouseDown={(e) => {
                if (e.detail > 1) e.preventDefault();
              }}
              onDoubleClick={() => onActivate(entry)}
            >
              <div className="token-row-top">
                <span className="token-name" title={entry.name}>{entry.name}</span>
                <RowCopyButton entry={entry} tabbable={selected} onCopy={() => { onSelect(entry.id); onActivate(entry); }} />
              </div>
              <div className="token-row-line">
                <span className="row-chips">
                  <StatusChip entry={entry} now={now} />
                  {showUnverified(entry) ? <UnverifiedChip /> : null}
                  <FollowUpChip entry={entry} />
                </span>
                <span className="token-meta token-where">{entry.instance?.replace(/^https?:\/\//, '') ?? 'No instance'} · {entry.kind}</span>
                <span className="token-meta token-when" title={entry.expiresAt ?? undefined}>{rowExpiry(entry, now)}</span>
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
});
