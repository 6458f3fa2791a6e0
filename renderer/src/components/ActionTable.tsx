// The table of Backups and Trash: one row an item, a few columns about it, its buttons last (under
// a heading only screen readers hear), and one plain sentence instead of the table when there are
// none. Nothing while the list is still being read, so "empty" never flashes before the rows.
import type { ReactNode } from 'react';

interface Props<T> {
  items: T[] | null;
  /** The visible column headings; the actions column gets its own, read aloud only. */
  columns: string[];
  rowKey: (item: T) => string;
  /** One cell per column, in order. */
  cells: (item: T) => ReactNode[];
  actions: (item: T) => ReactNode;
  empty: string;
  className?: string;
}

export function ActionTable<T>({ items, columns, rowKey, cells, actions, empty, className = '' }: Props<T>) {
  if (!items) return null;
  if (items.length === 0) return <p className="empty-inline">{empty}</p>;
  return (
    <table className={`backups ${className}`.trim()}>
      <thead>
        <tr>
          {columns.map((c) => <th key={c} scope="col">{c}</th>)}
          <th scope="col"><span className="sr-only">Actions</span></th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={rowKey(item)}>
            {cells(item).map((cell, i) => <td key={columns[i]}>{cell}</td>)}
            <td><div className="row-actions">{actions(item)}</div></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
