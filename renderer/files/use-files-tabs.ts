import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { AppErrorData } from '../../shared/errors/app-error';
import type { FilesSessionId } from '../../shared/model';
import { useClient } from '../app/hooks/client-context';
import type { TabDescriptor } from '../app/hooks/tabs-model';
import type { Tabs } from '../app/hooks/use-tabs';
import type { TerminalTarget } from '../terminal/use-terminal';
import { FilesSessions, type FilesStatus } from './files-sessions';

/** One file-manager tab: where it connects, and its session once `files.open` answered. */
export interface FilesTabInfo {
  target: TerminalTarget;
  title: string;
  filesId?: FilesSessionId;
  /** `files.open` itself refused (no such profile, vault locked…). */
  openError?: AppErrorData;
}

/**
 * The file-manager tabs of the window, in the shared row of tabs: each opens one SFTP session
 * (`files.open`), shows its state in the tab, and closes it with the tab (`files.close`).
 */
export function useFilesTabs({ state: tabsState, dispatch: dispatchTabs }: Pick<Tabs, 'state' | 'dispatch'>) {
  const client = useClient();
  const sessions = useMemo(() => new FilesSessions(client), [client]);
  useEffect(() => () => sessions.dispose(), [sessions]);
  useSyncExternalStore(sessions.subscribe, () => sessions.version);
  const [infos, setInfos] = useState<ReadonlyMap<string, FilesTabInfo>>(new Map());
  const counter = useRef(0);
  const latest = useRef({ tabsState, infos });
  latest.current = { tabsState, infos };

  const setInfo = (tabId: string, change: Partial<FilesTabInfo>): void =>
    setInfos((current) => {
      const info = current.get(tabId);
      return info === undefined ? current : new Map(current).set(tabId, { ...info, ...change });
    });

  const open = useCallback(
    (target: TerminalTarget, title: string) => {
      const tabId = `files-${++counter.current}`;
      setInfos((current) => new Map(current).set(tabId, { target, title }));
      dispatchTabs({ type: 'open', tab: { id: tabId, kind: 'files', title, state: 'connecting' } });
      void client.api['files.open']({ target }).then((result) => {
        // Closed before main answered: the session is not wanted any more.
        if (result.ok && !latest.current.tabsState.tabs.some((tab) => tab.id === tabId))
          return void client.api['files.close']({ filesId: result.value.filesId });
        setInfo(tabId, result.ok ? { filesId: result.value.filesId } : { openError: result.error });
      });
    },
    [client, dispatchTabs],
  );

  /** The sessions main kept for this window (it reloaded): each comes back as its own tab. */
  const restore = useCallback(
    (kept: ReadonlyArray<{ filesId: FilesSessionId; target: TerminalTarget; title: string; state: FilesStatus['state']; home?: string }>) => {
      for (const { filesId, target, title, state, home } of kept) {
        sessions.restore(filesId, state, title, home);
        const tabId = `files-${++counter.current}`;
        setInfos((current) => new Map(current).set(tabId, { target, title, filesId }));
        dispatchTabs({ type: 'open', tab: { id: tabId, kind: 'files', title, state: 'connecting' } });
      }
    },
    [sessions, dispatchTabs],
  );

  const close = useCallback(
    (tabId: string) => {
      const filesId = latest.current.infos.get(tabId)?.filesId;
      if (filesId !== undefined) {
        void client.api['files.close']({ filesId });
        sessions.forget(filesId);
      }
      setInfos((current) => {
        const next = new Map(current);
        next.delete(tabId);
        return next;
      });
      dispatchTabs({ type: 'close', id: tabId });
    },
    [client, sessions, dispatchTabs],
  );

  /** A new files tab to the same place. */
  const duplicate = useCallback(
    (tabId: string) => {
      const info = latest.current.infos.get(tabId);
      if (info !== undefined) open(info.target, info.title);
    },
    [open],
  );

  const statusOf = useCallback(
    (tabId: string): FilesStatus | undefined => {
      const info = latest.current.infos.get(tabId);
      if (info?.openError !== undefined) return { state: 'closed', label: info.title, home: undefined, progress: [], error: info.openError, attempt: 1 };
      return sessions.get(info?.filesId);
    },
    [sessions],
  );

  /** Connects a closed tab again; when `files.open` itself had failed there is no session yet, so it opens one. */
  const reconnect = useCallback(
    async (tabId: string, onError: (error: AppErrorData) => void) => {
      const info = latest.current.infos.get(tabId);
      if (info === undefined) return;
      if (info.filesId !== undefined) {
        const result = await client.api['files.reconnect']({ filesId: info.filesId });
        if (!result.ok) onError(result.error);
        return;
      }
      setInfo(tabId, { openError: undefined });
      const result = await client.api['files.open']({ target: info.target });
      setInfo(tabId, result.ok ? { filesId: result.value.filesId } : { openError: result.error });
    },
    [client],
  );

  // The tab's dot follows its session.
  const version = sessions.version;
  useEffect(() => {
    for (const tab of tabsState.tabs) {
      if (tab.kind !== 'files') continue;
      const state = tabStateOf(statusOf(tab.id));
      if (state !== tab.state) dispatchTabs({ type: 'state', id: tab.id, state });
    }
  }, [tabsState.tabs, infos, version, statusOf, dispatchTabs]);

  return {
    infos,
    sessions,
    statusOf,
    open,
    restore,
    close,
    duplicate,
    reconnect,
    connectedCount: [...infos.values()].filter((info) => sessions.get(info.filesId)?.state === 'connected').length,
    /** Saved hosts with a files session connected to them now. */
    connectedProfileIds: profileIdsOf([...infos.values()].filter((info) => sessions.get(info.filesId)?.state === 'connected').map((info) => info.target)),
  };
}

function profileIdsOf(targets: readonly TerminalTarget[]): string[] {
  return targets.flatMap((target) => ('profileId' in target ? [target.profileId] : []));
}

function tabStateOf(status: FilesStatus | undefined): TabDescriptor['state'] {
  if (status === undefined || status.state === 'connecting') return 'connecting';
  return status.state === 'connected' ? 'connected' : 'disconnected';
}
