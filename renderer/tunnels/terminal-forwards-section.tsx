import { Square, SquareTerminal } from 'lucide-react';
import { useCallback, useState } from 'react';
import type { PaneForwards } from '../../shared/model/pane-forward';
import { useClient, useEvent, useOnLinkOpen } from '../app/hooks/client-context';
import { Button } from '../ui/button';
import { paneForwardLabel, paneForwardStateText, withTerminalForwards } from './terminal-forwards';
import { ForwardsHead } from './tunnel-card';
import { bytesText } from './tunnel-text';

/** Every terminal's forwards, kept current by main's events. */
function useTerminalForwards(): readonly PaneForwards[] {
  const { api } = useClient();
  const [terminals, setTerminals] = useState<readonly PaneForwards[]>([]);
  const load = useCallback(() => {
    void api['terminal.forwards.list']({}).then((result) => {
      if (result.ok) setTerminals(result.value.filter((terminal) => terminal.forwards.length > 0));
    });
  }, [api]);
  useOnLinkOpen(load);
  useEvent('terminal.forwards', (news) => setTerminals((current) => withTerminalForwards(current, news)));
  return terminals;
}

/** Forwards opened from terminal tabs ("Forward a port…", or a port the server opened), each under its tab, with Stop. */
export function TerminalForwardsSection({ onError }: { onError(message: string, code?: string): void }) {
  const { api } = useClient();
  const terminals = useTerminalForwards();
  if (terminals.length === 0) return null;
  const stop = (sessionId: string, id: PaneForwards['forwards'][number]['id']): void => {
    void api['terminal.forwards.close']({ sessionId, id }).then((result) => !result.ok && onError(result.error.message, result.error.code));
  };
  return (
    <section className="terminal-forwards" aria-label="From terminal tabs" data-testid="terminal-forwards">
      <h2 className="terminal-forwards__title">From terminal tabs</h2>
      {terminals.map((terminal) => (
        <article key={terminal.sessionId} className="tunnel-card" aria-label={`Forwards of ${terminal.title}`} data-testid="terminal-forwards-tab">
          <header className="tunnel-card__header">
            <SquareTerminal size={15} aria-hidden="true" />
            <div className="tunnel-card__titles">
              <h3 className="tunnel-card__name">{terminal.title}</h3>
              <p className="tunnel-card__target">on the terminal tab&apos;s connection; closing the tab ends them</p>
            </div>
          </header>
          <table className="tunnel-card__forwards">
            <ForwardsHead last={<span className="visually-hidden">Actions</span>} />
            <tbody>
              {terminal.forwards.map((forward) => (
                <tr key={forward.id} data-testid="terminal-forward" data-state={forward.state}>
                  <td className="mono">{paneForwardLabel(forward)}</td>
                  <td className={forward.state === 'listening' ? 'mono' : 'tunnel-card__error'}>{paneForwardStateText(forward)}</td>
                  <td>{forward.status === undefined ? '—' : `${forward.status.activeConnections} open · ${forward.status.totalConnections} in all`}</td>
                  <td>{forward.status === undefined ? '—' : bytesText(forward.status.bytesFromClient)}</td>
                  <td>{forward.status === undefined ? '—' : bytesText(forward.status.bytesToClient)}</td>
                  <td className="terminal-forwards__actions">
                    <Button
                      size="s"
                      icon={Square}
                      aria-label={`Stop forwarding localhost:${forward.localPort}`}
                      onClick={() => stop(terminal.sessionId, forward.id)}
                    >
                      Stop
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </article>
      ))}
    </section>
  );
}
