import { ArrowDownAZ, Clock, FileInput, Plus, Search } from 'lucide-react';
import { type Ref, useMemo, useState } from 'react';
import type { ConnectionProfile } from '../../../shared/model';
import type { ImportedHost } from '../../../shared/model/host-import';
import type { PageDefinition } from '../../pages/pages';
import { Button, IconButton } from '../../ui/button';
import { describeShortcut } from '../hooks/use-shortcuts';
import { HostList } from './host-list';
import { type HostSort, hostRows } from './host-rows';
import { Logo } from './logo';
import { SidebarTunnels } from './sidebar-tunnels';
import type { Tunnels } from '../../tunnels/use-tunnels';
import './sidebar.css';

export interface SidebarProps {
  profiles: readonly ConnectionProfile[] | undefined;
  loadError: string | undefined;
  /** Hosts with a terminal or files session open to them now. */
  connectedIds: ReadonlySet<string>;
  /** The search box, for the shortcut that focuses it. */
  searchRef?: Ref<HTMLInputElement>;
  onNewHost(): void;
  /** The import dialog: hosts from ~/.ssh/config or another client's file. */
  onImportHosts(): void;
  /** A terminal to each host (one, the selection, or a group). */
  onOpenHosts(profiles: readonly ConnectionProfile[]): void;
  /** The host's files, in a files tab. */
  onOpenFiles(profile: ConnectionProfile): void;
  onEditHost(profile: ConnectionProfile): void;
  onRemoveHost(profile: ConnectionProfile): void;
  /** The concrete hosts of ~/.ssh/config, shown read-only after the saved hosts' groups. */
  configHosts: readonly ImportedHost[];
  /** Why ~/.ssh/config could not be listed. */
  configError: string | undefined;
  /** A terminal to each, by its alias (resolved as `ssh ALIAS` would). */
  onOpenConfigHosts(hosts: readonly ImportedHost[]): void;
  onOpenConfigFiles(host: ImportedHost): void;
  onSaveConfigHost(host: ImportedHost): void;
  /** The order and the folded groups, kept in the settings. */
  sort: HostSort;
  foldedGroups: readonly string[];
  onChangeView(view: { hostSort?: HostSort; foldedHostGroups?: string[] }): void;
  /** The organiser's pages (keys, known hosts…), each opened as a tab. */
  pages: readonly PageDefinition[];
  /** The page whose tab shows now. */
  activePage: string | undefined;
  /** `focus`: what the page shows first (the Known hosts page: `profile:<id>`, that host's keys). */
  onOpenPage(id: string, focus?: string): void;
  tunnels: Tunnels;
  /** The Tunnels page, on one tunnel when named. */
  onOpenTunnels(name?: string): void;
  onError(message: string, code?: string): void;
}

export const SEARCH_SHORTCUT = 'Mod+Shift+S';

