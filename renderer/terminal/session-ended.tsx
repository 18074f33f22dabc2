import { CircleAlert, LogOut, RotateCw } from 'lucide-react';
import { Button } from '../ui/button';
import { describeEnd } from './session-text';
import type { SessionStatus } from './terminal-sessions';

/** Shown at the bottom of a closed tab: why, and Reconnect (same tab, scrollback kept). */
export function SessionEnded({ status, onReconnect, onClose }: { status: SessionStatus; onReconnect(): void; onClose(): void }) {
  const end = describeEnd(status);
  const Icon = end.isError ? CircleAlert : LogOut;
  return (
    <div className={`session-ended ${end.isError ? 'session-ended--error' : ''}`} role="alert" data-testid="session-ended">
      <Icon size={18} className="session-ended__icon" aria-hidden="true" />
      <div className="session-ended__text">
        <div className="session-ended__headline">{end.headline}</div>
        <div className="session-ended__meta">
          {end.hop !== undefined && (
            <span>
              on <span className="mono">{end.hop}</span>
            </span>
          )}
          {end.code !== undefined && <span className="session-ended__code mono">{end.code}</span>}
          {end.detail !== undefined && <span>{end.detail}</span>}
        </div>
      </div>
      <Button variant="ghost" size="s" onClick={onClose}>
        Close tab
      </Button>
      <Button variant="primary" size="s" icon={RotateCw} onClick={onReconnect}>
        Reconnect
      </Button>
    </div>
  );
}
