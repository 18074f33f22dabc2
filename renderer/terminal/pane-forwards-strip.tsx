import { ExternalLink, Radio, X } from 'lucide-react';
import type { PaneForward } from '../../shared/model/pane-forward';
import type { SessionId } from '../../shared/ipc';
import { useClient } from '../app/hooks/client-context';
import { Button, IconButton } from '../ui/button';
import { openLocalPort, type PaneForwardsState } from './use-pane-forwards';

/** At most this many offers show at once; the newest ports come last. */
const MAX_OFFERS = 3;

function chipText(forward: PaneForward): string {
  const host = forward.remoteHost === 'localhost' ? '' : forward.remoteHost.includes(':') ? `[${forward.remoteHost}]` : forward.remoteHost;
  return `localhost:${forward.localPort} → ${host}:${forward.remotePort}`;
}

function chipTitle(forward: PaneForward): string {
  if (forward.state === 'failed') return forward.error?.message ?? 'This forward could not listen again.';
  if (forward.state === 'waiting') return 'Waiting for the terminal to reconnect.';
  const status = forward.status;
  return status ? `${status.activeConnections} open, ${status.totalConnections} in all` : 'Listening';
}

/**
 * Under a pane's bar: its forwards (each with open-in-browser and stop) and the ports its server
 * started listening on, each forwarded with one click (and opened in the browser when it speaks HTTP).
 */
export function PaneForwardsStrip({
  sessionId,
  state,
  onError,
}: {
  sessionId: SessionId;
  state: PaneForwardsState | undefined;
  onError(message: string, code?: string): void;
}) {
  const { api } = useClient();
  const forwards = state?.forwards ?? [];
  const offers = (state?.detected ?? []).slice(-MAX_OFFERS);
  if (forwards.length === 0 && offers.length === 0) return null;

  const forwardDetected = async (port: number, remoteHost: string): Promise<void> => {
    const result = await api['terminal.forwards.open']({ sessionId, remoteHost, remotePort: port, isDetected: true });
    if (!result.ok) return onError(result.error.message, result.error.code);
    if (result.value.isHttp) openLocalPort(result.value.localPort);
  };
  const stop = (forward: PaneForward): void => {
    void api['terminal.forwards.close']({ sessionId, id: forward.id }).then((result) => !result.ok && onError(result.error.message, result.error.code));
  };

  return (
    <div className="pane-forwards" data-testid="pane-forwards">
      {forwards.map((forward) => (
        <span
          key={forward.id}
          className={`pane-forwards__chip pane-forwards__chip--${forward.state}`}
          data-testid="pane-forward"
          data-local-port={forward.localPort}
          title={chipTitle(forward)}
        >
          <span className="mono">{chipText(forward)}</span>
          {forward.state === 'waiting' && <span className="pane-forwards__note">waiting</span>}
          {forward.state === 'failed' && <span className="pane-forwards__note">not listening</span>}
          <IconButton
            icon={ExternalLink}
            label={`Open localhost:${forward.localPort} in the browser`}
            disabled={forward.state !== 'listening'}
            onClick={() => openLocalPort(forward.localPort)}
          />
          <IconButton icon={X} label={`Stop forwarding localhost:${forward.localPort}`} onClick={() => stop(forward)} />
        </span>
      ))}
      {offers.map((offer) => (
        <span key={offer.port} className="pane-forwards__offer" data-testid="port-offer" data-port={offer.port}>
          <Radio size={13} aria-hidden="true" />
          <span>
            Port <span className="mono">{offer.port}</span> is listening on the server.
          </span>
          <Button size="s" variant="ghost" onClick={() => void forwardDetected(offer.port, offer.remoteHost)}>
            Forward it
          </Button>
        </span>
      ))}
    </div>
  );
}
