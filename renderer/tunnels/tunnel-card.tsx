import { Copy, Pencil, Play, Square, Trash2 } from 'lucide-react';
import type { ReactNode } from 'react';
import type { ConnectionProfile } from '../../shared/model';
import { forwardLabel } from '../../shared/model/forward-spec';
import { Button, IconButton } from '../ui/button';
import { bytesText, listeningText, reasonText, stateText, targetNoteText, targetText } from './tunnel-text';
import type { TunnelEntry } from './use-tunnels';

export interface TunnelCardProps {
  entry: TunnelEntry;
  hosts: readonly ConnectionProfile[] | undefined;
  now: number;
  isBusy: boolean;
  isFocused: boolean;
  onStart(): void;
  onStop(): void;
  onEdit(): void;
  onDuplicate(): void;
  onRemove(): void;
  onAutoStart(isOn: boolean): void;
}

/** One saved tunnel: its state and why, where it connects, and each forward's listener and counters. */
export function TunnelCard({ entry, hosts, now, isBusy, isFocused, onStart, onStop, onEdit, onDuplicate, onRemove, onAutoStart }: TunnelCardProps) {
  const { profile, status, runningElsewhere } = entry;
  const isRunning = status.state !== 'stopped' && status.state !== 'failed';
  const reason = reasonText(status);
  const forwards = status.forwards.length === profile.forwards.length ? status.forwards : undefined;
  return (
    <article
      className={`tunnel-card ${isFocused ? 'tunnel-card--focused' : ''}`}
      id={`tunnel-${profile.name}`}
      aria-label={`Tunnel ${profile.name}`}
      data-testid="tunnel-card"
      data-state={status.state}
    >
      <header className="tunnel-card__header">
        <span className={`state-dot state-dot--${status.state}`} aria-hidden="true" />
        <div className="tunnel-card__titles">
          <h2 className="tunnel-card__name">{profile.name}</h2>
          <p className="tunnel-card__target">through {targetText(profile, hosts)}</p>
        </div>
        <p className="tunnel-card__state" role="status" data-testid="tunnel-state">
          {stateText(status, now - entry.receivedAt)}
          {runningElsewhere !== undefined && <span className="tunnel-card__elsewhere"> · run by jumpgate tunnel up, pid {runningElsewhere.pid}</span>}
        </p>
        <div className="tunnel-card__actions">
          <label className="tunnel-card__auto">
            <input type="checkbox" checked={profile.autoStart} onChange={(event) => onAutoStart(event.target.checked)} />
            Start with Jumpgate
          </label>
          {isRunning ? (
            <Button size="s" icon={Square} disabled={isBusy} onClick={onStop}>
              Stop
            </Button>
          ) : (
            <Button size="s" variant="primary" icon={Play} disabled={isBusy} onClick={onStart}>
              Start
            </Button>
          )}
          <IconButton icon={Pencil} label={`Edit ${profile.name}`} onClick={onEdit} />
          <IconButton icon={Copy} label={`Duplicate ${profile.name}`} onClick={onDuplicate} />
          <IconButton icon={Trash2} label={`Remove ${profile.name}`} onClick={onRemove} />
        </div>
      </header>
      {reason !== undefined && (
        <p className={`tunnel-card__reason tunnel-card__reason--${status.state}`} data-testid="tunnel-reason">
          {reason}
        </p>
      )}
      <table className="tunnel-card__forwards">
        <ForwardsHead last="Last error" />
        <tbody>
          {profile.forwards.map((spec, index) => {
            // Live statuses while it runs (in the order saved); the saved forwards alone when stopped.
            const live = forwards?.[index];
            const targetNote = live === undefined ? undefined : targetNoteText(live);
            return (
              <tr key={index} data-testid="forward-status" data-target-answering={live?.isTargetAnswering}>
                <td className="mono">{live?.label ?? forwardLabel(spec)}</td>
                <td className="mono">
                  {live === undefined ? '—' : live.state === 'failed' ? 'failed' : listeningText(live)}
                  {targetNote !== undefined && <span className="tunnel-card__unanswered"> · {targetNote}</span>}
                </td>
                <td>{live === undefined ? '—' : `${live.activeConnections} open · ${live.totalConnections} in all`}</td>
                <td>{live === undefined ? '—' : bytesText(live.bytesFromClient)}</td>
                <td>{live === undefined ? '—' : bytesText(live.bytesToClient)}</td>
                <td className="tunnel-card__error">{live?.lastError?.message ?? ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </article>
  );
}

/** The columns of a table of forwards, the saved tunnels' and the terminal tabs' alike. */
export function ForwardsHead({ last }: { last: ReactNode }) {
  return (
    <thead>
      <tr>
        <th scope="col">Forward</th>
        <th scope="col">Listening on</th>
        <th scope="col">Connections</th>
        <th scope="col">Sent</th>
        <th scope="col">Received</th>
        <th scope="col">{last}</th>
      </tr>
    </thead>
  );
}
