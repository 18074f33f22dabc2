import { ArrowDown, ArrowUp, File, FileQuestion, FileSymlink, Folder, FolderSymlink, type LucideIcon } from 'lucide-react';
import { type DragEvent, type KeyboardEvent, type MouseEvent, useEffect, useRef } from 'react';
import type { FileEntryData } from '../../shared/model';
import { sanitizeUntrusted } from '../prompts/sanitize-untrusted';
import { formatBytes, formatMode, formatTime } from './file-format';
import { isDirectoryLike, type Selection, type SelectionAction, type SortKey, type SortOrder } from './listing-model';

export interface ListingTableProps {
  label: string;
  entries: readonly FileEntryData[];
  selection: Selection;
  sort: SortOrder;
  /** The directory row a drag is over (it is the drop target). */
  dropPath: string | undefined;
  /** Bumped when the table should take the focus (after a directory opened from it): the cursor row, or the table when empty. */
  focusRequest: number;
  emptyText: string;
  onSort(key: SortKey): void;
  onSelection(action: SelectionAction): void;
  onOpen(entry: FileEntryData): void;
  /** Keys that act on the pane: Backspace (up), F2 (rename), Delete. */
  onCommand(command: 'up' | 'rename' | 'delete'): void;
  onDragStart(event: DragEvent, entry: FileEntryData): void;
  onRowDragOver(event: DragEvent, entry: FileEntryData): void;
  onRowDrop(event: DragEvent, entry: FileEntryData): void;
}

const COLUMNS: ReadonlyArray<{ key: SortKey; label: string; className: string }> = [
  { key: 'name', label: 'Name', className: 'listing__name' },
  { key: 'size', label: 'Size', className: 'listing__size' },
  { key: 'mtime', label: 'Modified', className: 'listing__time' },
  { key: 'mode', label: 'Permissions', className: 'listing__mode' },
  { key: 'owner', label: 'Owner', className: 'listing__owner' },
];

const isMac = /Mac|iPhone|iPad/.test(navigator.platform);
const hasMod = (event: KeyboardEvent | MouseEvent): boolean => (isMac ? event.metaKey : event.ctrlKey);

/**
 * A directory's entries as a grid with one tab stop: arrows, Home and End move (Shift extends),
 * Space toggles, Ctrl+A selects all, Enter opens a directory, Backspace goes up. Names are
 * server text: drawn as text with control and bidi characters made visible.
 */
