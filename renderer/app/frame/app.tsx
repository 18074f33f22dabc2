import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ErrorHint } from '../../../shared/errors';
import { type ConnectionProfile, Settings } from '../../../shared/model';
import { ExportHostDialog } from '../../connections/export-host-dialog';
import { HostDialog } from '../../connections/host-dialog';
import { type HostForm, hostFormOfConfig } from '../../connections/host-form';
import { RemoveHostDialog } from '../../connections/remove-host-dialog';
import { ImportDialog } from '../../import/import-dialog';
import { FilesView } from '../../files/files-view';
import { useFilesTabs } from '../../files/use-files-tabs';
import { useTransfers } from '../../files/use-transfers';
import { PageView } from '../../pages/page-view';
import { PAGE_TAB_PREFIX, pageTabId } from '../../pages/pages';
import { PAGES, pageById } from '../../pages/registry';
import { PromptHost } from '../../prompts/prompt-host';
import type { Completion } from '../../terminal/completions';
import { QuickConnectDialog } from '../../terminal/quick-connect-dialog';
import { TabView } from '../../terminal/tab-view';
import { useTerminalTabs } from '../../terminal/use-terminal-tabs';
import { Toasts } from '../../ui/toasts';
import { VaultDialog } from '../../vault/vault-dialog';
import { AboutDialog } from './about-dialog';
import { useClient, useLinkStatus } from '../hooks/client-context';
import { EmptyState } from './empty-state';
import { MissingToken } from './missing-token';
import { SettingsDialog } from './settings-dialog';
import { SEARCH_SHORTCUT, Sidebar } from './sidebar';
import { StatusBar } from './status-bar';
import { TabStrip } from './tab-strip';
import { useAppStatus } from '../hooks/use-app-status';
import { useConfigHosts } from '../hooks/use-config-hosts';
import { useLiveConnections } from '../hooks/use-live-connections';
import { useNotices } from '../hooks/use-notices';
import { useProfiles } from '../hooks/use-profiles';
import { useSettings } from '../hooks/use-settings';
import { useShortcuts } from '../hooks/use-shortcuts';
import { useStorageProblems } from '../hooks/use-storage-problems';
import { useTabs } from '../hooks/use-tabs';
import { TunnelsProvider, useTunnels } from '../../tunnels/use-tunnels';
import { type ThemePreference, useTheme } from '../hooks/use-theme';
import './app.css';

type OpenDialog =
  | { kind: 'host'; editing?: ConnectionProfile; destination?: string; form?: HostForm }
  | { kind: 'remove'; profile: ConnectionProfile }
  | { kind: 'export'; profile: ConnectionProfile }
  | { kind: 'about' }
  | { kind: 'vault' }
  | { kind: 'import' }
  | { kind: 'settings' }
  | { kind: 'quick-connect' }
  | undefined;

/** Until main's settings arrive, terminals start with the defaults. */
const DEFAULT_SETTINGS = Settings.parse({});

const NO_GROUPS: readonly string[] = [];

const NEXT_THEME: Record<ThemePreference, ThemePreference> = { system: 'light', light: 'dark', dark: 'system' };

