import { type FocusDirection, type PaneLayout, neighbour, paneIds, removePane, setRatio, singlePane, splitPane } from './pane-layout';

/** One tab's panes: how the tab is divided and which pane has the keyboard. */
export interface TabPanes {
  layout: PaneLayout;
  focusedId: string;
}

/** Every tab's panes, by tab id. */
export type PanesState = ReadonlyMap<string, TabPanes>;

export type PanesAction =
  | { type: 'add-tab'; tabId: string; paneId: string }
  | { type: 'remove-tab'; tabId: string }
  /** Divides the tab's focused pane; the new pane gets the focus. */
  | { type: 'split'; tabId: string; direction: 'row' | 'column'; paneId: string }
  /** A pane closed; when it was the tab's last one the tab is left out (the caller closes the tab). */
  | { type: 'remove-pane'; paneId: string }
  | { type: 'focus'; paneId: string }
  | { type: 'move-focus'; tabId: string; direction: FocusDirection }
  | { type: 'resize'; tabId: string; path: string; ratio: number };

export const NO_PANES: PanesState = new Map();

export function tabOfPane(state: PanesState, paneId: string): string | undefined {
  for (const [tabId, tab] of state) if (paneIds(tab.layout).includes(paneId)) return tabId;
  return undefined;
}

export function panesModel(state: PanesState, action: PanesAction): PanesState {
  const change = (tabId: string, update: (tab: TabPanes) => TabPanes | undefined): PanesState => {
    const tab = state.get(tabId);
    if (tab === undefined) return state;
    const next = new Map(state);
    const updated = update(tab);
    if (updated === undefined) next.delete(tabId);
    else next.set(tabId, updated);
    return next;
  };
  switch (action.type) {
    case 'add-tab':
      return new Map(state).set(action.tabId, { layout: singlePane(action.paneId), focusedId: action.paneId });
    case 'remove-tab':
      return change(action.tabId, () => undefined);
    case 'split':
      return change(action.tabId, (tab) => ({ layout: splitPane(tab.layout, tab.focusedId, action.direction, action.paneId), focusedId: action.paneId }));
    case 'remove-pane': {
      const tabId = tabOfPane(state, action.paneId);
      if (tabId === undefined) return state;
      return change(tabId, (tab) => {
        const layout = removePane(tab.layout, action.paneId);
        if (layout === undefined) return undefined;
        // The focus goes to a neighbour of the closed pane, as in tiling terminals.
        const focusedId = tab.focusedId !== action.paneId ? tab.focusedId : (nearest(tab.layout, action.paneId) ?? paneIds(layout)[0]!);
        return { layout, focusedId };
      });
    }
    case 'focus': {
      const tabId = tabOfPane(state, action.paneId);
      if (tabId === undefined || state.get(tabId)?.focusedId === action.paneId) return state;
      return change(tabId, (tab) => ({ ...tab, focusedId: action.paneId }));
    }
    case 'move-focus':
      return change(action.tabId, (tab) => ({ ...tab, focusedId: neighbour(tab.layout, tab.focusedId, action.direction) ?? tab.focusedId }));
    case 'resize':
      return change(action.tabId, (tab) => ({ ...tab, layout: setRatio(tab.layout, action.path, action.ratio) }));
  }
}

function nearest(layout: PaneLayout, paneId: string): string | undefined {
  for (const direction of ['left', 'up', 'right', 'down'] as const) {
    const found = neighbour(layout, paneId, direction);
    if (found !== undefined) return found;
  }
  return undefined;
}