export function ListingTable(props: ListingTableProps) {
  const { entries, selection, sort, dropPath, onSelection } = props;
  const table = useRef<HTMLTableElement>(null);
  const body = useRef<HTMLTableSectionElement>(null);
  const order = entries.map((entry) => entry.path);
  const cursor = selection.cursor !== undefined && order.includes(selection.cursor) ? selection.cursor : order[0];

  // Keyboard moves take the focus along, when the focus is in the table.
  useEffect(() => {
    const rows = body.current;
    if (rows === null || cursor === undefined || table.current?.contains(document.activeElement) !== true) return;
    rows.querySelector<HTMLElement>(`[data-path="${CSS.escape(cursor)}"]`)?.focus();
  }, [cursor]);
  // The row that had the focus is gone with the old listing: the keyboard stays in the table.
  useEffect(() => {
    if (props.focusRequest === 0) return;
    const row = cursor === undefined ? null : body.current?.querySelector<HTMLElement>(`[data-path="${CSS.escape(cursor)}"]`);
    (row ?? table.current)?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when asked (a new focusRequest), not when the cursor moves
  }, [props.focusRequest]);

  const onKeyDown = (event: KeyboardEvent): void => {
    const entry = entries.find((candidate) => candidate.path === cursor);
    const moves: Record<string, 'next' | 'previous' | 'first' | 'last'> = { ArrowDown: 'next', ArrowUp: 'previous', Home: 'first', End: 'last' };
    const move = moves[event.key];
    const commands: Record<string, 'up' | 'rename' | 'delete'> = { Backspace: 'up', F2: 'rename', Delete: 'delete' };
    const command = commands[event.key];
    if (move !== undefined) onSelection({ type: 'move', to: move, order, isExtending: event.shiftKey });
    else if (event.key === 'a' && hasMod(event)) onSelection({ type: 'all', order });
    else if (event.key === ' ' && entry !== undefined) onSelection({ type: 'toggle', path: entry.path });
    else if (event.key === 'Enter' && entry !== undefined && isDirectoryLike(entry)) props.onOpen(entry);
    else if (command !== undefined) props.onCommand(command);
    else return;
    event.preventDefault();
  };
  const onClick = (event: MouseEvent, entry: FileEntryData): void => {
    if (event.shiftKey) onSelection({ type: 'range', path: entry.path, order, isAdding: hasMod(event) });
    else if (hasMod(event)) onSelection({ type: 'toggle', path: entry.path });
    else onSelection({ type: 'click', path: entry.path });
  };

  return (
    <table
      ref={table}
      className="listing"
      role="grid"
      aria-label={props.label}
      aria-multiselectable="true"
      aria-rowcount={entries.length + 1}
      // Empty, the table itself is the tab stop (Backspace still goes up); else the cursor row is.
      tabIndex={entries.length === 0 ? 0 : -1}
      onKeyDown={onKeyDown}
    >
      <thead>
        <tr>
          {COLUMNS.map((column) => (
            <th key={column.key} className={column.className} scope="col" aria-sort={sort.key === column.key ? sort.direction : 'none'}>
              <button type="button" className="listing__sort" onClick={() => props.onSort(column.key)}>
                {column.label}
                {sort.key === column.key &&
                  (sort.direction === 'ascending' ? <ArrowUp size={12} aria-hidden="true" /> : <ArrowDown size={12} aria-hidden="true" />)}
              </button>
            </th>
          ))}
        </tr>
      </thead>
      <tbody ref={body}>
        {entries.length === 0 && (
          <tr className="listing__empty">
            <td colSpan={COLUMNS.length}>{props.emptyText}</td>
          </tr>
        )}
        {entries.map((entry) => {
          const isSelected = selection.selected.has(entry.path);
          const Icon = iconOf(entry);
          return (
            <tr
              key={entry.path}
              data-path={entry.path}
              data-testid="file-row"
              data-name={entry.name}
              aria-selected={isSelected}
              tabIndex={entry.path === cursor ? 0 : -1}
              className={`listing__row ${isSelected ? 'listing__row--selected' : ''} ${dropPath === entry.path ? 'listing__row--drop' : ''}`}
              draggable
              onClick={(event) => onClick(event, entry)}
              onDoubleClick={() => isDirectoryLike(entry) && props.onOpen(entry)}
              onDragStart={(event) => props.onDragStart(event, entry)}
              onDragOver={(event) => props.onRowDragOver(event, entry)}
              onDrop={(event) => props.onRowDrop(event, entry)}
            >
              <td className="listing__name">
                <Icon size={15} className={`listing__icon listing__icon--${isDirectoryLike(entry) ? 'dir' : 'file'}`} aria-hidden="true" />
                <span
                  className="listing__text"
                  title={
                    entry.linkTarget === undefined ? sanitizeUntrusted(entry.name) : `${sanitizeUntrusted(entry.name)} → ${sanitizeUntrusted(entry.linkTarget)}`
                  }
                >
                  {sanitizeUntrusted(entry.name)}
                </span>
              </td>
              <td className="listing__size mono">{entry.type === 'directory' ? '' : formatBytes(entry.size)}</td>
              <td className="listing__time mono">{formatTime(entry.mtime)}</td>
              <td className="listing__mode mono">{formatMode(entry.type, entry.mode)}</td>
              <td className="listing__owner">{sanitizeUntrusted(entry.owner ?? String(entry.uid))}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function iconOf(entry: FileEntryData): LucideIcon {
  if (entry.type === 'symlink') return entry.isDirectoryLink === true ? FolderSymlink : FileSymlink;
  if (entry.type === 'directory') return Folder;
  return entry.type === 'file' ? File : FileQuestion;
}
