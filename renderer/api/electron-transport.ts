import { cancellableCall } from './cancellable-call';
import { resultOfFrame } from './result-envelope';
import type { LinkStatus, Transport, Unsubscribe } from './transport';

/** What the preload exposes as `window.jumpgate`: the contract's calls and events, and the path of a dropped file. */
export interface PreloadBridge {
  /** Answers a result frame (shared/ipc) for call `id`, the window's own number for it. */
  invoke(method: string, input: unknown, id?: number): Promise<unknown>;
  /** Tells main the window gave up on call `id`. */
  cancel?(id: number): void;
  on(event: string, listener: (payload: unknown) => void): () => void;
  /** Where a file dropped from the desktop lives (Electron's webUtils.getPathForFile); '' for one that is not on disk. */
  pathForFile?(file: File): string;
}

const OPEN: LinkStatus = { state: 'open' };

/** The app's transport: Electron IPC through the preload. It is never down while the window lives. */
export function createElectronTransport(bridge: PreloadBridge): Transport {
  let nextId = 1;
  return {
    invoke(method, input, signal) {
      const id = nextId++;
      return cancellableCall(
        method,
        signal,
        async () => resultOfFrame(await bridge.invoke(method, input, id), method),
        () => bridge.cancel?.(id),
      );
    },
    subscribe(event, listener): Unsubscribe {
      return bridge.on(event, listener);
    },
    status: OPEN,
    onStatus: () => () => {},
  };
}
