// The copy button in each token row: seen on hover and keyboard focus, named "Copy <name>" for
// screen readers. Only the selected row's button is in the Tab order (roving), so Tab from the
// list lands on it once instead of walking every visible row.
import type { Entry } from '../../../electron/api';

interface Props {
  entry: Pick<Entry, 'id' | 'name'>;
  /** In the Tab order: the selected row's button. */
  tabbable: boolean;
  onCopy(): void;
}

export function RowCopyButton({ entry, tabbable, onCopy }: Props) {
  return (
    <button
      type="button"
      className="row-copy"
      aria-label={`Copy ${entry.name}`}
      title="Copy the token (Enter)"
      tabIndex={tabbable ? 0 : -1}
      onClick={(e) => {
        // The row's own click selects; the copy is this button's job alone.
        e.stopPropagation();
        onCopy();
      }}
      onDoubleClick={(e) => e.stopPropagation()}
      onKeyDown={(e) => e.stopPropagation()}
    >
      Copy
    </button>
  );
}
