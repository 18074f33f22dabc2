import type { Result } from '../../shared/base/result';
import { toResult } from './result-envelope';
import type { LinkStatus, Transport, Unsubscribe } from './transport';

/** What the preload exposes as `window.jumpgate`: the contract's calls and events, and the path of a dropped file. */
export interface PreloadBridge {
  invoke(method: string, input: unknown): Promise<Result<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
  /** Where a file dropped from the desktop lives (Electron's webUtils.getPathForFile); '' for one that is not on disk. */
  pathForFile?(file: File): string;
}

const OPEN: LinkStatus = { state: 'open' };

/** The app's transport: Electron IPC through the preload. It is never down while the window lives. */
export function createElectronTransport(bridge: PreloadBridge): Transport {
  return {
    async invoke(method, input) {
      return toResult(await bridge.invoke(method, input), method);
    },
    subscribe(event, listener): Unsubscribe {
      return bridge.on(event, listener);
    },
    status: OPEN,
    onStatus: () => () => {},
  };
}
