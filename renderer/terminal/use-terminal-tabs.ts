import { useCallback, useEffect, useMemo, useReducer, useRef, useState, useSyncExternalStore } from 'react';
import type { SessionId } from '../../shared/ipc';
import type { TabDescriptor } from '../app/hooks/tabs-model';
import type { Tabs } from '../app/hooks/use-tabs';
import { useClient } from '../app/hooks/client-context';
import { type FocusDirection, paneIds } from './pane-layout';
import { NO_PANES, type PanesState, type TabPanes, panesModel, tabOfPane } from './panes-model';
import { type SessionStatus, TerminalSessions } from './terminal-sessions';
import type { TerminalTarget } from './use-terminal';

/** One terminal: where it connects and what its header says. */
export interface PaneInfo {
  target: TerminalTarget;
  title: string;
  /** A session main kept for this window across a reload: the pane draws it instead of opening one. */
  restore?: SessionId;
}

export interface TerminalTab extends TabDescriptor, TabPanes {}

/**
 * The terminal tabs of the window (in the shared row of tabs): how each tab is split into panes
 * and which pane has the keyboard, and which session each pane holds. A tab's state is its panes'
 * (any dropped: disconnected); output in a background tab marks it.
 */
export function useTerminalTabs({ state: tabsState, dispatch: dispatchTabs }: Pick<Tabs, 'state' | 'dispatch'>) {
  const client = useClient();
  const sessions = useMemo(() => new TerminalSessions(client), [client]);
  useEffect(() => () => sessions.dispose(), [sessions]);
  useSyncExternalStore(sessions.subscribe, () => sessions.version);
  const [panesState, dispatchPanes] = useReducer(panesModel, NO_PANES);
  const [panes, setPanes] = useState<ReadonlyMap<string, PaneInfo>>(new Map());
  const [sessionOf, setSessionOf] = useState<ReadonlyMap<string, SessionId>>(new Map());
  const counter = useRef(0);
  // Looked up for every batch of output: built once per change of panes or sessions, not per batch.
  const tabOfSession = useMemo(() => {
    const map = new Map<SessionId, string>();
    for (const [tabId, tab] of panesState) {
      for (const paneId of paneIds(tab.layout)) {
        const sessionId = sessionOf.get(paneId);
        if (sessionId !== undefined) map.set(sessionId, tabId);
      }
    }
    return map;
  }, [panesState, sessionOf]);
  const latest = useRef({ tabsState, panesState, panes, sessionOf, tabOfSession });
  latest.current = { tabsState, panesState, panes, sessionOf, tabOfSession };

  const stateOfTab = useCallback(
    (tabId: string): TabDescriptor['state'] => {
      const { panesState: layouts, sessionOf: bound } = latest.current;
      return aggregate(panesOf(layouts, tabId).map((id) => sessions.get(bound.get(id))?.state));
    },
    [sessions],
  );

  const syncTabStates = useCallback((): void => {
    for (const tab of latest.current.tabsState.tabs) {
      if (tab.kind !== 'terminal') continue;
      const state = stateOfTab(tab.id);
      if (state !== tab.state) dispatchTabs({ type: 'state', id: tab.id, state });
    }
  }, [stateOfTab, dispatchTabs]);
  useEffect(() => sessions.subscribe(syncTabStates), [sessions, syncTabStates]);
  // A pane bound to its session or a pane closed changes its tab's state too.
  useEffect(syncTabStates, [syncTabStates, sessionOf, panesState]);
  useEffect(
    () =>
      sessions.onOutput((sessionId) => {
        const { tabsState: current, tabOfSession: tabs } = latest.current;
        const tabId = tabs.get(sessionId);
        if (tabId === undefined || tabId === current.activeId) return;
        const tab = current.tabs.find((t) => t.id === tabId);
        if (tab !== undefined && tab.hasActivity !== true) dispatchTabs({ type: 'activity', id: tabId });
      }),
    [sessions, dispatchTabs],
  );

  const newPane = (info: PaneInfo): string => {
    const paneId = `pane-${++counter.current}`;
    setPanes((current) => new Map(current).set(paneId, info));
    return paneId;
  };

  const open = useCallback(
    (target: TerminalTarget, title: string) => {
      const tabId = `tab-${++counter.current}`;
      const paneId = newPane({ target, title });
      dispatchPanes({ type: 'add-tab', tabId, paneId });
      dispatchTabs({ type: 'open', tab: { id: tabId, kind: 'terminal', title, state: 'connecting' } });
    },
    [dispatchTabs],
  );

  /** The sessions main kept for this window (it reloaded): each comes back as its own tab. */
  const restore = useCallback(
    (kept: ReadonlyArray<{ sessionId: SessionId; target: TerminalTarget; title: string; state: SessionStatus['state'] }>) => {
      for (const { sessionId, target, title, state } of kept) {
        sessions.restore({ sessionId, state });
        const tabId = `tab-${++counter.current}`;
        const paneId = newPane({ target, title, restore: sessionId });
        dispatchPanes({ type: 'add-tab', tabId, paneId });
        dispatchTabs({ type: 'open', tab: { id: tabId, kind: 'terminal', title, state: 'connecting' } });
      }
    },
    [sessions, dispatchTabs],
  );

  /** Ends a pane's session for good and forgets it. */
  const dropPane = useCallback(
    (paneId: string) => {
      const sessionId = latest.current.sessionOf.get(paneId);
      if (sessionId !== undefined) {
        void client.api['terminal.close']({ sessionId });
        sessions.forget(sessionId);
      }
      setPanes((current) => withoutKey(current, paneId));
      setSessionOf((current) => withoutKey(current, paneId));
    },
    [client, sessions],
  );

  const closeTab = useCallback(
    (tabId: string) => {
      for (const paneId of panesOf(latest.current.panesState, tabId)) dropPane(paneId);
      dispatchPanes({ type: 'remove-tab', tabId });
      dispatchTabs({ type: 'close', id: tabId });
    },
    [dropPane, dispatchTabs],
  );

  /** Closes one pane; the tab goes with its last pane. */
  const closePane = useCallback(
    (paneId: string) => {
      const tabId = tabOfPane(latest.current.panesState, paneId);
      if (tabId === undefined) return;
      if (panesOf(latest.current.panesState, tabId).length <= 1) return closeTab(tabId);
      dropPane(paneId);
      dispatchPanes({ type: 'remove-pane', paneId });
    },
    [closeTab, dropPane],
  );

  const focusedPane = (tabId: string | undefined): PaneInfo | undefined => {
    const focusedId = tabId === undefined ? undefined : latest.current.panesState.get(tabId)?.focusedId;
    return focusedId === undefined ? undefined : latest.current.panes.get(focusedId);
  };

  /** Divides the active tab's focused pane; the new pane connects to the same place. */
  const split = useCallback((direction: 'row' | 'column') => {
    const tabId = latest.current.tabsState.activeId;
    const source = focusedPane(tabId);
    if (tabId === undefined || source === undefined) return;
    dispatchPanes({ type: 'split', tabId, direction, paneId: newPane({ target: source.target, title: source.title }) });
  }, []);

  /** A new tab to the same place as the tab's focused pane, under the same name. */
  const duplicate = useCallback(
    (tabId: string) => {
      const source = focusedPane(tabId);
      const title = latest.current.tabsState.tabs.find((tab) => tab.id === tabId)?.title;
      if (source !== undefined && title !== undefined) open(source.target, title);
    },
    [open],
  );

  const bindSession = useCallback((paneId: string, sessionId: SessionId) => {
    setSessionOf((current) => (current.get(paneId) === sessionId ? current : new Map(current).set(paneId, sessionId)));
  }, []);

  const tabs: TerminalTab[] = tabsState.tabs.flatMap((tab) => {
    const layout = panesState.get(tab.id);
    return layout === undefined ? [] : [{ ...tab, ...layout }];
  });
  const isRecording = (paneId: string): boolean => sessions.get(sessionOf.get(paneId))?.recordingFile !== undefined;
  const recordingIds = new Set(tabs.filter((tab) => paneIds(tab.layout).some(isRecording)).map((tab) => tab.id));
  const activeId = tabsState.activeId;

  return {
    tabs,
    panes,
    activeId,
    sessions,
    recordingIds,
    connectedCount: [...sessionOf.values()].filter((id) => sessions.get(id)?.state === 'connected').length,
    /** Saved hosts with a terminal connected to them now. */
    connectedProfileIds: [...panes].flatMap(([paneId, { target }]) =>
      'profileId' in target && sessions.get(sessionOf.get(paneId))?.state === 'connected' ? [target.profileId] : [],
    ),
    open,
    restore,
    closeTab,
    closePane,
    split,
    duplicate,
    bindSession,
    /** The focused pane of the active tab (Ctrl+Shift+W closes it). */
    focusedPaneId: activeId === undefined ? undefined : panesState.get(activeId)?.focusedId,
    focusPane: useCallback((paneId: string) => dispatchPanes({ type: 'focus', paneId }), []),
    moveFocus: useCallback((direction: FocusDirection) => {
      const tabId = latest.current.tabsState.activeId;
      if (tabId !== undefined) dispatchPanes({ type: 'move-focus', tabId, direction });
    }, []),
    resize: useCallback((tabId: string, path: string, ratio: number) => dispatchPanes({ type: 'resize', tabId, path, ratio }), []),
  };
}

/** Any pane dropped: the tab shows disconnected; else any still connecting: connecting. */
function aggregate(states: ReadonlyArray<SessionStatus['state'] | undefined>): TabDescriptor['state'] {
  if (states.includes('closed')) return 'disconnected';
  if (states.length === 0 || states.some((state) => state !== 'connected')) return 'connecting';
  return 'connected';
}

function panesOf(state: PanesState, tabId: string): string[] {
  const tab = state.get(tabId);
  return tab === undefined ? [] : paneIds(tab.layout);
}

function withoutKey<V>(map: ReadonlyMap<string, V>, key: string): ReadonlyMap<string, V> {
  const next = new Map(map);
  next.delete(key);
  return next;
}
