import { type Disposable, DisposableStore } from '../../shared/base/disposable';
import type { PaneForwards } from '../forward/pane-forwards';
import type { TerminalManager } from '../terminal/terminal-manager';

/**
 * Pane forwards follow their terminal: they listen on its connection once it is connected, stop
 * when it drops (and come back when it reconnects), and go when it is closed for good.
 */
export function followTerminals(terminals: TerminalManager, forwards: PaneForwards): Disposable {
  const subscriptions = new DisposableStore();
  subscriptions.add(
    terminals.onDidChangeState(({ sessionId, state }) => {
      if (state === 'closed') return forwards.disconnected(sessionId);
      const connection = state === 'connected' ? terminals.connectionOf(sessionId) : undefined;
      const title = terminals.describe(sessionId)?.title;
      if (connection !== undefined && title !== undefined) forwards.connected(sessionId, title, connection);
    }),
  );
  subscriptions.add(terminals.onDidForget((sessionId) => forwards.forget(sessionId)));
  return subscriptions;
}
