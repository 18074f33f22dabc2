import { Plus, Waypoints } from 'lucide-react';
import type { ConnectionProfile } from '../../../shared/model';
import { Button } from '../../ui/button';
import { HostList } from './host-list';
import { Logo } from './logo';
import './sidebar.css';

export interface SidebarProps {
  profiles: readonly ConnectionProfile[] | undefined;
  loadError: string | undefined;
  onNewHost(): void;
  onOpenHost(profile: ConnectionProfile): void;
  /** The host's files, in a files tab. */
  onOpenFiles(profile: ConnectionProfile): void;
  onEditHost(profile: ConnectionProfile): void;
  onRemoveHost(profile: ConnectionProfile): void;
}

export function Sidebar({ profiles, loadError, onNewHost, onOpenHost, onOpenFiles, onEditHost, onRemoveHost }: SidebarProps) {
  return (
    <nav className="sidebar" aria-label="Hosts and tunnels">
      <div className="sidebar__brand">
        <Logo />
        <span className="sidebar__product">Jumpgate</span>
      </div>

      <section className="sidebar__section" aria-labelledby="sidebar-hosts">
        <header className="sidebar__heading">
          <h2 id="sidebar-hosts">Hosts</h2>
          {profiles !== undefined && profiles.length > 0 && <span className="sidebar__count">{profiles.length}</span>}
          <Button variant="ghost" size="s" icon={Plus} aria-label="New host" title="New host" onClick={onNewHost} className="sidebar__add" />
        </header>
        {loadError !== undefined ? (
          <p className="sidebar__note sidebar__note--error" role="alert">
            {loadError}
          </p>
        ) : profiles === undefined ? (
          <p className="sidebar__note">Loading…</p>
        ) : profiles.length === 0 ? (
          <p className="sidebar__note">
            No saved hosts yet.{' '}
            <button type="button" className="link-button" onClick={onNewHost}>
              Add a host
            </button>{' '}
            to keep its address, jump hosts and key.
          </p>
        ) : (
          <HostList profiles={profiles} onOpen={onOpenHost} onOpenFiles={onOpenFiles} onEdit={onEditHost} onRemove={onRemoveHost} />
        )}
      </section>

      <section className="sidebar__section" aria-labelledby="sidebar-tunnels">
        <header className="sidebar__heading">
          <h2 id="sidebar-tunnels">Tunnels</h2>
        </header>
        <div className="sidebar__empty-tunnels">
          <Waypoints size={16} aria-hidden="true" />
          <p>
            Saved tunnels appear here. Create one with <code>jumpgate tunnel add</code>.
          </p>
        </div>
      </section>
    </nav>
  );
}