/** The frame: sidebar, tab strip with the current view, status bar; dialogs, prompts and toasts above. */
export function App() {
  const client = useClient();
  const link = useLinkStatus();
  const { toasts, notify, dismiss } = useNotices();
  const reportError = useCallback((message: string, code?: string, hint?: ErrorHint) => notify('error', message, code, hint), [notify]);
  const profiles = useProfiles();
  const configHosts = useConfigHosts();
  const liveConnections = useLiveConnections();
  const { settings, update } = useSettings(reportError);
  const themePreference = settings?.theme ?? 'system';
  const theme = useTheme(settings?.theme);
  const tabs = useTabs();
  const terminals = useTerminalTabs(tabs);
  const files = useFilesTabs(tabs);
  const transfers = useTransfers();
  const tunnels = useTunnels();
  const { vault, info, setVault } = useAppStatus();
  useStorageProblems(useCallback((text: string) => notify('warning', text), [notify]));
  const [dialog, setDialog] = useState<OpenDialog>(undefined);
  useRestoredSessions(terminals.restore, files.restore);
  const quickConnect = useRef<HTMLInputElement>(null);
  const hostSearch = useRef<HTMLInputElement>(null);
  const close = useCallback(() => setDialog(undefined), []);
  const hasTabs = tabs.state.tabs.length > 0;
  const newConnection = (): void => (hasTabs ? setDialog({ kind: 'quick-connect' }) : quickConnect.current?.focus());
  const activeId = terminals.activeId;
  const kindOf = (id: string): string | undefined => tabs.state.tabs.find((tab) => tab.id === id)?.kind;
  const isFilesTab = (id: string): boolean => kindOf(id) === 'files';
  // What another page asked a page to show first, by page id.
  const [pageFocus, setPageFocus] = useState<ReadonlyMap<string, { focus: string; request: number }>>(new Map());
  const openPage = useCallback(
    (id: string, focus?: string): void => {
      const page = pageById(id);
      if (page === undefined) return;
      setPageFocus((current) => new Map(current).set(id, { focus: focus ?? '', request: (current.get(id)?.request ?? 0) + 1 }));
      const tabId = pageTabId(id);
      if (tabs.state.tabs.some((tab) => tab.id === tabId)) tabs.select(tabId);
      else tabs.dispatch({ type: 'open', tab: { id: tabId, kind: 'page', title: page.title, state: 'connected' } });
    },
    [tabs],
  );
  // Clear of what browsers keep for themselves (Ctrl+N, Ctrl+Shift+N, Ctrl+L, Ctrl+T, Ctrl+W), so
  // they work under `npm run web` too. The terminal lets these through (terminal-controller.ts).
  useShortcuts({
    'Mod+Shift+H': () => setDialog({ kind: 'host' }),
    'Mod+K': newConnection,
    'Mod+Shift+T': newConnection,
    'Mod+Shift+W': () => {
      if (activeId !== undefined && kindOf(activeId) === 'page') tabs.dispatch({ type: 'close', id: activeId });
      else if (activeId !== undefined && isFilesTab(activeId)) files.close(activeId);
      else if (terminals.focusedPaneId !== undefined) terminals.closePane(terminals.focusedPaneId);
    },
    'Mod+Tab': () => tabs.cycle(1),
    'Mod+Shift+Tab': () => tabs.cycle(-1),
    'Mod+Shift+D': () => terminals.split('row'),
    'Mod+Shift+E': () => terminals.split('column'),
    'Mod+Alt+ArrowLeft': () => terminals.moveFocus('left'),
    'Mod+Alt+ArrowRight': () => terminals.moveFocus('right'),
    'Mod+Alt+ArrowUp': () => terminals.moveFocus('up'),
    'Mod+Alt+ArrowDown': () => terminals.moveFocus('down'),
    'Mod+,': () => setDialog({ kind: 'settings' }),
    // Ctrl+F is the shell's (forward a character) and Ctrl+Shift+F the terminal's find: S for search.
    [SEARCH_SHORTCUT]: () => hostSearch.current?.focus(),
  });
  const openDestination = (destination: string): void => {
    close();
    terminals.open({ destination }, destination);
  };
  // Quick connect's suggestion: a saved host opens as itself (its jump hosts, keys and settings), not as text.
  const openChoice = (choice: Completion): void => {
    if (choice.kind !== 'saved') return openDestination(choice.destination);
    close();
    terminals.open({ profileId: choice.profile.id }, choice.profile.name);
  };
  const completionSources = useMemo(() => ({ profiles: profiles.list ?? [], configHosts: configHosts.hosts }), [profiles.list, configHosts.hosts]);

  const closeTab = (id: string): void => {
    if (kindOf(id) === 'page') tabs.dispatch({ type: 'close', id });
    else if (isFilesTab(id)) files.close(id);
    else terminals.closeTab(id);
  };
  const duplicateTab = (id: string): void => (isFilesTab(id) ? files.duplicate(id) : terminals.duplicate(id));

  const connectedIds = new Set([...terminals.connectedProfileIds, ...files.connectedProfileIds]);
  useReloadOnConnect(connectedIds, profiles.reload);

  const removeHost = async (profile: ConnectionProfile): Promise<void> => {
    close();
    const result = await profiles.remove(profile.id);
    if (result.ok) notify('info', `Removed ${profile.name}.`);
    else reportError(result.error.message, result.error.code);
  };

  if (link.state === 'rejected') return <MissingToken isRejected />;
  return (
    <TunnelsProvider value={tunnels}>
      <div className="app">
        <Sidebar
          profiles={profiles.list}
          loadError={profiles.error?.message}
          onNewHost={() => setDialog({ kind: 'host' })}
          onImportHosts={() => setDialog({ kind: 'import' })}
          connectedIds={connectedIds}
          searchRef={hostSearch}
          onOpenHosts={(chosen) => {
            for (const profile of chosen) terminals.open({ profileId: profile.id }, profile.name);
          }}
          onOpenFiles={(profile) => files.open({ profileId: profile.id }, profile.name)}
          onEditHost={(profile) => setDialog({ kind: 'host', editing: profile })}
          onRemoveHost={(profile) => setDialog({ kind: 'remove', profile })}
          configHosts={configHosts.hosts}
          configError={configHosts.error}
          onOpenConfigHosts={(chosen) => {
            for (const host of chosen) terminals.open({ destination: host.key }, host.key);
          }}
          onOpenConfigFiles={(host) => files.open({ destination: host.key }, host.key)}
          onSaveConfigHost={(host) => setDialog({ kind: 'host', form: hostFormOfConfig(host) })}
          sort={settings?.hostSort ?? 'name'}
          foldedGroups={settings?.foldedHostGroups ?? NO_GROUPS}
          onChangeView={update}
          pages={PAGES}
          activePage={activeId?.startsWith(PAGE_TAB_PREFIX) === true ? activeId.slice(PAGE_TAB_PREFIX.length) : undefined}
          onOpenPage={openPage}
          tunnels={tunnels}
          onOpenTunnels={(name) => openPage('tunnels', name)}
          onError={reportError}
        />
        <main className="workspace">
          <TabStrip
            tabs={tabs.state.tabs}
            activeId={activeId}
            recordingIds={terminals.recordingIds}
            onSelect={tabs.select}
            onClose={closeTab}
            onDuplicate={duplicateTab}
            onNew={newConnection}
            onRename={tabs.rename}
            onMove={tabs.move}
          />
          <div className={`workspace__view ${hasTabs ? 'workspace__view--terminals' : ''}`}>
            {!hasTabs && (
              <EmptyState
                ref={quickConnect}
                hasHosts={(profiles.list?.length ?? 0) > 0}
                onAddHost={() => setDialog({ kind: 'host' })}
                onQuickConnect={openDestination}
                onChoose={openChoice}
                sources={completionSources}
              />
            )}
            {terminals.tabs.map((tab) => (
              <TabView
                key={tab.id}
                tab={tab}
                panes={terminals.panes}
                isVisible={tab.id === activeId}
                sessions={terminals.sessions}
                settings={settings ?? DEFAULT_SETTINGS}
                theme={theme}
                onSession={terminals.bindSession}
                onFocus={terminals.focusPane}
                onSplit={terminals.split}
                onResize={terminals.resize}
                onSaveConnection={(destination) => setDialog({ kind: 'host', destination })}
                onOpenFiles={files.open}
                onClosePane={terminals.closePane}
                onError={reportError}
              />
            ))}
            {tabs.state.tabs.map((tab) => {
              const info = files.infos.get(tab.id);
              if (info === undefined) return null;
              return (
                <FilesView
                  key={tab.id}
                  tabId={tab.id}
                  info={info}
                  status={files.statusOf(tab.id)}
                  isVisible={tab.id === activeId}
                  store={transfers.store}
                  jobs={transfers.jobs}
                  totals={transfers.totals}
                  onReconnect={(id) => void files.reconnect(id, (error) => reportError(error.message, error.code))}
                  onClose={files.close}
                  onError={reportError}
                  onNotice={(text) => notify('warning', text)}
                />
              );
            })}
            {tabs.state.tabs.map((tab) => {
              const page = tab.kind === 'page' ? pageById(tab.id.slice(PAGE_TAB_PREFIX.length)) : undefined;
              if (page === undefined) return null;
              return (
                <PageView
                  key={tab.id}
                  page={page}
                  isVisible={tab.id === activeId}
                  profiles={profiles.list}
                  reloadProfiles={profiles.reload}
                  onEditHost={(profile) => setDialog({ kind: 'host', editing: profile })}
                  onOpenPage={openPage}
                  focus={pageFocus.get(page.id)?.focus || undefined}
                  focusRequest={pageFocus.get(page.id)?.request}
                  onError={reportError}
                  onNotice={(text, level) => notify(level ?? 'info', text)}
                />
              );
            })}
          </div>
        </main>
        <StatusBar
          link={link}
          counts={{ connections: liveConnections, transfers: transfers.totals.active, tunnels: tunnels.upCount }}
          vault={vault}
          theme={themePreference}
          onRetry={client.retryNow}
          onCycleTheme={() => update({ theme: NEXT_THEME[themePreference] })}
          onAbout={() => setDialog({ kind: 'about' })}
          onVault={() => setDialog({ kind: 'vault' })}
          onSettings={() => setDialog({ kind: 'settings' })}
        />

        {dialog?.kind === 'host' && (
          <HostDialog
            editing={dialog.editing}
            initialDestination={dialog.destination}
            initialForm={dialog.form}
            onExport={(profile) => setDialog({ kind: 'export', profile })}
            onKnownHostKey={(profile) => {
              close();
              openPage('known-hosts', `profile:${profile.id}`);
            }}
            hosts={profiles.list ?? []}
            onSave={profiles.save}
            onClose={close}
          />
        )}
        {dialog?.kind === 'export' && <ExportHostDialog profile={dialog.profile} onClose={close} />}
        {dialog?.kind === 'remove' && <RemoveHostDialog profile={dialog.profile} onConfirm={() => void removeHost(dialog.profile)} onClose={close} />}
        {dialog?.kind === 'quick-connect' && (
          <QuickConnectDialog onConnect={openDestination} onChoose={openChoice} sources={completionSources} onClose={close} />
        )}
        {dialog?.kind === 'about' && <AboutDialog info={info} onClose={close} />}
        {dialog?.kind === 'settings' && settings !== undefined && (
          <SettingsDialog settings={settings} isDesktop={info?.transport === 'electron'} onUpdate={update} onClose={close} />
        )}
        {dialog?.kind === 'vault' && vault !== undefined && <VaultDialog vault={vault} onChange={setVault} onClose={close} />}
        {dialog?.kind === 'import' && <ImportDialog vault={vault} onVaultChange={setVault} onImported={profiles.reload} onClose={close} />}
        <PromptHost onError={reportError} />
        <Toasts toasts={toasts} onDismiss={dismiss} actions={{ 'unlock-vault': { label: 'Unlock…', run: () => setDialog({ kind: 'vault' }) } }} />
      </div>
    </TunnelsProvider>
  );
}

/** Main marks a host used when a session to it connects: the list is asked again to show it. */
function useReloadOnConnect(connectedIds: ReadonlySet<string>, reload: () => void): void {
  const key = [...connectedIds].sort().join(',');
  const previous = useRef(key);
  useEffect(() => {
    const before = new Set(previous.current.split(','));
    previous.current = key;
    if (key.split(',').some((id) => id !== '' && !before.has(id))) reload();
  }, [key, reload]);
}

/** Once per page: the sessions main kept for this window while it reloaded (or its renderer crashed) come back as tabs. */
function useRestoredSessions(restoreTerminals: ReturnType<typeof useTerminalTabs>['restore'], restoreFiles: ReturnType<typeof useFilesTabs>['restore']): void {
  const { api } = useClient();
  const asked = useRef(false);
  useEffect(() => {
    if (asked.current) return;
    asked.current = true;
    void api['sessions.list']({}).then((result) => {
      if (!result.ok) return;
      restoreTerminals(result.value.terminals);
      restoreFiles(result.value.files);
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per page load
  }, []);
}
