import { describe, expect, it } from 'vitest';
import type { FileEntryData } from '../../../../shared/model';
import {
  NO_SELECTION,
  type Selection,
  type SelectionAction,
  nextSort,
  selectedInOrder,
  selectionModel,
  sortEntries,
} from '../../../../renderer/files/listing-model';

const entry = (name: string, type: FileEntryData['type'], extra: Partial<FileEntryData> = {}): FileEntryData => ({
  name,
  path: `/srv/${name}`,
  type,
  size: 0,
  mode: 0o644,
  uid: 1000,
  gid: 1000,
  mtime: 1_700_000_000,
  ...extra,
});
const names = (entries: FileEntryData[]) => entries.map((e) => e.name);
const run = (actions: SelectionAction[], from: Selection = NO_SELECTION) => actions.reduce(selectionModel, from);
const selected = (selection: Selection) => [...selection.selected].sort();

describe('sortEntries', () => {
  const entries = [
    entry('file10.txt', 'file', { size: 5, mtime: 3, owner: 'bob' }),
    entry('zeta', 'directory', { size: 4096, mtime: 1 }),
    entry('file2.txt', 'file', { size: 50, mtime: 1, owner: 'alice' }),
    entry('Alpha', 'directory', { size: 4096, mtime: 2 }),
    entry('docs', 'symlink', { isDirectoryLink: true, mtime: 9 }),
    entry('link.txt', 'symlink', { size: 8, mtime: 4 }),
  ];

  it('puts directories (and links to them) first, then names in natural order, case-insensitive', () => {
    expect(names(sortEntries(entries, { key: 'name', direction: 'ascending' }))).toEqual(['Alpha', 'docs', 'zeta', 'file2.txt', 'file10.txt', 'link.txt']);
  });

  it('keeps directories first when the order is reversed or another column sorts', () => {
    expect(names(sortEntries(entries, { key: 'name', direction: 'descending' }))).toEqual(['zeta', 'docs', 'Alpha', 'link.txt', 'file10.txt', 'file2.txt']);
    expect(names(sortEntries(entries, { key: 'size', direction: 'descending' }))).toEqual(['zeta', 'Alpha', 'docs', 'file2.txt', 'link.txt', 'file10.txt']);
    expect(names(sortEntries(entries, { key: 'mtime', direction: 'ascending' }))).toEqual(['zeta', 'Alpha', 'docs', 'file2.txt', 'file10.txt', 'link.txt']);
  });

  it('sorts by owner name, falling back to the uid', () => {
    expect(
      names(
        sortEntries(
          entries.filter((e) => e.type === 'file'),
          { key: 'owner', direction: 'ascending' },
        ),
      ),
    ).toEqual(['file2.txt', 'file10.txt']);
  });

  it('does not change the list it was given', () => {
    const copy = [...entries];
    sortEntries(entries, { key: 'size', direction: 'ascending' });
    expect(entries).toEqual(copy);
  });
});

describe('nextSort', () => {
  it('flips the same column and starts another one ascending', () => {
    expect(nextSort({ key: 'name', direction: 'ascending' }, 'name')).toEqual({ key: 'name', direction: 'descending' });
    expect(nextSort({ key: 'name', direction: 'descending' }, 'name')).toEqual({ key: 'name', direction: 'ascending' });
    expect(nextSort({ key: 'name', direction: 'descending' }, 'size')).toEqual({ key: 'size', direction: 'ascending' });
  });
});

describe('selectionModel', () => {
  const order = ['a', 'b', 'c', 'd', 'e'];

  it('a click selects one row; Ctrl-click adds and removes rows', () => {
    let state = run([{ type: 'click', path: 'b' }]);
    expect(selected(state)).toEqual(['b']);
    state = run(
      [
        { type: 'toggle', path: 'd' },
        { type: 'toggle', path: 'a' },
      ],
      state,
    );
    expect(selected(state)).toEqual(['a', 'b', 'd']);
    state = run([{ type: 'toggle', path: 'b' }], state);
    expect(selected(state)).toEqual(['a', 'd']);
    state = run([{ type: 'click', path: 'e' }], state);
    expect(selected(state)).toEqual(['e']);
  });

  it('Shift-click selects from the anchor to the row, either way; Ctrl+Shift adds the range', () => {
    let state = run([
      { type: 'click', path: 'b' },
      { type: 'range', path: 'd', order },
    ]);
    expect(selected(state)).toEqual(['b', 'c', 'd']);
    // The anchor stays where the range started.
    state = run([{ type: 'range', path: 'a', order }], state);
    expect(selected(state)).toEqual(['a', 'b']);
    state = run(
      [
        { type: 'toggle', path: 'e' },
        { type: 'range', path: 'c', order, isAdding: true },
      ],
      state,
    );
    expect(selected(state)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('arrows move the cursor and select its row; with Shift the range follows', () => {
    let state = run([{ type: 'move', to: 'next', order, isExtending: false }]);
    expect(state).toMatchObject({ cursor: 'a' });
    state = run(
      [
        { type: 'move', to: 'next', order, isExtending: false },
        { type: 'move', to: 'next', order, isExtending: true },
        { type: 'move', to: 'next', order, isExtending: true },
      ],
      state,
    );
    expect(selected(state)).toEqual(['b', 'c', 'd']);
    expect(state.cursor).toBe('d');
    state = run([{ type: 'move', to: 'previous', order, isExtending: true }], state);
    expect(selected(state)).toEqual(['b', 'c']);
    state = run(
      [
        { type: 'move', to: 'last', order, isExtending: false },
        { type: 'move', to: 'next', order, isExtending: false },
      ],
      state,
    );
    expect(selected(state)).toEqual(['e']);
    state = run([{ type: 'move', to: 'first', order, isExtending: true }], state);
    expect(selected(state)).toEqual(order);
  });

  it('Ctrl+A selects everything; clear selects nothing', () => {
    const state = run([
      { type: 'click', path: 'c' },
      { type: 'all', order },
    ]);
    expect(selected(state)).toEqual(order);
    expect(state.cursor).toBe('c');
    expect(run([{ type: 'clear' }], state)).toBe(NO_SELECTION);
  });

  it('a new listing drops what is gone, and changes nothing when all is still there', () => {
    const state = run([
      { type: 'click', path: 'b' },
      { type: 'toggle', path: 'd' },
    ]);
    expect(run([{ type: 'sync', order }], state)).toBe(state);
    const synced = run([{ type: 'sync', order: ['a', 'b', 'c'] }], state);
    expect(selected(synced)).toEqual(['b']);
    expect(synced.cursor).toBeUndefined();
  });

  it('moving in an empty listing does nothing', () => {
    expect(run([{ type: 'move', to: 'next', order: [], isExtending: false }])).toBe(NO_SELECTION);
  });

  it('gives the selection in listing order', () => {
    const state = run([
      { type: 'click', path: 'd' },
      { type: 'toggle', path: 'a' },
    ]);
    expect(selectedInOrder(state, order)).toEqual(['a', 'd']);
  });
});
