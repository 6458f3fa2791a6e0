// The token list, virtualised with @tanstack/react-virtual so 10,000 entries cost what 30 do.
// A listbox: arrow keys move the selection, Enter copies, Home/End jump; a double click or
// the row's copy button copies too.
import { useVirtualizer } from '@tanstack/react-virtual';
import { forwardRef, useEffect, useImperativeHandle, useLayoutEffect, useRef, useState } from 'react';
import type { Entry } from '../../../electron/api';
import { RowCopyButton } from '../components/RowCopyButton';
import { StatusChip, UnverifiedChip } from '../components/StatusChip';
import { isDead, showUnverified, stateLine } from '../lib/entry';
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

const ROW_HEIGHT = 64;
/** Below this list width a row stacks: the name takes the whole first line, chips wrap under it. */
const NARROW_LIST_PX = 520;
const NARROW_ROW_HEIGHT = 96;

/** Whether the element is narrower than `px`, kept current as the window resizes. */
function useNarrow(element: React.RefObject<HTMLElement | null>, px: number): boolean {
  const [narrow, setNarrow] = useState(false);
  // Measured before the first paint, so rows are laid out once at the right height.
  useLayoutEffect(() => {
    const el = element.current;
    if (!el) return;
    setNarrow(el.clientWidth < px);
    const observer = new ResizeObserver(([entry]) => setNarrow((entry?.contentRect.width ?? px) < px));
    observer.observe(el);
    return () => observer.disconnect();
  }, [element, px]);
  return narrow;
}

/** "2 to update": places a rotation left that still hold the old token. */
function FollowUpChip({ entry }: { entry: Entry }) {
  const n = pendingPlaces(entry).length;
  if (n === 0) return null;
  return <span className="chip chip-tasks" title={`${n} ${n === 1 ? 'place' : 'places'} still to update with the new token`}>{n} to update</span>;
}

export const TokenList = forwardRef<TokenListHandle, Props>(function TokenList({ entries, now, selectedId, onSelect, onActivate }, ref) {
  const scroller = useRef<HTMLDivElement>(null);
  const narrow = useNarrow(scroller, NARROW_LIST_PX);
  const rowHeight = narrow ? NARROW_ROW_HEIGHT : ROW_HEIGHT;
  const virtualizer = useVirtualizer({ count: entries.length, getScrollElement: () => scroller.current, estimateSize: () => rowHeight, overscan: 8 });
  useEffect(() => virtualizer.measure(), [rowHeight, virtualizer]);
  const selectedIndex = entries.findIndex((e) => e.id === selectedId);

  useImperativeHandle(ref, () => ({
    focus: () => {
      scroller.current?.focus();
      if (selectedIndex === -1 && entries[0]) onSelect(entries[0].id);
    },
  }));

  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer, rowHeight]);

  const move = (to: number) => {
    const target = entries[Math.max(0, Math.min(entries.length - 1, to))];
    if (target) onSelect(target.id);
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
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
      className={narrow ? 'token-list narrow' : 'token-list'}
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
              style={{ transform: `translateY(${item.start}px)`, height: rowHeight }}
              onClick={() => onSelect(entry.id)}
              onDoubleClick={() => onActivate(entry)}
            >
              <div className="token-row-main">
                <span className="token-name">{entry.name}</span>
                <span className="token-meta">{entry.instance?.replace(/^https?:\/\//, '') ?? 'No instance'} · {entry.kind}</span>
              </div>
              <div className="token-row-side">
                <span className="row-chips">
                  <StatusChip entry={entry} now={now} />
                  {showUnverified(entry) ? <UnverifiedChip /> : null}
                  <FollowUpChip entry={entry} />
                </span>
                <span className="token-meta">{stateLine(entry, now)}</span>
              </div>
              <RowCopyButton entry={entry} tabbable={selected} onCopy={() => { onSelect(entry.id); onActivate(entry); }} />
            </div>
          );
        })}
      </div>
    </div>
  );
});
