import type { Result } from '../../shared/base/result';
import { type Backoff, backoffDelay } from '../../shared/base/backoff';
import { BRIDGE_CLOSE, callFrame, cancelFrame, parseJson, parseToWindow } from '../../shared/ipc';
import { cancellableCall } from './cancellable-call';
import { failure, toResult } from './result-envelope';
import type { LinkStatus, Transport, Unsubscribe } from './transport';

/** The bridge's close code for a token it did not issue (main/bridge/bridge-server.ts). */
export const TOKEN_REJECTED = BRIDGE_CLOSE.tokenRejected;
/** The bridge's close code for a window id another open page holds: take a new one and connect again at once. */
export const WINDOW_TAKEN = BRIDGE_CLOSE.windowTaken;

/** The part of a browser WebSocket this transport uses, so tests can hand in a fake. */
export interface SocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: (() => void) | null;
  onclose: ((event: { code: number }) => void) | null;
  onerror: (() => void) | null;
  onmessage: ((message: { data: unknown }) => void) | null;
}

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export interface WebSocketTransportOptions {
  url: string;
  /** The bridge said another open page holds this window id (a duplicated tab): the address to use instead. */
  onWindowTaken?: () => string;
  createSocket: (url: string) => SocketLike;
  timers?: Timers;
  backoff?: Backoff;
  random?: () => number;
  /** Told of each frame from main that is refused, and why (console.warn unless a test listens). */
  log?: (line: string) => void;
}

export interface WebSocketTransport extends Transport {
  /** Skips the wait before the next reconnect attempt. */
  retryNow(): void;
  dispose(): void;
}

interface PendingCall {
  method: string;
  resolve(result: Result<unknown>): void;
}

/** A dropped link is tried again after 250 ms, then twice as long each time, up to every 10 s. */
export const DEFAULT_BACKOFF: Backoff = { initialDelayMs: 250, maxDelayMs: 10_000, multiplier: 2, jitter: 0.2 };

const defaultTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
  now: () => Date.now(),
};

/**
 * The browser bridge's transport: JSON frames over one WebSocket. Calls made while an attempt
 * to connect is under way wait for it; calls made while the link is down, or still unanswered
 * when it drops, answer CONNECTION_LOST. A dropped link is retried with exponential backoff.
 */
export function createWebSocketTransport(options: WebSocketTransportOptions): WebSocketTransport {
  const timers = options.timers ?? defaultTimers;
  const log = options.log ?? ((line: string) => console.warn(line));
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const statusListeners = new Set<(status: LinkStatus) => void>();
  const pending = new Map<number, PendingCall>();
  const queued: Array<{ id: number; frame: string }> = [];
  let status: LinkStatus = { state: 'connecting' };
  let socket: SocketLike | undefined;
  let retryTimer: unknown;
  let attempt = 0;
  let nextId = 1;
  let isDisposed = false;
  let url = options.url;

  const setStatus = (next: LinkStatus): void => {
    status = next;
    for (const listener of [...statusListeners]) listener(next);
  };

  const connect = (): void => {
    retryTimer = undefined;
    setStatus({ state: 'connecting' });
    const current = options.createSocket(url);
    socket = current;
    current.onopen = () => {
      if (socket !== current) return;
      attempt = 0;
      setStatus({ state: 'open' });
      for (const { frame } of queued.splice(0)) current.send(frame);
    };
    current.onmessage = (message) => {
      if (socket === current) receive(message.data);
    };
    current.onerror = () => {};
    current.onclose = (event) => {
      if (socket !== current) return;
      if (event?.code === WINDOW_TAKEN && options.onWindowTaken !== undefined && !isDisposed) {
        url = options.onWindowTaken();
        dropped();
        timers.clearTimeout(retryTimer);
        return connect();
      }
      dropped(event?.code === TOKEN_REJECTED);
    };
  };

  const dropped = (isRejected = false): void => {
    socket = undefined;
    const unsent = new Set(queued.splice(0).map((call) => call.id));
    for (const [id, call] of [...pending]) {
      pending.delete(id);
      call.resolve(lostWhile(call.method, unsent.has(id)));
    }
    if (isDisposed) return;
    if (isRejected) return setStatus({ state: 'rejected' });
    const delay = backoffDelay(++attempt, backoff, options.random);
    retryTimer = timers.setTimeout(connect, delay);
    setStatus({ state: 'closed', retryAt: timers.now() + delay });
  };

  const receive = (data: unknown): void => {
    const json = parseJson(data);
    const parsed = json.ok ? parseToWindow(json.value) : json;
    if (!parsed.ok) return log(`Dropped a frame from the bridge: ${parsed.reason}.`);
    const frame = parsed.frame;
    if (frame.type === 'result') {
      // Not pending: answered already, or cancelled (its late answer is dropped).
      const call = pending.get(frame.id);
      if (call === undefined) return;
      pending.delete(frame.id);
      call.resolve(toResult(frame.result, call.method));
    } else if (frame.type === 'event') {
      for (const listener of [...(listeners.get(frame.name) ?? [])]) listener(frame.payload);
    }
  };

  /** A queued call is simply not sent; one already sent is cancelled in main too. */
  const cancel = (id: number): void => {
    pending.delete(id);
    const index = queued.findIndex((call) => call.id === id);
    if (index >= 0) queued.splice(index, 1);
    else if (status.state === 'open' && socket !== undefined) socket.send(JSON.stringify(cancelFrame(id)));
  };

  connect();

  return {
    get status() {
      return status;
    },
    invoke(method, input, signal) {
      if (isDisposed || status.state === 'closed' || status.state === 'rejected') return Promise.resolve(lostWhile(method, true));
      const id = nextId++;
      const send = () =>
        new Promise<Result<unknown>>((resolve) => {
          const frame = JSON.stringify(callFrame(id, method, input));
          pending.set(id, { method, resolve });
          if (status.state === 'open' && socket !== undefined) socket.send(frame);
          else queued.push({ id, frame });
        });
      return cancellableCall(method, signal, send, () => cancel(id));
    },
    subscribe(event, listener): Unsubscribe {
      let set = listeners.get(event);
      if (set === undefined) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    retryNow() {
      if (isDisposed || status.state !== 'closed') return;
      timers.clearTimeout(retryTimer);
      connect();
    },
    dispose() {
      if (isDisposed) return;
      isDisposed = true;
      if (retryTimer !== undefined) timers.clearTimeout(retryTimer);
      const current = socket;
      if (current !== undefined) {
        dropped();
        current.close(1000, 'window closed');
      }
      statusListeners.clear();
      listeners.clear();
    },
  };
}

function lostWhile(method: string, isDown = false): Result<never> {
  return failure(
    'CONNECTION_LOST',
    isDown
      ? 'This window is not connected to Jumpgate right now, so nothing was sent. It reconnects by itself; try again in a moment.'
      : 'The link to Jumpgate dropped before it answered, so this may or may not have happened. It reconnects by itself; check and try again in a moment.',
    method,
  );
}
