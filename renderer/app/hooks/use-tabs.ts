import { useMemo, useReducer } from 'react';
import { NO_TABS, type TabsAction, type TabsState, tabsModel } from './tabs-model';

export interface Tabs {
  state: TabsState;
  dispatch(action: TabsAction): void;
  select(id: string): void;
  cycle(step: 1 | -1): void;
  move(id: string, toIndex: number): void;
  rename(id: string, title: string): void;
}

/** The window's one row of tabs, which terminal and file tabs share (order, selection, activity). */
export function useTabs(): Tabs {
  const [state, dispatch] = useReducer(tabsModel, NO_TABS);
  const actions = useMemo(
    () => ({
      select: (id: string) => dispatch({ type: 'select', id }),
      cycle: (step: 1 | -1) => dispatch({ type: 'cycle', step }),
      move: (id: string, toIndex: number) => dispatch({ type: 'move', id, toIndex }),
      rename: (id: string, title: string) => dispatch({ type: 'rename', id, title }),
    }),
    [],
  );
  return { state, dispatch, ...actions };
}
