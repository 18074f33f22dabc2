import { forwardLabel } from '../../shared/model/forward-spec';
import type { PaneForward, PaneForwards } from '../../shared/model/pane-forward';
import { listeningText } from './tunnel-text';

/** The terminals that have forwards, with one terminal's news put in (a closed one's empty lists take it out). */
export function withTerminalForwards(terminals: readonly PaneForwards[], news: PaneForwards): PaneForwards[] {
  const others = terminals.filter((terminal) => terminal.sessionId !== news.sessionId);
  if (news.forwards.length === 0) return others;
  const at = terminals.findIndex((terminal) => terminal.sessionId === news.sessionId);
  return at === -1 ? [...others, news] : terminals.map((terminal) => (terminal.sessionId === news.sessionId ? news : terminal));
}

/** A terminal's forward in words, as a tunnel's: `localhost:8080 → localhost:80 (local)`. */
export function paneForwardLabel(forward: PaneForward): string {
  return forwardLabel({ kind: 'local', bindPort: forward.localPort, target: { host: forward.remoteHost, port: forward.remotePort } });
}

/** Where it listens now, or why it does not. */
export function paneForwardStateText(forward: PaneForward): string {
  if (forward.state === 'waiting') return 'waiting for the terminal to reconnect';
  if (forward.state === 'failed') return `not listening${forward.error !== undefined ? `: ${forward.error.message}` : ''}`;
  return forward.status?.state === 'listening' ? listeningText(forward.status) : `127.0.0.1:${forward.localPort}`;
}
