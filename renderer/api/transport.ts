import type { Result } from '../../shared/base/result';
import type { CancelSignal, Unsubscribe } from '../../shared/ipc/define';

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
 * WebSocket, in shared/ipc's frames. It carries raw method names and payloads; typing and
 * validation live above it.
 */
export interface Transport {
  /** Aborting `signal` sends a cancel frame and answers CALL_CANCELLED at once. */
  invoke(method: string, input: unknown, signal?: CancelSignal): Promise<Result<unknown>>;
  subscribe(event: string, listener: (payload: unknown) => void): Unsubscribe;
  readonly status: LinkStatus;
  onStatus(listener: (status: LinkStatus) => void): Unsubscribe;
}
