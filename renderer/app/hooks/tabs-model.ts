/** One open tab: a terminal (split into panes), a file manager, or a page of the organiser. */
export interface TabDescriptor {
  id: string;
  kind: 'terminal' | 'files' | 'page';
  title: string;
  state: 'connecting' | 'connected' | 'disconnected';
  hasActivity?: boolean;
}

/** The open tabs and which one shows; terminal and file tabs drive it with these actions. */
export interface TabsState {
  tabs: readonly TabDescriptor[];
  activeId: string | undefined;
}

export type TabsAction =
  | { type: 'open'; tab: TabDescriptor }
  | { type: 'close'; id: string }
  | { type: 'select'; id: string }
  /** Ctrl+Tab / Ctrl+Shift+Tab: the next or previous tab, wrapping around. */
  | { type: 'cycle'; step: 1 | -1 }
  /** Drag to reorder: the tab moves to `toIndex` of the list as it is now. */
  | { type: 'move'; id: string; toIndex: number }
  | { type: 'rename'; id: string; title: string }
  | { type: 'state'; id: string; state: TabDescriptor['state'] }
  /** Output arrived in a tab that is not showing. */
  | { type: 'activity'; id: string };

export const NO_TABS: TabsState = { tabs: [], activeId: undefined };

export function tabsModel(current: TabsState, action: TabsAction): TabsState {
  const { tabs, activeId } = current;
  const indexOf = (id: string): number => tabs.findIndex((tab) => tab.id === id);
  const update = (id: string, change: Partial<TabDescriptor>): TabsState =>
    indexOf(id) < 0 ? current : { activeId, tabs: tabs.map((tab) => (tab.id === id ? { ...tab, ...change } : tab)) };

  switch (action.type) {
    case 'open': {
      const opened = { ...action.tab, hasActivity: false };
      // A new tab opens beside the one showing, as in browsers and terminals.
      const at = activeId === undefined ? tabs.length : indexOf(activeId) + 1;
      return { tabs: [...tabs.slice(0, at), opened, ...tabs.slice(at)], activeId: opened.id };
    }
    case 'close': {
      const index = indexOf(action.id);
      if (index < 0) return current;
      const rest = tabs.filter((tab) => tab.id !== action.id);
      if (activeId !== action.id) return { tabs: rest, activeId };
      // Closing the shown tab shows its right neighbour, else its left one.
      const next = rest[Math.min(index, rest.length - 1)];
      return { tabs: rest, activeId: next?.id };
    }
    case 'select':
      return indexOf(action.id) < 0 ? current : { tabs: clearActivity(tabs, action.id), activeId: action.id };
    case 'cycle': {
      if (tabs.length === 0) return current;
      const from = activeId === undefined ? 0 : indexOf(activeId);
      const next = tabs[(from + action.step + tabs.length) % tabs.length];
      return next === undefined ? current : { tabs: clearActivity(tabs, next.id), activeId: next.id };
    }
    case 'move': {
      const index = indexOf(action.id);
      const moving = tabs[index];
      if (moving === undefined) return current;
      const rest = tabs.filter((tab) => tab.id !== action.id);
      const at = Math.max(0, Math.min(rest.length, action.toIndex));
      return { activeId, tabs: [...rest.slice(0, at), moving, ...rest.slice(at)] };
    }
    case 'rename': {
      const title = action.title.trim();
      return title === '' ? current : update(action.id, { title });
    }
    case 'state':
      return update(action.id, { state: action.state });
    case 'activity':
      return action.id === activeId ? current : update(action.id, { hasActivity: true });
  }
}

function clearActivity(tabs: readonly TabDescriptor[], id: string): readonly TabDescriptor[] {
  return tabs.map((tab) => (tab.id === id && tab.hasActivity === true ? { ...tab, hasActivity: false } : tab));
}
