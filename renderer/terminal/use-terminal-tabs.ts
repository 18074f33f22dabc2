import { useCallback, useEffect, useMemo, useReducer, useRef, useState, useSyncExternalStore } from 'react';
import type { SessionId } from '../../shared/ipc';
import { type TabDescriptor, NO_TABS, tabsModel } from '../app/tabs-model';
import { useClient } from '../app/client-context';
import { TerminalSessions } from './terminal-sessions';
import type { TerminalTarget } from './use-terminal';

export interface TerminalTab extends TabDescriptor {
  target: TerminalTarget;
}

const TAB_STATE: Record<'connecting' | 'connected' | 'closed', TabDescriptor['state']> = {
  connecting: 'connecting',
  connected: 'connected',
  closed: 'disconnected',
};

/**
 * The terminal tabs of the window: the tabs model (order, selection, activity) plus which session
 * each tab holds. Tab state follows its session's events; output in a background tab marks it.
 */
export function useTerminalTabs() {
  const client = useClient();
  const sessions = useMemo(() => new TerminalSessions(client), [client]);
  useEffect(() => () => sessions.dispose(), [sessions]);
  useSyncExternalStore(sessions.subscribe, () => sessions.version);
  const [tabsState, dispatch] = useReducer(tabsModel, NO_TABS);
  const [targets, setTargets] = useState<ReadonlyMap<string, TerminalTarget>>(new Map());
  const [sessionOf, setSessionOf] = useState<ReadonlyMap<string, SessionId>>(new Map());
  const counter = useRef(0);
  const latest = useRef({ tabsState, sessionOf });
  latest.current = { tabsState, sessionOf };

  useEffect(() => {
    const sync = (): void => {
      const { tabsState: current, sessionOf: bound } = latest.current;
      for (const tab of current.tabs) {
        const status = sessions.get(bound.get(tab.id));
        if (status !== undefined && TAB_STATE[status.state] !== tab.state) dispatch({ type: 'state', id: tab.id, state: TAB_STATE[status.state] });
      }
    };
    const stopSync = sessions.subscribe(sync);
    sync();
    const stopOutput = sessions.onOutput((sessionId) => {
      const { tabsState: current, sessionOf: bound } = latest.current;
      const tab = current.tabs.find((t) => bound.get(t.id) === sessionId);
      if (tab !== undefined && tab.id !== current.activeId && tab.hasActivity !== true) dispatch({ type: 'activity', id: tab.id });
    });
    return () => {
      stopSync();
      stopOutput();
    };
  }, [sessions, sessionOf]);

  const open = useCallback((target: TerminalTarget, title: string) => {
    const id = `tab-${++counter.current}`;
    setTargets((current) => new Map(current).set(id, target));
    dispatch({ type: 'open', tab: { id, title, state: 'connecting' } });
  }, []);

  const close = useCallback(
    (id: string) => {
      const sessionId = latest.current.sessionOf.get(id);
      if (sessionId !== undefined) {
        void client.api['terminal.close']({ sessionId });
        sessions.forget(sessionId);
      }
      dispatch({ type: 'close', id });
      setTargets((current) => withoutKey(current, id));
      setSessionOf((current) => withoutKey(current, id));
    },
    [client, sessions],
  );

  const bindSession = useCallback((id: string, sessionId: SessionId) => {
    setSessionOf((current) => (current.get(id) === sessionId ? current : new Map(current).set(id, sessionId)));
  }, []);

  const tabs: TerminalTab[] = tabsState.tabs.flatMap((tab) => {
    const target = targets.get(tab.id);
    return target === undefined ? [] : [{ ...tab, target }];
  });
  const recordingIds = new Set(tabsState.tabs.filter((tab) => sessions.get(sessionOf.get(tab.id))?.recordingFile !== undefined).map((tab) => tab.id));

  return {
    tabs,
    activeId: tabsState.activeId,
    sessions,
    recordingIds,
    connectedCount: tabsState.tabs.filter((tab) => tab.state === 'connected').length,
    open,
    close,
    bindSession,
    select: (id: string) => dispatch({ type: 'select', id }),
    cycle: (step: 1 | -1) => dispatch({ type: 'cycle', step }),
    move: (id: string, toIndex: number) => dispatch({ type: 'move', id, toIndex }),
    rename: (id: string, title: string) => dispatch({ type: 'rename', id, title }),
  };
}

function withoutKey<V>(map: ReadonlyMap<string, V>, key: string): ReadonlyMap<string, V> {
  const next = new Map(map);
  next.delete(key);
  return next;
}
