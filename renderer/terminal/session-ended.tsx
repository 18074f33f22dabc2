import { CircleAlert, LogOut, RotateCw } from 'lucide-react';
import { Button } from '../ui/button';
import type { SessionStatus } from './terminal-sessions';

/** The sentence for why a session ended: the coded error and its hop, or the shell's exit. */
export function describeEnd(status: Pick<SessionStatus, 'error' | 'exit'>): { headline: string; detail?: string; code?: string; hop?: string; isError: boolean } {
  if (status.error) return { headline: status.error.message, code: status.error.code, hop: status.error.hop, isError: true };
  const exit = status.exit;
  if (exit?.signal !== undefined) return { headline: `The shell was ended by signal ${exit.signal}.`, isError: true };
  if (exit?.code !== undefined && exit.code !== 0) return { headline: `The shell exited with status ${exit.code}.`, isError: true };
  return { headline: 'The session ended.', detail: 'The shell exited normally.', isError: false };
}

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
