import { ArrowUpRight, Play, Square, Waypoints } from 'lucide-react';
import { IconButton } from '../../ui/button';
import { stateText } from '../../tunnels/tunnel-text';
import type { Tunnels } from '../../tunnels/use-tunnels';

export interface SidebarTunnelsProps {
  tunnels: Tunnels;
  /** Opens the Tunnels page, on one tunnel when named. */
  onOpen(name?: string): void;
  onError(message: string, code?: string): void;
}

/** The sidebar's Tunnels section: each saved tunnel with a state dot and start/stop; a click opens the Tunnels page. */
export function SidebarTunnels({ tunnels, onOpen, onError }: SidebarTunnelsProps) {
  const entries = tunnels.entries ?? [];
  const act = async (call: Promise<{ ok: boolean; error?: { message: string; code: string } }>): Promise<void> => {
    const result = await call;
    if (!result.ok && result.error !== undefined) onError(result.error.message, result.error.code);
  };
  return (
    <section className="sidebar__section" aria-labelledby="sidebar-tunnels">
      <header className="sidebar__heading">
        <h2 id="sidebar-tunnels">Tunnels</h2>
        {entries.length > 0 && <span className="sidebar__count">{entries.length}</span>}
        <IconButton icon={ArrowUpRight} label="Open the Tunnels page" className="sidebar__add" onClick={() => onOpen()} />
      </header>
      {tunnels.entries !== undefined && entries.length === 0 ? (
        <div className="sidebar__empty-tunnels">
          <Waypoints size={16} aria-hidden="true" />
          <p>
            No saved tunnels.{' '}
            <button type="button" className="link-button" onClick={() => onOpen()}>
              Create one
            </button>{' '}
            to keep port forwards up.
          </p>
        </div>
      ) : (
        <ul className="sidebar__tunnels">
          {entries.map(({ profile, status, runningElsewhere }) => {
            const isRunning = status.state !== 'stopped' && status.state !== 'failed';
            const state = `${stateText(status)}${runningElsewhere !== undefined ? ` (jumpgate tunnel up, pid ${runningElsewhere.pid})` : ''}`;
            return (
              <li key={profile.name} className="sidebar__tunnel" data-testid="sidebar-tunnel" data-state={status.state}>
                <button type="button" className="sidebar__tunnel-open" title={`${profile.name}: ${state}`} onClick={() => onOpen(profile.name)}>
                  <span className={`state-dot state-dot--${status.state}`} aria-hidden="true" />
                  <span className="sidebar__tunnel-name">{profile.name}</span>
                  <span className="visually-hidden">{state}</span>
                </button>
                {isRunning ? (
                  <IconButton icon={Square} label={`Stop ${profile.name}`} onClick={() => void act(tunnels.stop(profile.name))} />
                ) : (
                  <IconButton icon={Play} label={`Start ${profile.name}`} onClick={() => void act(tunnels.start(profile.name))} />
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
