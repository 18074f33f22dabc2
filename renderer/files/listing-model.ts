/* The listing's order and selection, as pure functions: the table only draws what these say. */
import type { FileEntryData } from '../../shared/model';

export type SortKey = 'name' | 'size' | 'mtime' | 'mode' | 'owner';
export interface SortOrder {
  key: SortKey;
  direction: 'ascending' | 'descending';
}
export const DEFAULT_SORT: SortOrder = { key: 'name', direction: 'ascending' };

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** A directory, or a link that points to one: it opens rather than copies. */
export function isDirectoryLike(entry: Pick<FileEntryData, 'type' | 'isDirectoryLink'>): boolean {
  return entry.type === 'directory' || entry.isDirectoryLink === true;
}

const COMPARE: Record<SortKey, (a: FileEntryData, b: FileEntryData) => number> = {
  name: () => 0,
  size: (a, b) => a.size - b.size,
  mtime: (a, b) => a.mtime - b.mtime,
  mode: (a, b) => (a.mode & 0o7777) - (b.mode & 0o7777),
  owner: (a, b) => collator.compare(a.owner ?? String(a.uid), b.owner ?? String(b.uid)),
};

/** Directories first whatever the column, then by the column, ties by name (file2 before file10). */
export function sortEntries(entries: readonly FileEntryData[], order: SortOrder): FileEntryData[] {
  const sign = order.direction === 'ascending' ? 1 : -1;
  return [...entries].sort((a, b) => {
    const kind = Number(isDirectoryLike(b)) - Number(isDirectoryLike(a));
    if (kind !== 0) return kind;
    const byKey = COMPARE[order.key](a, b);
    return sign * (byKey !== 0 ? byKey : collator.compare(a.name, b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  });
}

/** A click on a column header: the same column flips, another one starts ascending. */
export function nextSort(current: SortOrder, key: SortKey): SortOrder {
  if (current.key !== key) return { key, direction: 'ascending' };
  return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
}

/** Selected entries by path; `cursor` is the row with the keyboard, `anchor` where a Shift range starts. */
export interface Selection {
  selected: ReadonlySet<string>;
  cursor: string | undefined;
  anchor: string | undefined;
}
export const NO_SELECTION: Selection = { selected: new Set(), cursor: undefined, anchor: undefined };

export type SelectionAction =
  /** A plain click: this row alone. */
  | { type: 'click'; path: string }
  /** Ctrl/Cmd-click: this row in or out, the rest kept. */
  | { type: 'toggle'; path: string }
  /** Shift-click: from the anchor to this row (Ctrl+Shift adds the range to what is selected). */
  | { type: 'range'; path: string; order: readonly string[]; isAdding?: boolean }
  /** Arrow keys, Home, End: the cursor moves; with Shift the range follows it, without it selects the row alone. */
  | { type: 'move'; to: 'next' | 'previous' | 'first' | 'last'; order: readonly string[]; isExtending: boolean }
  | { type: 'all'; order: readonly string[] }
  | { type: 'clear' }
  /** The listing changed: whatever is gone is no longer selected. */
  | { type: 'sync'; order: readonly string[] };

export function selectionModel(current: Selection, action: SelectionAction): Selection {
  switch (action.type) {
    case 'click':
      return { selected: new Set([action.path]), cursor: action.path, anchor: action.path };
    case 'toggle': {
      const selected = new Set(current.selected);
      if (!selected.delete(action.path)) selected.add(action.path);
      return { selected, cursor: action.path, anchor: action.path };
    }
    case 'range': {
      const range = between(action.order, current.anchor ?? action.path, action.path);
      const selected = action.isAdding === true ? new Set([...current.selected, ...range]) : new Set(range);
      return { selected, cursor: action.path, anchor: current.anchor ?? action.path };
    }
    case 'move': {
      const target = moveTarget(action.order, current.cursor, action.to);
      if (target === undefined) return current;
      if (!action.isExtending) return { selected: new Set([target]), cursor: target, anchor: target };
      return { selected: new Set(between(action.order, current.anchor ?? target, target)), cursor: target, anchor: current.anchor ?? target };
    }
    case 'all':
      return { selected: new Set(action.order), cursor: current.cursor ?? action.order[0], anchor: current.anchor };
    case 'clear':
      return NO_SELECTION;
    case 'sync': {
      const present = new Set(action.order);
      const selected = new Set([...current.selected].filter((path) => present.has(path)));
      const keep = (path: string | undefined): string | undefined => (path !== undefined && present.has(path) ? path : undefined);
      const cursor = keep(current.cursor);
      if (selected.size === current.selected.size && cursor === current.cursor && keep(current.anchor) === current.anchor) return current;
      return { selected, cursor, anchor: keep(current.anchor) };
    }
  }
}

/** The selected paths in listing order. */
export function selectedInOrder(selection: Selection, order: readonly string[]): string[] {
  return order.filter((path) => selection.selected.has(path));
}

function between(order: readonly string[], from: string, to: string): string[] {
  const a = order.indexOf(from);
  const b = order.indexOf(to);
  if (a < 0 || b < 0) return [to];
  return order.slice(Math.min(a, b), Math.max(a, b) + 1);
}

function moveTarget(order: readonly string[], cursor: string | undefined, to: 'next' | 'previous' | 'first' | 'last'): string | undefined {
  if (order.length === 0) return undefined;
  const at = cursor === undefined ? -1 : order.indexOf(cursor);
  switch (to) {
    case 'first':
      return order[0];
    case 'last':
      return order[order.length - 1];
    case 'next':
      return order[Math.min(order.length - 1, at + 1)];
    case 'previous':
      return order[at < 0 ? 0 : Math.max(0, at - 1)];
  }
}
