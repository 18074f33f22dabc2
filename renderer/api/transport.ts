import type { Result } from '../../shared/base/result';
import type { Unsubscribe } from '../../shared/ipc/define';

export type { Unsubscribe };

/**
 * Whether the transport can reach main right now. Electron's IPC is always 'open'. 'rejected':
 * the server refused this page's token (it restarted), so retrying cannot help.
 */
export type LinkState = 'connecting' | 'open' | 'closed' | 'rejected';

export interface LinkStatus {
  readonly state: LinkState;
  /** When the next reconnect attempt is due (ms since epoch), while 'closed'. */
  readonly retryAt?: number;
}

/**
 * How the renderer reaches main: Electron IPC through the preload, or the browser bridge's
 * WebSocket. It carries raw method names and payloads; typing and validation live above it.
 */
export interface Transport {
  invoke(method: string, input: unknown): Promise<Result<unknown>>;
  subscribe(event: string, listener: (payload: unknown) => void): Unsubscribe;
  readonly status: LinkStatus;
  onStatus(listener: (status: LinkStatus) => void): Unsubscribe;
}
