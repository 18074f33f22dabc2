import { describe, expect, it } from 'vitest';
import { NO_TABS, type TabsAction, type TabsState, tabsModel } from '../../../../renderer/app/hooks/tabs-model';

const tab = (id: string) => ({ id, kind: 'terminal' as const, title: id, state: 'connected' as const });
const run = (actions: TabsAction[], from: TabsState = NO_TABS) => actions.reduce(tabsModel, from);
const ids = (state: TabsState) => state.tabs.map((t) => t.id);

describe('tabsModel', () => {
  it('opens a tab beside the one showing and shows it', () => {
    const state = run([
      { type: 'open', tab: tab('a') },
      { type: 'open', tab: tab('b') },
      { type: 'select', id: 'a' },
      { type: 'open', tab: tab('c') },
    ]);
    expect(ids(state)).toEqual(['a', 'c', 'b']);
    expect(state.activeId).toBe('c');
  });

  it('shows the right neighbour when the shown tab closes, else the left one, else nothing', () => {
    let state = run(['a', 'b', 'c'].map((id) => ({ type: 'open', tab: tab(id) }) as TabsAction));
    state = run(
      [
        { type: 'select', id: 'b' },
        { type: 'close', id: 'b' },
      ],
      state,
    );
    expect(state).toMatchObject({ activeId: 'c' });
    state = run([{ type: 'close', id: 'c' }], state);
    expect(state.activeId).toBe('a');
    state = run([{ type: 'close', id: 'a' }], state);
    expect(state).toEqual({ tabs: [], activeId: undefined });
  });

  it('keeps the shown tab when another one closes', () => {
    const state = run([
      { type: 'open', tab: tab('a') },
      { type: 'open', tab: tab('b') },
      { type: 'close', id: 'a' },
    ]);
    expect(state.activeId).toBe('b');
  });

  it('cycles both ways with wrap-around', () => {
    const opened = run(['a', 'b', 'c'].map((id) => ({ type: 'open', tab: tab(id) }) as TabsAction));
    expect(run([{ type: 'cycle', step: 1 }], opened).activeId).toBe('a');
    expect(run([{ type: 'cycle', step: -1 }], opened).activeId).toBe('b');
    expect(run([{ type: 'cycle', step: 1 }], NO_TABS)).toBe(NO_TABS);
  });

  it('moves a tab to a new place', () => {
    const opened = run(['a', 'b', 'c'].map((id) => ({ type: 'open', tab: tab(id) }) as TabsAction));
    expect(ids(run([{ type: 'move', id: 'c', toIndex: 0 }], opened))).toEqual(['c', 'a', 'b']);
    expect(ids(run([{ type: 'move', id: 'a', toIndex: 99 }], opened))).toEqual(['b', 'c', 'a']);
  });

  it('marks activity only on hidden tabs and clears it when shown', () => {
    let state = run([
      { type: 'open', tab: tab('a') },
      { type: 'open', tab: tab('b') },
      { type: 'activity', id: 'b' },
      { type: 'activity', id: 'a' },
    ]);
    expect(state.tabs.map((t) => t.hasActivity)).toEqual([true, false]);
    state = run([{ type: 'select', id: 'a' }], state);
    expect(state.tabs.map((t) => t.hasActivity)).toEqual([false, false]);
  });

  it('renames (ignoring blank names) and records the connection state', () => {
    const state = run([
      { type: 'open', tab: tab('a') },
      { type: 'rename', id: 'a', title: '  prod db  ' },
      { type: 'rename', id: 'a', title: '   ' },
      { type: 'state', id: 'a', state: 'disconnected' },
      { type: 'state', id: 'missing', state: 'connecting' },
    ]);
    expect(state.tabs).toEqual([{ id: 'a', kind: 'terminal', title: 'prod db', state: 'disconnected', hasActivity: false }]);
  });
});