export function Sidebar({
  profiles,
  loadError,
  connectedIds,
  searchRef,
  onNewHost,
  onImportHosts,
  onOpenHosts,
  onOpenFiles,
  onEditHost,
  onRemoveHost,
  configHosts,
  configError,
  onOpenConfigHosts,
  onOpenConfigFiles,
  onSaveConfigHost,
  sort,
  foldedGroups,
  onChangeView,
  pages,
  activePage,
  onOpenPage,
  tunnels,
  onOpenTunnels,
  onError,
}: SidebarProps) {
  const [query, setQuery] = useState('');
  const collapsed = useMemo(() => new Set(foldedGroups), [foldedGroups]);
  const rows = useMemo(() => hostRows(profiles ?? [], { query, sort, collapsed }, configHosts), [profiles, query, sort, collapsed, configHosts]);
  const hasHosts = profiles !== undefined && profiles.length > 0;
  const hasAny = hasHosts || configHosts.some((host) => !host.isJumpOnly);
  const setSort = (hostSort: HostSort): void => onChangeView({ hostSort });
  const toggleGroup = (group: string): void =>
    onChangeView({ foldedHostGroups: collapsed.has(group) ? foldedGroups.filter((name) => name !== group) : [...foldedGroups, group] });

  return (
    <nav className="sidebar" aria-label="Hosts and tunnels">
      <div className="sidebar__brand">
        <Logo />
        <span className="sidebar__product">Jumpgate</span>
      </div>

      <section className="sidebar__section sidebar__section--hosts" aria-labelledby="sidebar-hosts">
        <header className="sidebar__heading">
          <h2 id="sidebar-hosts">Hosts</h2>
          {hasHosts && <span className="sidebar__count">{profiles.length}</span>}
          {hasHosts && (
            <IconButton
              icon={sort === 'name' ? ArrowDownAZ : Clock}
              label={sort === 'name' ? 'Sorted by name: sort by last used' : 'Sorted by last used: sort by name'}
              className="sidebar__sort"
              onClick={() => setSort(sort === 'name' ? 'last-used' : 'name')}
            />
          )}
          <IconButton icon={FileInput} label="Import hosts…" className="sidebar__import" onClick={onImportHosts} />
          <Button variant="ghost" size="s" icon={Plus} aria-label="New host" title="New host" onClick={onNewHost} className="sidebar__add" />
        </header>
        {hasAny && (
          <label className="sidebar__search">
            <Search size={14} aria-hidden="true" />
            <input
              ref={searchRef}
              type="search"
              aria-label="Search hosts"
              placeholder={`Search hosts (${describeShortcut(SEARCH_SHORTCUT)})`}
              value={query}
              onChange={(event) => setQuery(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === 'Escape' && query !== '') {
                  event.preventDefault();
                  setQuery('');
                }
                // Down from the box goes into the list, to the first match.
                if (event.key === 'ArrowDown') {
                  event.preventDefault();
                  event.currentTarget.closest('section')?.querySelector<HTMLElement>('[role="treeitem"][tabindex="0"]')?.focus();
                }
              }}
            />
          </label>
        )}
        {loadError !== undefined ? (
          <p className="sidebar__note sidebar__note--error" role="alert">
            {loadError}
          </p>
        ) : profiles === undefined ? (
          <p className="sidebar__note">Loading…</p>
        ) : (
          <>
            {!hasHosts && (
              <p className="sidebar__note">
                No saved hosts yet.{' '}
                <button type="button" className="link-button" onClick={onNewHost}>
                  Add a host
                </button>{' '}
                to keep its address, jump hosts and key, or{' '}
                <button type="button" className="link-button" onClick={onImportHosts}>
                  import hosts
                </button>{' '}
                from ~/.ssh/config, PuTTY, MobaXterm or Tabby.
              </p>
            )}
            {rows.length === 0 ? (
              hasAny && (
                <p className="sidebar__note" role="status">
                  No host matches “{query}”.
                </p>
              )
            ) : (
              <HostList
                rows={rows}
                connectedIds={connectedIds}
                onOpen={onOpenHosts}
                onOpenFiles={onOpenFiles}
                onEdit={onEditHost}
                onRemove={onRemoveHost}
                onToggleGroup={toggleGroup}
                onOpenConfig={onOpenConfigHosts}
                onOpenConfigFiles={onOpenConfigFiles}
                onSaveConfig={onSaveConfigHost}
              />
            )}
            {configError !== undefined && (
              <p className="sidebar__note sidebar__note--error" role="alert" data-testid="config-error">
                ~/.ssh/config: {configError}
              </p>
            )}
          </>
        )}
      </section>

      {pages.length > 0 && (
        <section className="sidebar__section" aria-labelledby="sidebar-manage">
          <header className="sidebar__heading">
            <h2 id="sidebar-manage">Manage</h2>
          </header>
          <ul className="sidebar__pages">
            {pages.map((page) => (
              <li key={page.id}>
                <button
                  type="button"
                  className={`sidebar__page ${activePage === page.id ? 'sidebar__page--active' : ''}`}
                  aria-current={activePage === page.id ? 'page' : undefined}
                  onClick={() => onOpenPage(page.id)}
                >
                  <page.icon size={15} aria-hidden="true" />
                  <span>{page.title}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}

      <SidebarTunnels tunnels={tunnels} onOpen={onOpenTunnels} onError={onError} />
    </nav>
  );
}
