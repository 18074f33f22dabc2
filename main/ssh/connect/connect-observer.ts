export type ConnectStep = 'tcp' | 'proxy' | 'banner' | 'kex' | 'host-key' | 'auth' | 'ready';

export interface ConnectProgress {
  hop: string;
  step: ConnectStep;
  /** Milliseconds since this hop started. */
  elapsedMs: number;
}

export interface ConnectNotice {
  hop: string;
  kind: 'banner' | 'warning' | 'info';
  text: string;
  /** Text that came from the server: show it as such, labelled with the hop, never as our own words. */
  isUntrusted: boolean;
}

/** Receives what a connection attempt reports as it goes. Both callbacks are optional. */
export interface ConnectObserver {
  onProgress?(progress: ConnectProgress): void;
  onNotice?(notice: ConnectNotice): void;
}
