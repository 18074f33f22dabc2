import { CircleAlert, LogOut, RotateCw } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Button } from '../ui/button';
import { ErrorHintLine } from '../ui/error-hint';
import { describeEnd } from './session-text';
import type { SessionStatus } from './terminal-sessions';

export interface SessionEndedProps {
  status: SessionStatus;
  onReconnect(): void;
  /** Stops main's automatic retries (shown only while one is pending). */
  onStopRetrying(): void;
  /** After a changed host key: the deliberate removal of the old one (offered only where it can be done). */
  onForgetHostKey?(): void;
  onClose(): void;
}

/** Shown at the bottom of a closed pane: why, and Reconnect (same pane, scrollback kept), or when main retries by itself. */
export function SessionEnded({ status, onReconnect, onStopRetrying, onForgetHostKey, onClose }: SessionEndedProps) {
  const end = describeEnd(status);
  const Icon = end.isError ? CircleAlert : LogOut;
  const secondsLeft = useSecondsUntil(status.reconnectAt);
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
          {secondsLeft !== undefined && <span data-testid="auto-reconnect">Reconnecting by itself in {secondsLeft} s</span>}
        </div>
        {/* In words only: Reconnect and "Remove the old key…" below are the controls that do it. */}
        <ErrorHintLine hint={status.error?.hint} className="session-ended__hint" />
        {status.error?.code === 'HOST_KEY_CHANGED' && (
          <>
            <ChangedKey details={status.error.details} />
            {onForgetHostKey !== undefined && hasKnownEntries(status.error.details) && (
              <Button variant="ghost" size="s" className="session-ended__forget" onClick={onForgetHostKey}>
                Remove the old key…
              </Button>
            )}
          </>
        )}
      </div>
      {secondsLeft !== undefined ? (
        <Button variant="ghost" size="s" onClick={onStopRetrying}>
          Stop retrying
        </Button>
      ) : (
        <Button variant="ghost" size="s" onClick={onClose}>
          Close
        </Button>
      )}
      <Button variant="primary" size="s" icon={RotateCw} onClick={onReconnect}>
        {secondsLeft !== undefined ? 'Reconnect now' : 'Reconnect'}
      </Button>
    </div>
  );
}

/** Whole seconds until `at`, ticking; undefined when there is nothing to wait for. */
function useSecondsUntil(at: number | undefined): number | undefined {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at === undefined) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [at]);
  return at === undefined ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

interface KnownEntry {
  file: string;
  line: number;
  keyType: string;
  fingerprint: string;
}

/**
 * A changed host key, side by side with what known_hosts holds. There is deliberately no way to
 * accept it here: removing the old entry is a separate, deliberate act.
 */
/** Removal is offered only for a conflict with saved lines; a key changed while connected (at a rekey) has none, and the saved one is the genuine key. */
function hasKnownEntries(details: unknown): boolean {
  const known = (details as { knownEntries?: unknown } | undefined)?.knownEntries;
  return Array.isArray(known) && known.length > 0;
}

function ChangedKey({ details }: { details: unknown }) {
  const offered = details as { keyType?: string; fingerprint?: string; knownEntries?: KnownEntry[] } | undefined;
  if (offered?.fingerprint === undefined) return null;
  return (
    <dl className="session-ended__keys" data-testid="changed-key">
      <dt>Offered now</dt>
      <dd className="mono">
        {offered.keyType} {offered.fingerprint}
      </dd>
      {(offered.knownEntries ?? []).map((entry) => (
        <div key={`${entry.file}:${entry.line}`} className="session-ended__known">
          <dt>
            Known ({entry.file}:{entry.line})
          </dt>
          <dd className="mono">
            {entry.keyType} {entry.fingerprint}
          </dd>
        </div>
      ))}
    </dl>
  );
}
